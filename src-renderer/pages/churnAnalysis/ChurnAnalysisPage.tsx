import { useEffect, useMemo, useState } from 'react';
import { churnAucBarsOption, churnDirectionText } from '../../../src-shared/charts/churnAucBars';
import { type ChurnAnalysis, type ChurnMetricRow, DEFAULT_HORIZON_DAYS } from '../../../src-shared/contract/analysis';
import type { HealthWeights } from '../../../src-shared/contract/health';
import { Button } from '../../components/Button';
import { type Column, DataTable } from '../../components/DataTable';
import { EmptyState } from '../../components/EmptyState';
import { plainError } from '../../components/errors';
import { Loading } from '../../components/Loading';
import { Notice } from '../../components/Notice';
import { toast } from '../../components/Toast';
import { bridge } from '../../lib/bridge';
import { useCoreData } from '../../lib/useCoreData';
import { Chart } from '../account/Chart';
// zod-free copies of the component ids and labels (contract/health.ts carries zod schemas)
import { componentIds as healthComponentIds, componentLabels as healthComponentLabels } from '../settings/health/model';
import './churnAnalysis.css';

const horizons = [30, 60, 90] as const;
const auc = (v: number | null | undefined) => (v === null || v === undefined ? '—' : v.toFixed(2));
const signed = (v: number | null) => (v === null ? '—' : `${v >= 0 ? '+' : '−'}${Math.abs(v).toFixed(2)}`);
const directionWords: Record<ChurnMetricRow['direction'], string> = {
  'lower-means-churn': 'Lower means churn',
  'higher-means-churn': 'Higher means churn',
  none: 'No direction',
};

function WeightsList({ weights }: { weights: HealthWeights }) {
  return (
    <dl className="churn-weights">
      {healthComponentIds.map((id) => (
        <div key={id}>
          <dt>{healthComponentLabels[id]}</dt>
          <dd>{weights[id]}</dd>
        </div>
      ))}
    </dl>
  );
}

/**
 * "Which metrics predicted churn?": every metric and health component ranked by how well its value N
 * days before each renewal or churn separated the two (AUC), and the health score's backtest with the
 * held-out gain of a tuned weighting and a button to use it.
 */
export function ChurnAnalysisPage() {
  const [horizonDays, setHorizonDays] = useState<number>(DEFAULT_HORIZON_DAYS);
  const data = useCoreData(() => bridge.call('analysis.churn', { horizonDays }), ['customers', 'metrics', 'settings']);
  const [applying, setApplying] = useState(false);
  const [applyError, setApplyError] = useState<string | null>(null);

  // biome-ignore lint/correctness/useExhaustiveDependencies: refetch when the horizon changes
  useEffect(() => data.reload(), [horizonDays]);

  const apply = async (weights: HealthWeights) => {
    setApplying(true);
    setApplyError(null);
    try {
      const state = await bridge.call('health.config.get', {});
      const saved = await bridge.call('health.config.set', {
        config: { ...state.config, weights },
        expectedVersion: state.version,
      });
      toast(`Saved the tuned weights as health configuration version ${saved.version}. Scores and alerts were recomputed.`);
      data.reload();
    } catch (error) {
      setApplyError(plainError(error));
    } finally {
      setApplying(false);
    }
  };

  const analysis = data.value;
  return (
    <div className="page churn-page">
      <p className="page-lead">
        Which metrics, as they stood before a renewal or a churn, told the two apart, and how well the health score predicts
        churn.
      </p>
      <fieldset className="churn-controls" aria-label="Horizon">
        <span>Look at each customer</span>
        {horizons.map((h) => (
          <Button
            key={h}
            size="small"
            variant={h === horizonDays ? 'primary' : 'secondary'}
            aria-pressed={h === horizonDays}
            onClick={() => setHorizonDays(h)}
          >
            {h} days
          </Button>
        ))}
        <span>before its outcome.</span>
      </fieldset>
      {data.status === 'error' ? <Notice tone="error">{data.error}</Notice> : null}
      {!analysis ? (
        data.status === 'loading' ? (
          <Loading label="Analysing outcomes…" />
        ) : null
      ) : (
        <Results analysis={analysis} apply={apply} applying={applying} applyError={applyError} />
      )}
    </div>
  );
}

