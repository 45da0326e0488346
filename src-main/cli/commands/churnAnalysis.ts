import { parseArgs } from 'node:util';
import {
  type ChurnAnalysis,
  DEFAULT_HORIZON_DAYS,
  type HealthWeights,
  healthComponentIds,
  MAX_HORIZON_DAYS,
  MIN_HORIZON_DAYS,
} from '../../../src-shared/contract';
import { type CliCommand, CliUsageError } from '../command';
import { withCore } from '../coreSession';

const auc = (v: number | null | undefined) => (v === null || v === undefined ? '—' : v.toFixed(3));
const signed = (v: number | null) => (v === null ? '—' : `${v >= 0 ? '+' : '−'}${Math.abs(v).toFixed(3)}`);
const weightsText = (w: HealthWeights) => healthComponentIds.map((id) => `${id} ${w[id]}`).join(', ');

/** "60d", "60" or "8w" → days. */
export function parseHorizon(text: string): number {
  const m = /^(\d{1,4})\s*(d|w)?$/i.exec(text.trim());
  const days = m ? Number(m[1]) * (m[2]?.toLowerCase() === 'w' ? 7 : 1) : Number.NaN;
  if (!Number.isInteger(days) || days < MIN_HORIZON_DAYS || days > MAX_HORIZON_DAYS) {
    throw new CliUsageError(
      `--horizon takes days like 60d (or weeks like 8w), ${MIN_HORIZON_DAYS} … ${MAX_HORIZON_DAYS} days; got "${text}"`,
    );
  }
  return days;
}

export const churnAnalysisCommand: CliCommand = {
  name: 'churn-analysis',
  summary: 'Which metrics predicted churn: AUC per metric N days before each outcome, and a health-score backtest',
  usage: `pulse churn-analysis [--horizon 60d] [--apply] [--json]

For every customer with a recorded outcome (renewed or churned: the customers CSV's outcome and
outcome_date columns, or marked in the app), looks at the metrics and health components as they stood
--horizon days before the outcome (default ${DEFAULT_HORIZON_DAYS}d) and ranks them by ROC AUC: how well
they separated churned from renewed customers (0.5 = no better than chance). Then backtests the health
score: its AUC under the current weights, and a weighting tuned on training folds (each component
weighted by how far its own AUC rose above chance) and judged on held-out customers (stratified k-fold,
repeated over 10 deals; the mean gain, its range and the deals won are printed). --apply saves the tuned weights, only when they gain on held-out
customers, to the health configuration (thresholds, bands and rules are kept; history and alerts are
recomputed). --json prints ChurnAnalysis (docs/cli.md).`,
  async run(args, io) {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: { json: { type: 'boolean' }, horizon: { type: 'string' }, apply: { type: 'boolean' } },
    });
    if (positionals.length > 0) throw new CliUsageError(`unexpected argument "${positionals[0]}"`);
    const horizonDays = values.horizon === undefined ? DEFAULT_HORIZON_DAYS : parseHorizon(values.horizon);
    return withCore(io, async (client) => {
      const analysis = await client.call('analysis.churn', { horizonDays });
      let applied: { version: number; weights: HealthWeights } | null = null;
      if (values.apply) {
        const tuned = analysis.backtest.tuned;
        if (!tuned) {
          io.stderr.write('pulse churn-analysis: nothing to apply: too few customers with outcomes to tune the weights.\n');
          return 1;
        }
        if (tuned.gain === null || tuned.gain <= 0) {
          io.stderr.write(
            `pulse churn-analysis: nothing saved: the tuned weights do not beat the current ones on held-out customers (gain ${signed(tuned.gain)}).\n`,
          );
          return 1;
        }
        const state = await client.call('health.config.get', {});
        const saved = await client.call('health.config.set', {
          config: { ...state.config, weights: tuned.weights },
          expectedVersion: state.version,
        });
        applied = { version: saved.version, weights: saved.config.weights };
      }
      io.stdout.write(values.json ? `${JSON.stringify(applied ? { ...analysis, applied } : analysis)}\n` : describe(analysis));
      if (applied && !values.json) {
        io.stdout.write(
          `Saved the tuned weights (${weightsText(applied.weights)}) as configuration version ${applied.version}.\n`,
        );
      }
      return 0;
    });
  },
};

function describe(a: ChurnAnalysis): string {
  const lines = [
    `Churn analysis, ${a.horizonDays} days before each outcome: ${a.outcomes.churned} churned and ${a.outcomes.renewed} renewed customers recorded, ${a.samples.length} analysed.`,
  ];
  if (a.outcomes.churned + a.outcomes.renewed === 0) {
    lines.push(
      'No outcomes yet. Add outcome and outcome_date columns to the customers CSV (`pulse customers import`) or mark them in the app.',
    );
    return `${lines.join('\n')}\n`;
  }
  if (a.excluded.length > 0) {
    const reasons = new Map<string, number>();
    for (const e of a.excluded) reasons.set(e.reason, (reasons.get(e.reason) ?? 0) + 1);
    lines.push(`Excluded: ${[...reasons].map(([r, n]) => `${n} ${r}`).join(', ')}.`);
  }
  const width = Math.max(12, ...a.metrics.map((m) => m.label.length));
  lines.push('', `${'Metric'.padEnd(width)}    AUC  Direction           Churned Renewed`);
  for (const m of a.metrics) {
    const direction = m.direction === 'none' ? '—' : m.direction;
    lines.push(
      `${m.label.padEnd(width)}  ${auc(m.auc).padStart(5)}  ${direction.padEnd(18)} ${String(m.churned).padStart(7)} ${String(m.renewed).padStart(7)}${m.warning ? '  (small sample)' : ''}`,
    );
  }
  const b = a.backtest;
  lines.push(
    '',
    `Health score backtest (${b.churned} churned, ${b.renewed} renewed): current weights (${weightsText(b.current.weights)}) AUC ${auc(b.current.auc)}.`,
  );
  if (b.tuned) {
    lines.push(
      `Tuned on training folds (each component weighted by its own separation), judged on held-out customers (${b.tuned.folds}-fold, ${b.tuned.repeats} deals): AUC ${auc(b.tuned.heldOutAuc)} vs ${auc(b.tuned.currentHeldOutAuc)} for the current weights (${signed(b.tuned.gain)} on average${b.tuned.gainRange ? `, ${signed(b.tuned.gainRange.min)} to ${signed(b.tuned.gainRange.max)}` : ''}; better in ${b.tuned.repeatsWon} of ${b.tuned.repeats} deals).`,
      `Suggested weights (from all ${b.churned + b.renewed}): ${weightsText(b.tuned.weights)}; in-sample AUC ${auc(b.tuned.inSampleAuc)}.${(b.tuned.gain ?? 0) > 0 ? ' Save them with --apply.' : ' They do not beat the current weights: keep those.'}`,
    );
  }
  if (b.warning) lines.push(`Warning: ${b.warning}`);
  lines.push('AUC: chance that a renewed customer had a higher value than a churned one (0.5 = no better than chance).');
  return `${lines.join('\n')}\n`;
}
