import type { DailyUsage } from '../anomalies/dailyUsage';
import { addDays, todayIn } from '../metrics/calendar';
import type { MetricScope, MetricsContext } from '../metrics/context';
import { customerSources, readConnectionFacts, scopeOf } from '../metrics/sources';
import { cachedStatement } from '../metrics/statements';
import { lastActivityDay } from '../metrics/userDays';
import { type FeatureSeriesRunCache, FeatureUsageSeries } from './featureUsageSeries';
import { readCustomerUsage } from './usageRead';
import { type UserDayEvents, UserDayTable } from './userDayTable';

export interface CustomerRecord {
  id: string;
  name: string;
  owner: string | null;
  segment: string | null;
  arr: number | null;
  renewalDate: string | null;
}

/**
 * One customer's synced usage as health and alerts read it, loaded once per recompute: the PRIMARY
 * source (the metrics engine's choice, so the health score and the account page use the same numbers),
 * its user-days (per-user events) with their daily totals, the Pendo source for guides (guides exist only there, whatever the primary is), and the
 * days that bound every computation:
 * - `historyStart`: first day the primary source has synced data for (a window starting earlier lacks
 *   history and its component is "not enough history", never 0). When the reporting zone differs from
 *   the zone the vendor's back-fill windows are cut in, that first day can be partial; we accept one
 *   slightly short day at the far end of the earliest windows rather than lose a day of history
 *   (with the default 90-day back-fill, the 30-day trend needs every one of them);
 * - `lastDay`: last COMPLETE day the source has data through (min of yesterday and data-through);
 * - `finalDay`: last complete day outside the late-data horizon (G5): alerts are evaluated on it.
 */
export interface CustomerData {
  customer: CustomerRecord;
  today: string;
  scope: MetricScope | null;
  /** The primary source's connection label, for evidence text. */
  sourceLabel: string | null;
  pendoScope: MetricScope | null;
  /** User-days from `rowsFrom` to `lastDay`, users numbered (userDayTable.ts). */
  usage: UserDayTable;
  /** Daily totals of the usage's days (the anomaly rule's input). */
  daily: ReadonlyMap<string, DailyUsage>;
  /** Feature usage of the primary source over the days health and alerts look at. */
  features: FeatureUsageSeries | null;
  /** Memo shared by every customer of one recompute. */
  run: FeatureSeriesRunCache;
  historyStart: string | null;
  lastDay: string | null;
  finalDay: string | null;
  /** First day `usage` and the feature series hold ('' = the whole history). */
  rowsFrom: string;
  /** Last day on or before `day` with any activity, also when it lies before `rowsFrom` (one seek then). */
  lastActivityUpTo(day: string): string | null;
  /** The usage's rows with day ≤ d as objects, ordered by day (the churn analysis). */
  rowsUpTo(day: string): readonly UserDayEvents[];
}

/** The days that bound a customer's computations, known before any usage is read. */
export interface CustomerBounds {
  historyStart: string;
  lastDay: string;
  finalDay: string | null;
  provisionalFrom: string | null;
}

/**
 * How far back a caller reads, decided from the bounds: user-days from `rowsFrom` and feature usage from
 * `featuresFrom` (each never earlier than the default reads). A caller that passes this must only ask
 * windows inside them; it gets the same answers as from a whole-history read.
 */
export type ReadWindow = (bounds: CustomerBounds) => { rowsFrom: string; featuresFrom: string };

export function loadCustomerData(
  ctx: MetricsContext,
  customer: CustomerRecord,
  run: FeatureSeriesRunCache,
  /** How many days before the last day feature usage is needed (history + windows). */
  featureLookbackDays: number,
  readWindow?: ReadWindow,
): CustomerData {
  const today = todayIn(ctx.clock, ctx.settings.timezone);
  const yesterday = addDays(today, -1);
  const sources = customerSources(
    ctx,
    customer.id,
    (connectionId) => run.connectionFacts(connectionId, () => readConnectionFacts(ctx, connectionId)),
    true,
  );
  const primary = sources.find((s) => s.primary);
  const pendo = sources.find((s) => s.vendor === 'pendo');
  const empty: CustomerData = {
    customer,
    today,
    scope: primary ? scopeOf(customer.id, primary) : null,
    sourceLabel: primary?.label ?? null,
    pendoScope: pendo ? scopeOf(customer.id, pendo) : null,
    usage: NO_USAGE,
    daily: new Map(),
    features: null,
    run,
    historyStart: null,
    lastDay: null,
    finalDay: null,
    rowsFrom: '',
    lastActivityUpTo: () => null,
    rowsUpTo: () => [],
  };
  if (!primary || primary.dataThrough === null) return empty;
  const scope = scopeOf(customer.id, primary);
  const first = run.historyStart(
    scope.connectionId,
    () =>
      (
        cachedStatement(ctx.store.sqlite, 'select min(min_day) as day from sync_windows where connection_id = ?').get(
          scope.connectionId,
        ) as { day: string | null }
      ).day,
  );
  if (first === null) return empty;
  const lastDay = earlierDay(primary.dataThrough, yesterday);
  const lastFinal = scope.provisionalFrom === null ? null : addDays(scope.provisionalFrom, -1);
  const finalDay = lastFinal === null ? null : earlierDay(lastFinal, lastDay);
  const window = readWindow?.({ historyStart: first, lastDay, finalDay, provisionalFrom: scope.provisionalFrom });
  const rowsFrom = window?.rowsFrom ?? '';
  const featuresFrom = laterDay(addDays(lastDay, -featureLookbackDays), window?.featuresFrom ?? '');
  const { table: usage, daily } = readCustomerUsage(ctx, scope, lastDay, rowsFrom);
  return {
    ...empty,
    scope,
    usage,
    daily,
    features: new FeatureUsageSeries(ctx, scope, featuresFrom, lastDay, run),
    historyStart: first,
    lastDay,
    finalDay,
    rowsFrom,
    lastActivityUpTo: (day: string) => {
      const upTo = usage.dayAfter(day);
      if (upTo > 0) return usage.days[upTo - 1] as string;
      return rowsFrom === '' ? null : lastActivityDay(ctx, scope, day);
    },
    rowsUpTo: (day: string) => usage.rowObjects(0, usage.dayStart[usage.dayAfter(day)]),
  };
}

const NO_USAGE = new UserDayTable([], new Int32Array(1), new Int32Array(0), new Float64Array(0), []);

/** The later of two "YYYY-MM-DD" labels. */
function laterDay(a: string, b: string): string {
  return a > b ? a : b;
}

/** The earlier of two "YYYY-MM-DD" labels (they sort as text). */
function earlierDay(a: string, b: string): string {
  return a < b ? a : b;
}
