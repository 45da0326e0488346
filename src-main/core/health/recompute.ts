import type { HealthConfigState, HealthSnapshot } from '../../../src-shared/contract/health';
// By file rather than through the doors (also below): a task thread loads only what the recompute runs (recomputeTask.ts).
import { AlertStore, type ApplyOutcome } from '../alerts/alertStore';
import { evaluateCustomerAlerts, type PlannedAlerts, planCustomerAlerts } from '../alerts/evaluate';
import { addDays, dayList } from '../metrics/calendar';
import type { MetricsContext } from '../metrics/context';
import { cachedStatement } from '../metrics/statements';
import { alertInputsFor, alertLookbackDays } from './alertInputs';
import { COMPONENT_WINDOW_DAYS, componentInputs } from './componentInputs';
import { type CustomerBounds, type CustomerRecord, loadCustomerData } from './customerData';
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
  /**
   * Read each customer's whole history instead of just the windows the scored and evaluated days need:
   * the reference the bounded reads must equal (boundedReads.test.ts), and a way to rule them out.
   */
  readWholeHistory?: boolean;
  /**
   * Takes the customers from a shared work queue instead (chunks of ids, null when none are left):
   * two threads recomputing one list (health/recomputeOnThreads.ts). `customerIds` is then ignored.
   */
  claim?: () => readonly string[] | null;
  /** Called after each customer's transaction committed (or the customer had nothing to compute), with its share of the summary. */
  onCustomerDone?: (customerId: string, summary: RecomputeSummary) => void;
  /** Runs each customer's write transaction when the other recompute thread is not writing (a shared queue's turn). */
  inWriteTurn?: <T>(write: () => T) => T;
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

  const lookback = alertLookbackDays(config.config.rules);

  for (const customer of customersIn(customers, options)) {
    const before = options.onCustomerDone ? copySummary(summary) : null;
    const finished = () => {
      if (before) options.onCustomerDone?.(customer.id, summaryDelta(summary, before));
    };
    // Which days to score and evaluate is known from the bounds alone; the usage read then covers just
    // their windows (after a sync: ~65 days of user-days instead of the whole year).
    let days: string[] = [];
    let alertDays: string[] = [];
    const planDays = (bounds: CustomerBounds) => {
      const first = maxDay(bounds.historyStart, addDays(bounds.lastDay, 1 - HISTORY_DAYS));
      const all = dayList(first, bounds.lastDay);
      // Days from `redoFrom` on are recomputed whatever is stored (the sync touched them, or provisional).
      const { provisionalFrom } = bounds;
      const fromDay = options.fromDay ?? null;
      const redoFrom = fromDay === null ? provisionalFrom : provisionalFrom === null ? fromDay : minDay(fromDay, provisionalFrom);
      const earlier = redoFrom === null ? all : all.filter((d) => d < redoFrom);
      const lastEarlier = earlier[earlier.length - 1];
      if (options.full) days = all;
      else if (
        lastEarlier === undefined ||
        snapshots.countWithVersion(customer.id, config.version, first, lastEarlier) === earlier.length
      )
        // Every earlier day is stored (a daily recompute): a count instead of reading back 90 days.
        days = all.slice(earlier.length);
      else {
        const stored = snapshots.daysWithVersion(customer.id, config.version, first);
        days = all.filter((d) => !stored.has(d) || (redoFrom !== null && d >= redoFrom));
      }
      alertDays = alertDaysFor(ctx, customer.id, bounds.finalDay, bounds.historyStart, config.version);
      return readWindowFor(days, alertDays, bounds.lastDay, lookback);
    };
    const data = loadCustomerData(ctx, customer, run, featureLookback, (bounds) => {
      const window = planDays(bounds);
      return options.readWholeHistory ? { rowsFrom: '', featuresFrom: '' } : window;
    });
    if (!data.scope || !data.historyStart || !data.lastDay || data.lastDay < data.historyStart) {
      finished();
      continue;
    }
    summary.customers++;
    const provisionalFrom = data.scope.provisionalFrom;

    // IMMEDIATE: the write lock is taken (waiting out the busy timeout) before anything is read inside, so
    // a second writer (the other recompute thread) never makes the commit fail with SQLITE_BUSY.
    // Scored before the write transaction (they read only the loaded usage, nothing it writes), so the
    // write turn two recompute threads take holds just the writes; in one read transaction, as they were
    // inside the write one (a statement each in autocommit costs more). The alerts of a single evaluated
    // day (every daily sync) are worked out there too, reading the days just scored from memory as the
    // write transaction would read them back; a catch-up over several days evaluates in the write
    // transaction, each day after the previous day's alerts are applied.
    const scoreAndPlan = ctx.store.sqlite.transaction(() => {
      const scored = days.map((day): HealthSnapshot => {
        const guides = config.config.weights.guides > 0 || day === data.lastDay;
        const result = scoreHealth(componentInputs(ctx, data, day, { guides }), config.config);
        return {
          customerId: customer.id,
          day,
          score: result.score,
          band: result.band,
          status: result.status,
          coverage: result.coverage,
          components: result.components,
          configVersion: config.version,
          asOf: data.scope?.dataThrough ?? null,
          provisional: provisionalFrom === null || day >= provisionalFrom,
        };
      });
      const alertDay = alertDays.length === 1 ? alertDays[0] : undefined;
      let plan: PlannedAlerts | null = null;
      if (alertDay !== undefined) {
        const scoredOn = new Map(scored.map((s) => [s.day, s]));
        const withScored = {
          scoreOn: (customerId: string, day: string) => {
            const s = scoredOn.get(day);
            return s ? { score: s.score, band: s.band, configVersion: s.configVersion } : snapshots.scoreOn(customerId, day);
          },
        };
        plan = planCustomerAlerts({
          alerts,
          customerId: customer.id,
          day: alertDay,
          inputs: alertInputsFor(ctx, data, alertDay, withScored, config.config.bands),
          rules: config.config.rules,
        });
      }
      return { scored, plan };
    });
    const { scored: scoredDays, plan } = days.length > 0 || alertDays.length === 1 ? scoreAndPlan() : { scored: [], plan: null };
    const writeCustomer = ctx.store.sqlite.transaction(() => {
      for (const snapshot of scoredDays) {
        snapshots.write(snapshot, now);
        summary.snapshots++;
      }

      if (alertDays.length > 0) {
        const outcome = evaluateCustomerAlerts({
          alerts,
          customer: { id: customer.id, owner: customer.owner },
          days: alertDays,
          inputsFor: (day) => alertInputsFor(ctx, data, day, snapshots, config.config.bands),
          rules: config.config.rules,
          now,
          planned: plan,
        });
        summary.alerts.opened += outcome.opened;
        summary.alerts.refreshed += outcome.refreshed;
        summary.alerts.resolved += outcome.resolved;
        summary.alertDays += alertDays.length;
        cachedStatement(
          ctx.store.sqlite,
          `insert into alert_evaluations (customer_id, last_day, config_version, evaluated_at) values (?, ?, ?, ?)
           on conflict(customer_id) do update set last_day = excluded.last_day, config_version = excluded.config_version,
             evaluated_at = excluded.evaluated_at`,
        ).run(customer.id, alertDays[alertDays.length - 1], config.version, now);
      }
    });
    if (options.inWriteTurn) options.inWriteTurn(() => writeCustomer.immediate());
    else writeCustomer.immediate();
    finished();
    if (options.yieldBetween) await options.yieldBetween();
  }
  return summary;
}

