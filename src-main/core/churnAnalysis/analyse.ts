import {
  type ChurnAnalysis,
  type ChurnDirection,
  type ChurnExclusion,
  type ChurnMetricRow,
  type ChurnSample,
  type HealthComponentId,
  type HealthConfigState,
  healthComponentIds,
  MIN_PER_CLASS,
  type OutcomeStatus,
} from '../../../src-shared/contract';
import { OutcomeStore } from '../customers';
import {
  COMPONENT_WINDOW_DAYS,
  type CustomerRecord,
  componentInputs,
  FeatureSeriesRunCache,
  loadCustomerData,
  scoreHealth,
} from '../health';
import { addDays, type MetricsContext, todayIn, type UserDay } from '../metrics';
import { rocAuc } from './auc';
import { type BacktestSample, backtestHealth } from './backtest';
import { type AsOfView, churnMetrics } from './metricCatalogue';

const DAY_MS = 86_400_000;
const dayNumber = (day: string) => Math.round(Date.parse(`${day}T12:00:00Z`) / DAY_MS);

interface AnalysedCustomer {
  sample: ChurnSample;
  view: AsOfView;
}

/**
 * The churn analysis over every customer with a recorded outcome: each one is looked at as of its
 * outcome date − `horizonDays` (health inputs computed from the data of days up to then, exactly as the
 * daily back-fill computes a snapshot, guides included, under the CURRENT configuration), then every
 * metric is ranked by how well it separated churned from renewed customers (ROC AUC), and the health
 * score's weighting is backtested. Customers whose as-of day lies outside the synced history, or whose
 * score was withheld that day, are listed as excluded with the reason.
 */
export function analyseChurn(ctx: MetricsContext, config: HealthConfigState, horizonDays: number): ChurnAnalysis {
  const now = ctx.clock.now();
  const today = todayIn(ctx.clock, ctx.settings.timezone);
  const outcomes = new OutcomeStore(ctx.store.sqlite).list();
  const customerRows = new Map(
    (
      ctx.store.sqlite
        .prepare('select id, name, owner, segment, arr, renewal_date as renewalDate from customers')
        .all() as CustomerRecord[]
    ).map((c) => [c.id, c]),
  );
  const run = new FeatureSeriesRunCache();
  const analysed: AnalysedCustomer[] = [];
  const excluded: ChurnExclusion[] = [];
  const counts: Record<OutcomeStatus, number> = { churned: 0, renewed: 0 };

  for (const outcome of outcomes) {
    counts[outcome.status]++;
    const customer = customerRows.get(outcome.customerId);
    const asOf = addDays(outcome.date, -horizonDays);
    const exclude = (reason: ChurnExclusion['reason']) =>
      excluded.push({
        customerId: outcome.customerId,
        customerName: outcome.customerName,
        status: outcome.status,
        outcomeDate: outcome.date,
        reason,
      });
    if (!customer) continue;
    // Feature usage must reach back to the start of the as-of day's 30-day window.
    const lookback = Math.max(0, dayNumber(today) - dayNumber(asOf)) + COMPONENT_WINDOW_DAYS + 2;
    const data = loadCustomerData(ctx, customer, run, lookback);
    if (!data.scope || !data.historyStart || !data.lastDay) {
      exclude('no-data');
      continue;
    }
    if (asOf > data.lastDay) {
      exclude('after-data');
      continue;
    }
    if (asOf < data.historyStart) {
      exclude('before-history');
      continue;
    }
    const scored = scoreHealth(componentInputs(ctx, data, asOf, { guides: true }), config.config);
    if (scored.score === null) {
      exclude(scored.components.some((c) => c.unavailable === 'not-enough-history') ? 'before-history' : 'not-scored');
      continue;
    }
    analysed.push({
      sample: {
        customerId: customer.id,
        customerName: customer.name,
        status: outcome.status,
        outcomeDate: outcome.date,
        asOf,
        score: scored.score,
        components: Object.fromEntries(
          healthComponentIds.map((id) => [id, scored.components.find((c) => c.id === id)?.score ?? null]),
        ) as Record<HealthComponentId, number | null>,
      },
      view: { score: scored.score, components: scored.components, ...activityFacts(data.rowsUpTo(asOf), asOf) },
    });
  }

  const metrics = churnMetrics.map((metric) => metricRow(metric, analysed)).sort(bySeparation);
  const backtestSamples: BacktestSample[] = analysed.map((a) => ({
    customerId: a.sample.customerId,
    splitKey: a.sample.customerName,
    churned: a.sample.status === 'churned',
    components: a.sample.components,
  }));
  return {
    horizonDays,
    outcomes: counts,
    samples: analysed.map((a) => a.sample),
    excluded,
    metrics,
    backtest: backtestHealth(backtestSamples, {
      weights: config.config.weights,
      minCoverage: config.config.minCoverage,
      version: config.version,
    }),
    minPerClass: MIN_PER_CLASS,
    computedAt: now,
  };
}

/** Days since the last active day and active days in the 30-day window, from the user-days up to `asOf`. */
function activityFacts(
  rows: ReadonlyArray<Pick<UserDay, 'day' | 'events'>>,
  asOf: string,
): Pick<AsOfView, 'daysSinceActive' | 'activeDays30'> {
  const windowFrom = addDays(asOf, 1 - COMPONENT_WINDOW_DAYS);
  let last: string | null = null;
  const days = new Set<string>();
  for (const row of rows) {
    if (row.events <= 0) continue;
    if (last === null || row.day > last) last = row.day;
    if (row.day >= windowFrom) days.add(row.day);
  }
  return { daysSinceActive: last === null ? null : dayNumber(asOf) - dayNumber(last), activeDays30: days.size };
}

function metricRow(metric: (typeof churnMetrics)[number], analysed: readonly AnalysedCustomer[]): ChurnMetricRow {
  const renewed: number[] = [];
  const churned: number[] = [];
  for (const a of analysed) {
    const v = metric.value(a.view);
    if (v === null || !Number.isFinite(v)) continue;
    (a.sample.status === 'churned' ? churned : renewed).push(v);
  }
  const auc = rocAuc(renewed, churned);
  const direction: ChurnDirection = auc === null || auc === 0.5 ? 'none' : auc > 0.5 ? 'lower-means-churn' : 'higher-means-churn';
  const mean = (xs: number[]) => (xs.length === 0 ? null : xs.reduce((s, x) => s + x, 0) / xs.length);
  const small = churned.length < MIN_PER_CLASS || renewed.length < MIN_PER_CLASS;
  return {
    id: metric.id,
    label: metric.label,
    kind: metric.kind,
    auc,
    separation: auc === null ? null : Math.max(auc, 1 - auc),
    direction,
    churned: churned.length,
    renewed: renewed.length,
    meanChurned: mean(churned),
    meanRenewed: mean(renewed),
    warning: small
      ? `${churned.length} churned and ${renewed.length} renewed customers have a value: below ${MIN_PER_CLASS} of each the AUC is not reliable.`
      : null,
  };
}

/** Best separation first; rows without an AUC last; ties keep the catalogue order (health score first). */
function bySeparation(a: ChurnMetricRow, b: ChurnMetricRow): number {
  return (b.separation ?? -1) - (a.separation ?? -1);
}
