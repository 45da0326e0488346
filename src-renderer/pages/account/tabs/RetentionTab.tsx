import { useCallback, useMemo, useState } from 'react';
import { formatDay, formatNumber } from '../../../../src-shared/charts/format';
import { heatmapScale } from '../../../../src-shared/charts/heatmap';
import { retentionCurveOption } from '../../../../src-shared/charts/retentionCurve';
import type {
  AccountMetrics,
  RetentionCohortMode,
  RetentionPeriod,
  RetentionTable,
} from '../../../../src-shared/contract/metrics';
import { Loading } from '../../../components/Loading';
import { Notice } from '../../../components/Notice';
import { bridge } from '../../../lib/bridge';
import { useCoreData } from '../../../lib/useCoreData';
import { Chart } from '../Chart';
import { metricUnavailableText, percent } from '../text';
import { Kpi, NoData } from './shared';

const periodNames: Record<RetentionPeriod, string> = { day: 'Day', week: 'Week', month: 'Month' };

/** Cell background on the sequential scale (same blues as the feature heatmap); text flips to white on dark cells. */
function cellStyle(rate: number): { background: string; color: string } {
  const index = Math.min(heatmapScale.length - 1, Math.floor(rate * heatmapScale.length));
  return { background: heatmapScale[index] ?? heatmapScale[0], color: index >= 2 ? '#ffffff' : '#1a1e24' };
}

export function RetentionTab({ metrics }: { metrics: AccountMetrics }) {
  const initial = metrics.retention;
  const [period, setPeriod] = useState<RetentionPeriod>(initial?.period ?? 'week');
  const [cohort, setCohort] = useState<RetentionCohortMode>(initial?.cohortMode ?? 'first-time');

  if (!metrics.source)
    return <NoData title="No retention data for this account yet">{metricUnavailableText(metrics.unavailable)}</NoData>;
  const dayN = metrics.dayN;
  return (
    <div className="account-tab-body" data-testid="retention-tab">
      <div className="account-controls">
        <SegmentedControl<RetentionPeriod>
          label="Cohort period"
          value={period}
          options={[
            ['day', 'Day'],
            ['week', 'Week'],
            ['month', 'Month'],
          ]}
          onChange={setPeriod}
        />
        <SegmentedControl<RetentionCohortMode>
          label="Cohorts"
          value={cohort}
          options={[
            ['first-time', 'First-time users'],
            ['any', 'Any activity'],
          ]}
          onChange={setCohort}
        />
      </div>
      {dayN ? (
        <div className="kpi-grid">
          <Kpi
            label="Day-1 retention"
            value={dayN.d1.value === null ? 'n/a' : percent(dayN.d1.value, 1)}
            note={dayN.d1.unavailable ? metricUnavailableText(dayN.d1.unavailable) : undefined}
            testId="kpi-d1"
          />
          <Kpi
            label="Day-7 retention"
            value={dayN.d7.value === null ? 'n/a' : percent(dayN.d7.value, 1)}
            note={dayN.d7.unavailable ? metricUnavailableText(dayN.d7.unavailable) : undefined}
            testId="kpi-d7"
          />
          <Kpi
            label="Day-30 retention"
            value={dayN.d30.value === null ? 'n/a' : percent(dayN.d30.value, 1)}
            note={dayN.d30.unavailable ? metricUnavailableText(dayN.d30.unavailable) : undefined}
            testId="kpi-d30"
          />
        </div>
      ) : null}
      <RetentionData key={`${period}-${cohort}`} metrics={metrics} period={period} cohort={cohort} />
    </div>
  );
}

/** The table for one period and cohort mode: the account call's own table when it matches, else one metrics.retention call. */
function RetentionData({
  metrics,
  period,
  cohort,
}: {
  metrics: AccountMetrics;
  period: RetentionPeriod;
  cohort: RetentionCohortMode;
}) {
  const initial = metrics.retention;
  const isInitial = initial !== null && period === initial.period && cohort === initial.cohortMode;
  const connection = metrics.source?.connectionId ?? null;
  const customer = metrics.customer.id;
  const load = useCallback(
    () =>
      isInitial && initial
        ? Promise.resolve(initial)
        : bridge.call('metrics.retention', { customer, connection, period, cohort }),
    [isInitial, initial, customer, connection, period, cohort],
  );
  const table = useCoreData<RetentionTable>(load, ['metrics']);
  if (table.status === 'loading') return <Loading label={`Loading ${periodNames[period].toLowerCase()} cohorts…`} lines={5} />;
  if (table.value === null) {
    return (
      <Notice tone="error" title="Retention could not be loaded.">
        {table.error}
      </Notice>
    );
  }
  return <RetentionView table={table.value} timeZone={metrics.timezone} />;
}