/** The customers to recompute, in id order: all, `customerIds`, or chunks claimed from a shared queue. */
function* customersIn(customers: readonly CustomerRecord[], options: RecomputeOptions): Generator<CustomerRecord> {
  if (options.claim) {
    const byId = new Map(customers.map((c) => [c.id, c]));
    for (let chunk = options.claim(); chunk !== null; chunk = options.claim()) {
      for (const id of chunk) {
        const customer = byId.get(id);
        if (customer) yield customer;
      }
    }
    return;
  }
  const wanted = options.customerIds ? new Set(options.customerIds) : null;
  for (const customer of customers) if (!wanted || wanted.has(customer.id)) yield customer;
}

function copySummary(s: RecomputeSummary): RecomputeSummary {
  return { ...s, alerts: { ...s.alerts } };
}

function summaryDelta(after: RecomputeSummary, before: RecomputeSummary): RecomputeSummary {
  return {
    customers: after.customers - before.customers,
    snapshots: after.snapshots - before.snapshots,
    alerts: {
      opened: after.alerts.opened - before.alerts.opened,
      refreshed: after.alerts.refreshed - before.alerts.refreshed,
      resolved: after.alerts.resolved - before.alerts.resolved,
    },
    alertDays: after.alertDays - before.alertDays,
  };
}

/**
 * The first days the scored days' components (two 30-day windows) and the evaluated days' rules read:
 * user-days from the earlier of the two, feature usage likewise (one component window; the rules'
 * feature windows). Nothing to compute: read nothing older than the last day.
 */
function readWindowFor(
  days: readonly string[],
  alertDays: readonly string[],
  lastDay: string,
  lookback: { rows: number; features: number },
): { rowsFrom: string; featuresFrom: string } {
  let rowsFrom = lastDay;
  let featuresFrom = lastDay;
  const firstScored = days[0];
  if (firstScored !== undefined) {
    rowsFrom = addDays(firstScored, 1 - 2 * COMPONENT_WINDOW_DAYS);
    featuresFrom = addDays(firstScored, 1 - COMPONENT_WINDOW_DAYS);
  }
  const firstEvaluated = alertDays[0];
  if (firstEvaluated !== undefined) {
    // One day more than the rules' windows: a margin, not a need.
    rowsFrom = minDay(rowsFrom, addDays(firstEvaluated, -lookback.rows));
    featuresFrom = minDay(featuresFrom, addDays(firstEvaluated, -lookback.features));
  }
  return { rowsFrom, featuresFrom };
}

function alertDaysFor(
  ctx: MetricsContext,
  customerId: string,
  finalDay: string | null,
  historyStart: string,
  version: number,
): string[] {
  if (finalDay === null || finalDay < historyStart) return [];
  const last = cachedStatement(
    ctx.store.sqlite,
    'select last_day, config_version from alert_evaluations where customer_id = ?',
  ).get(customerId) as { last_day: string; config_version: number } | undefined;
  const replayFrom = maxDay(historyStart, addDays(finalDay, 1 - ALERT_REPLAY_DAYS));
  if (!last) return dayList(replayFrom, finalDay);
  if (last.config_version !== version || last.last_day >= finalDay) return [finalDay];
  return dayList(maxDay(replayFrom, addDays(last.last_day, 1)), finalDay);
}

function maxDay(a: string, b: string): string {
  return a > b ? a : b;
}

function minDay(a: string, b: string): string {
  return a < b ? a : b;
}