function Results({
  analysis,
  apply,
  applying,
  applyError,
}: {
  analysis: ChurnAnalysis;
  apply(weights: HealthWeights): void;
  applying: boolean;
  applyError: string | null;
}) {
  const option = useMemo(() => churnAucBarsOption({ rows: analysis.metrics }), [analysis.metrics]);
  const recorded = analysis.outcomes.churned + analysis.outcomes.renewed;
  if (recorded === 0) {
    return (
      <EmptyState title="No outcomes recorded yet" icon="alerts">
        Add <code>outcome</code> (renewed or churned) and <code>outcome_date</code> columns to your customers CSV and import it in
        Settings, or mark an outcome on an account's page. The demo workspace records them for you.
      </EmptyState>
    );
  }
  const columns: Array<Column<ChurnMetricRow>> = [
    { key: 'metric', header: 'Metric', cell: (r) => r.label },
    { key: 'auc', header: 'AUC', numeric: true, cell: (r) => auc(r.auc) },
    {
      key: 'direction',
      header: 'Direction',
      cell: (r) => (
        <span>
          {directionWords[r.direction]} <span aria-hidden="true">{churnDirectionText[r.direction]}</span>
        </span>
      ),
    },
    { key: 'churned', header: 'Churned', numeric: true, cell: (r) => r.churned },
    { key: 'renewed', header: 'Renewed', numeric: true, cell: (r) => r.renewed },
    {
      key: 'warning',
      header: 'Note',
      wide: true,
      cell: (r) => (r.warning ? <span className="churn-warning">{r.warning}</span> : ''),
    },
  ];
  const b = analysis.backtest;
  const tuned = b.tuned;
  const sameWeights = tuned !== null && healthComponentIds.every((id) => tuned.weights[id] === b.current.weights[id]);
  return (
    <>
      <p className="muted" data-testid="churn-summary">
        {analysis.outcomes.churned} churned and {analysis.outcomes.renewed} renewed customers recorded; {analysis.samples.length}{' '}
        could be looked at {analysis.horizonDays} days before their outcome
        {analysis.excluded.length > 0
          ? ` (${analysis.excluded.length} not: their outcome came too early in the synced history or they have no data)`
          : ''}
        .
      </p>
      <section className="card churn-backtest" aria-labelledby="churn-backtest-title" data-testid="churn-backtest">
        <h2 id="churn-backtest-title">Health score backtest</h2>
        <p>
          With the current weights the health score {analysis.horizonDays} days before the outcome separated churned from renewed
          customers with an AUC of <strong data-testid="churn-current-auc">{auc(b.current.auc)}</strong> ({b.churned} churned,{' '}
          {b.renewed} renewed; 0.5 is chance, 1 is perfect).
        </p>
        {tuned ? (
          <>
            <p>
              A weighting tuned on part of the customers (each component weighted by how well it separated them on its own) and
              judged on the others ({tuned.folds}-fold, {tuned.repeats} different splits) reached{' '}
              <strong data-testid="churn-tuned-auc">{auc(tuned.heldOutAuc)}</strong> on held-out customers:{' '}
              <strong data-testid="churn-gain">{signed(tuned.gain)}</strong> against the current weights on average
              {tuned.gainRange ? (
                <span data-testid="churn-gain-range">
                  {' '}
                  ({signed(tuned.gainRange.min)} to {signed(tuned.gainRange.max)} depending on the split; better in{' '}
                  {tuned.repeatsWon} of {tuned.repeats})
                </span>
              ) : null}
              .
            </p>
            <div className="churn-weights-compare">
              <div>
                <h3>Current weights</h3>
                <WeightsList weights={b.current.weights} />
              </div>
              <div>
                <h3>Tuned weights</h3>
                <WeightsList weights={tuned.weights} />
              </div>
            </div>
            {sameWeights ? (
              <p className="muted">The current weights are already the best weighting found.</p>
            ) : (tuned.gain ?? 0) <= 0 ? (
              <p className="muted">
                The tuned weights do not beat the current ones on held-out customers: keep the current weights.
              </p>
            ) : null}
            {applyError ? <Notice tone="error">{applyError}</Notice> : null}
            <Button
              variant="primary"
              busy={applying}
              busyLabel="Saving and recomputing…"
              disabled={sameWeights || (tuned.gain ?? 0) <= 0}
              onClick={() => apply(tuned.weights)}
            >
              Use these weights
            </Button>
          </>
        ) : null}
        {b.warning ? <Notice tone="warning">{b.warning}</Notice> : null}
      </section>
      <section className="card" aria-labelledby="churn-chart-title">
        <h2 id="churn-chart-title">Which metrics separated churned from renewed customers</h2>
        <Chart
          option={option}
          label={`Separation of churned and renewed customers per metric, ${analysis.horizonDays} days before the outcome`}
          height={Math.max(240, 26 * analysis.metrics.length + 60)}
          caption="Faded bars (*) rest on fewer than 5 churned or renewed customers. ↓ churn: lower values meant churn."
          testId="churn-chart"
        />
      </section>
      <DataTable
        caption="Metrics ranked by how well they separated churned from renewed customers"
        columns={columns}
        rows={analysis.metrics}
        rowKey={(r) => r.id}
        empty="No metric could be compared."
      />
    </>
  );
}