function RetentionView({ table, timeZone }: { table: RetentionTable; timeZone: string }) {
  const unit = periodNames[table.period];
  const curve = useMemo(
    () => retentionCurveOption({ period: table.period, points: table.averages.filter((a) => a.rate !== null) }),
    [table],
  );
  if (table.rows.length === 0) {
    return (
      <NoData title="No cohorts yet">
        No {table.cohortMode === 'first-time' ? 'new users' : 'active users'} started in the synced history with this period. Try
        a shorter period.
      </NoData>
    );
  }
  const columns = Math.max(...table.rows.map((r) => r.cells.length));
  /** Period indexes 0..columns-1: the identity of each column. */
  const periods = Array.from({ length: columns }, (_, period) => period);
  return (
    <>
      <section aria-labelledby="ret-curve">
        <h3 id="ret-curve">Average retention curve</h3>
        <Chart
          option={curve}
          label={`Average ${table.period} retention curve`}
          height={240}
          caption="Pooled over the cohorts whose period is complete (retained users ÷ cohort users)."
          testId="chart-retention-curve"
        />
      </section>
      <section aria-labelledby="ret-table">
        <h3 id="ret-table">Cohorts</h3>
        <p className="muted">
          Rows: users who {table.cohortMode === 'first-time' ? 'first' : ''} became active in the {unit.toLowerCase()} starting on
          the date ({timeZone}). Cells: share active in {unit.toLowerCase()} N; hover for counts. “·” = that {unit.toLowerCase()}{' '}
          is not complete yet; italic = may still change.
        </p>
        {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard */}
        <section className="table-scroll" tabIndex={0} aria-label="Retention cohort table">
          <table className="table retention-table" data-testid="retention-table">
            <caption className="visually-hidden">
              {unit} retention by cohort, {table.cohortMode === 'first-time' ? 'first-time' : 'any activity'} cohorts
            </caption>
            <thead>
              <tr>
                <th scope="col">Cohort ({unit.toLowerCase()} of)</th>
                <th scope="col" className="numeric">
                  Users
                </th>
                {periods.map((i) => (
                  <th key={i} scope="col" className="numeric">
                    {unit} {i}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {table.rows.map((row) => (
                <tr key={row.cohort}>
                  <th scope="row">{formatDay(row.cohort)}</th>
                  <td className="numeric">{formatNumber(row.size)}</td>
                  {row.size === 0 ? (
                    <td colSpan={columns} className="muted ret-empty">
                      No {table.cohortMode === 'first-time' ? 'new' : 'active'} users this {unit.toLowerCase()}
                    </td>
                  ) : null}
                  {row.size === 0
                    ? null
                    : periods.map((i) => {
                        const cell = row.cells[i];
                        if (!cell) return <td key={`${row.cohort}-${i}`} className="ret-cell ret-none" />;
                        if (cell.rate === null || cell.retained === null) {
                          return (
                            <td
                              key={`${row.cohort}-${i}`}
                              className="ret-cell ret-pending"
                              title={`${unit} ${i} is not complete yet`}
                            >
                              ·
                            </td>
                          );
                        }
                        return (
                          <td
                            key={`${row.cohort}-${i}`}
                            className={`ret-cell numeric${cell.provisional ? ' ret-provisional' : ''}`}
                            style={cellStyle(cell.rate)}
                            title={`${formatNumber(cell.retained)} of ${formatNumber(row.size)} users${cell.provisional ? ' (may still change)' : ''}`}
                            data-period={i}
                          >
                            {percent(cell.rate)}
                          </td>
                        );
                      })}
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr>
                <th scope="row">Average</th>
                <td />
                {periods.map((i) => {
                  const average = table.averages.find((a) => a.period === i);
                  return (
                    <td
                      key={i}
                      className="numeric"
                      data-average-period={i}
                      title={average ? `over ${average.cohorts} cohorts` : undefined}
                    >
                      {average?.rate === null || average === undefined ? '·' : percent(average.rate)}
                    </td>
                  );
                })}
              </tr>
            </tfoot>
          </table>
        </section>
      </section>
    </>
  );
}

export function SegmentedControl<T extends string>({
  label,
  value,
  options,
  onChange,
}: {
  label: string;
  value: T;
  options: Array<[T, string]>;
  onChange(value: T): void;
}) {
  return (
    <fieldset className="segmented">
      <legend>{label}</legend>
      {options.map(([key, text]) => (
        <label key={key} className={key === value ? 'checked' : undefined}>
          <input type="radio" name={label} value={key} checked={key === value} onChange={() => onChange(key)} />
          {text}
        </label>
      ))}
    </fieldset>
  );
}
