import type { HealthConfigState, HealthSnapshot } from '../../../src-shared/contract/health';
import { AlertStore, type ApplyOutcome, evaluateCustomerAlerts } from '../alerts';
import { addDays, dayList, type MetricsContext } from '../metrics';
import { alertInputsFor } from './alertInputs';
import { COMPONENT_WINDOW_DAYS, componentInputs } from './componentInputs';
import { type CustomerRecord, loadCustomerData } from './customerData';
import { FeatureSeriesRunCache } from './featureUsageSeries';
import { scoreHealth } from './score';
import { SnapshotStore } from './snapshotStore';

/** Daily snapshots are kept (and back-filled) for this many days up to the last complete day. */
export const HISTORY_DAYS = 90;
/**
 * On a customer's first evaluation, alerts replay this many days up to the last final day (and a
 * catch-up after days without a sync replays the missed days, capped the same): a new workspace shows
 * the alerts of the last six weeks, opened and auto-resolved as they would have been, instead of
 * starting blind.
 */
export const ALERT_REPLAY_DAYS = 42;

export interface RecomputeOptions {
  /** Customers to recompute; null = all. */
  customerIds?: readonly string[] | null;
  /** Snapshots of days on or after this day are recomputed (the days a sync touched). */
  fromDay?: string | null;
  /** Recompute every day of the history window (configuration or settings changed). */
  full?: boolean;
  /** Yields to the event loop between customers (the worker keeps answering calls). */
  yieldBetween?: () => Promise<void>;
}

export interface RecomputeSummary {
  customers: number;
  snapshots: number;
  alerts: ApplyOutcome;
  alertDays: number;
}

/**
 * Recomputes health snapshots and evaluates alerts for customers (metric definitions 12.2 and 11):
 * - snapshots for every day of the last HISTORY_DAYS complete days the primary source has data
 *   through, each computed "as of" its day from the stored aggregates. Days already stored under the
 *   current configuration version are kept unless the sync touched them (`fromDay`), they are still
 *   provisional, or `full` is set; so a new workspace gets its history at once and a daily sync
 *   recomputes a handful of days;
 * - alerts on complete days outside the late-data horizon only (never today, never provisional days):
 *   days after the last evaluated one in order (capped at ALERT_REPLAY_DAYS), else the last final day
 *   again (idempotent; a new sync may change the primary source's view of it).
 * Each customer is written in one transaction.
 */
export async function recomputeHealth(
  ctx: MetricsContext,
  config: HealthConfigState,
  now: number,
  options: RecomputeOptions = {},
): Promise<RecomputeSummary> {
  const snapshots = new SnapshotStore(ctx.store.sqlite);
  const alerts = new AlertStore(ctx.store.sqlite);
  const customers = ctx.store.sqlite
    .prepare('select id, name, owner, segment, arr, renewal_date as renewalDate from customers order by id')
    .all() as CustomerRecord[];
  const wanted = options.customerIds ? new Set(options.customerIds) : null;
  const run = new FeatureSeriesRunCache();
  // Feature usage reaches back over the history window, a component window, and two rule windows.
  const featureLookback =
    HISTORY_DAYS + COMPONENT_WINDOW_DAYS + 2 * config.config.rules.featureAbandoned.windowDays + ALERT_REPLAY_DAYS;
  const summary: RecomputeSummary = {
    customers: 0,
    snapshots: 0,
    alerts: { opened: 0, refreshed: 0, resolved: 0 },
    alertDays: 0,
  };

  for (const customer of customers) {
    if (wanted && !wanted.has(customer.id)) continue;
    const data = loadCustomerData(ctx, customer, run, featureLookback);
    if (!data.scope || !data.historyStart || !data.lastDay || data.lastDay < data.historyStart) continue;
    summary.customers++;
    const first = maxDay(data.historyStart, addDays(data.lastDay, 1 - HISTORY_DAYS));
    const stored = options.full ? new Set<string>() : snapshots.daysWithVersion(customer.id, config.version);
    const provisionalFrom = data.scope.provisionalFrom;
    const days = dayList(first, data.lastDay).filter(
      (d) =>
        !stored.has(d) || (options.fromDay != null && d >= options.fromDay) || (provisionalFrom !== null && d >= provisionalFrom),
    );

    ctx.store.sqlite.transaction(() => {
      for (const day of days) {
        const guides = config.config.weights.guides > 0 || day === data.lastDay;
        const scored = scoreHealth(componentInputs(ctx, data, day, { guides }), config.config);
        const snapshot: HealthSnapshot = {
          customerId: customer.id,
          day,
          score: scored.score,
          band: scored.band,
          status: scored.status,
          coverage: scored.coverage,
          components: scored.components,
          configVersion: config.version,
          asOf: data.scope?.dataThrough ?? null,
          provisional: provisionalFrom === null || day >= provisionalFrom,
        };
        snapshots.write(snapshot, now);
        summary.snapshots++;
      }

      const alertDays = alertDaysFor(ctx, customer.id, data.finalDay, data.historyStart as string, config.version);
      if (alertDays.length > 0) {
        const outcome = evaluateCustomerAlerts({
          alerts,
          customer: { id: customer.id, owner: customer.owner },
          days: alertDays,
          inputsFor: (day) => alertInputsFor(ctx, data, day, snapshots, config.config.bands),
          rules: config.config.rules,
          now,
        });
        summary.alerts.opened += outcome.opened;
        summary.alerts.refreshed += outcome.refreshed;
        summary.alerts.resolved += outcome.resolved;
        summary.alertDays += alertDays.length;
        ctx.store.sqlite
          .prepare(
            `insert into alert_evaluations (customer_id, last_day, config_version, evaluated_at) values (?, ?, ?, ?)
             on conflict(customer_id) do update set last_day = excluded.last_day, config_version = excluded.config_version,
               evaluated_at = excluded.evaluated_at`,
          )
          .run(customer.id, alertDays[alertDays.length - 1], config.version, now);
      }
    })();
    if (options.yieldBetween) await options.yieldBetween();
  }
  return summary;
}

function alertDaysFor(
  ctx: MetricsContext,
  customerId: string,
  finalDay: string | null,
  historyStart: string,
  version: number,
): string[] {
  if (finalDay === null || finalDay < historyStart) return [];
  const last = ctx.store.sqlite
    .prepare('select last_day, config_version from alert_evaluations where customer_id = ?')
    .get(customerId) as { last_day: string; config_version: number } | undefined;
  const replayFrom = maxDay(historyStart, addDays(finalDay, 1 - ALERT_REPLAY_DAYS));
  if (!last) return dayList(replayFrom, finalDay);
  if (last.config_version !== version || last.last_day >= finalDay) return [finalDay];
  return dayList(maxDay(replayFrom, addDays(last.last_day, 1)), finalDay);
}

function maxDay(a: string, b: string): string {
  return a > b ? a : b;
}
