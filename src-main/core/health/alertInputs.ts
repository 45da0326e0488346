import type { HealthConfig } from '../../../src-shared/contract/health';
import type { DayRange, UserActivity } from '../../../src-shared/contract/metrics';
import type { AlertInputs, FeatureWindow } from '../alerts';
import { CONFIRM_LOOKBACK_DAYS } from '../anomalies/sensitivity';
import type { MetricsContext } from '../metrics/context';
import { guideMetrics } from '../metrics/guides';
import type { CustomerData } from './customerData';
import { workspaceGuides } from './featureUsageSeries';
import type { SnapshotStore } from './snapshotStore';

/**
 * The alert rules' view of one customer on one evaluated day, over the metrics engine: active users
 * and events from the engine's engagement header (asked "as of" the window's end), guide metrics from
 * the engine, feature usage per window from featureUsageSeries (the engine's definitions, one read per
 * customer), health from the stored snapshots. Per-user activity over an arbitrary
 * window (the champion rule) is a plain aggregation of the engine's own user-days. Only data up to the
 * evaluated day is ever read.
 */
export function alertInputsFor(
  ctx: MetricsContext,
  data: CustomerData,
  day: string,
  snapshots: Pick<SnapshotStore, 'scoreOn'>,
  bandCutoffs: { yellow: number; green: number },
): AlertInputs {
  const scope = data.scope;
  if (!scope || !data.historyStart) throw new Error('alert inputs need a customer with a synced source');
  let readable: Map<string, string> | null = null;
  const readableIds = (): Map<string, string> => {
    if (readable) return readable;
    readable = new Map();
    if (ctx.settings.storeReadableUserIds) {
      const list = ctx.store.sqlite
        .prepare(
          'select user_key as user, readable_id as id from vendor_users where connection_id = ? and readable_id is not null',
        )
        .all(scope.connectionId) as Array<{ user: string; id: string }>;
      for (const r of list) readable.set(r.user, r.id);
    }
    return readable;
  };
  return {
    customer: { id: data.customer.id, name: data.customer.name, owner: data.customer.owner },
    day,
    historyStart: data.historyStart,
    source: { connectionId: scope.connectionId, label: data.sourceLabel ?? scope.connectionId, vendor: scope.vendor },
    usage(range: DayRange) {
      // The engine's engagementHeader over the window [from, to] (as of to + 1): its active users and
      // events only, without the rest of the header (first days, rolling series, month stickiness),
      // which took 10% of a recompute for two numbers.
      return data.usage.usage(range.from, range.to);
    },
    dailyUsage() {
      const totals = data.daily;
      return {
        historyStart: data.historyStart as string,
        hasSessions: scope.eventLevel,
        on: (d: string) => (d > day ? undefined : totals.get(d)),
      };
    },
    lastActivityDay() {
      return data.lastActivityUpTo(day);
    },
    users(range: DayRange): UserActivity[] {
      // Only users active in the range are listed: their rows in it, then the later ones up to the
      // evaluated day for their last active day (rows are ordered by day). Listed in first-activity
      // order within the range (the champion rule sorts them fully).
      // Users are numbers here (userDayTable.ts): a user's entry is found through `slot` (valid while
      // `marks` holds this pass's mark), and its key looked up once at the end.
      const to = range.to < day ? range.to : day;
      const table = data.usage;
      const { marks, mark } = table.newMark();
      const slot = new Int32Array(table.userCount);
      const listed: number[] = [];
      const stats: Array<{ activeDays: number; events: number; lastDay: number }> = [];
      const { dayStart, user, events } = table;
      const lastDayIn = table.dayAfter(day);
      for (let d = table.dayAtOrAfter(range.from), end = table.dayAfter(to); d < end; d++)
        for (let r = dayStart[d] as number, next = dayStart[d + 1] as number; r < next; r++) {
          const u = user[r] as number;
          if (marks[u] !== mark) {
            marks[u] = mark;
            slot[u] = stats.length;
            listed.push(u);
            stats.push({ activeDays: 1, events: events[r] as number, lastDay: d });
          } else {
            const s = stats[slot[u] as number] as (typeof stats)[number];
            s.activeDays++;
            s.events += events[r] as number;
            s.lastDay = d;
          }
        }
      if (to < day)
        for (let d = table.dayAfter(to); d < lastDayIn; d++)
          for (let r = dayStart[d] as number, next = dayStart[d + 1] as number; r < next; r++) {
            const u = user[r] as number;
            if (marks[u] === mark) (stats[slot[u] as number] as (typeof stats)[number]).lastDay = d;
          }
      const ids = readableIds();
      return stats.map((s, i) => {
        const userKey = table.userKeys[listed[i] as number] as string;
        return {
          userKey,
          readableId: ids.get(userKey) ?? null,
          activeDays: s.activeDays,
          events: s.events,
          lastActiveDay: table.days[s.lastDay] as string,
        };
      });
    },
    features(range: DayRange): FeatureWindow | null {
      const series = data.features;
      if (!series) return null;
      const usage = series.usage(range);
      const lastUsed = series.lastUsed(range.to);
      const ids = new Set([...usage.users.keys(), ...usage.core]);
      return {
        window: range,
        activeUsers: data.usage.usage(range.from, range.to).activeUsers,
        features: [...ids].map((id) => ({
          id,
          name: series.name(id),
          core: usage.core.has(id),
          users: usage.users.get(id) ?? 0,
          lastUsedDay: lastUsed.get(id) ?? null,
        })),
      };
    },
    oneOffEvents: new Set(ctx.settings.keyEvents),
    guides(range: DayRange) {
      return data.pendoScope ? guideMetrics(ctx, data.pendoScope, range) : null;
    },
    workspaceGuides(range: DayRange) {
      return data.pendoScope ? workspaceGuides(ctx, data.pendoScope, range, data.run) : null;
    },
    bandCutoffs,
    weekStart: ctx.settings.weekStart,
    health(d: string) {
      return snapshots.scoreOn(data.customer.id, d);
    },
  };
}

/**
 * How many days before (and including) an evaluated day the rules read user-days and feature usage, so
 * a recompute can read just those (plus the components' windows) instead of the whole year. Follows
 * each rule's windows: usage drop (two windows, the later one may end up to 6 days early when aligned
 * to weeks), key feature abandoned (two windows; a finding's last-used day lies in the earlier one, as
 * it needs users there), champion (reference + quiet windows; a user's last active day is only asked
 * for users active in the window), anomaly (the same weekday `baselineWeeks` back from each of the
 * last CONFIRM_LOOKBACK_DAYS days). No activity reads the last active day, which
 * CustomerData.lastActivityUpTo seeks when it lies earlier; guides and health read their own tables.
 * A new rule reading user-days or features must add its windows here (recompute.test.ts compares a
 * bounded recompute with a whole-history one).
 */
export function alertLookbackDays(rules: HealthConfig['rules']): { rows: number; features: number } {
  const features = 2 * rules.featureAbandoned.windowDays;
  const rows = Math.max(
    2 * rules.usageDrop.windowDays + 6,
    features,
    rules.championInactive.days + rules.championInactive.referenceDays,
    CONFIRM_LOOKBACK_DAYS + 7 * rules.anomaly.baselineWeeks,
  );
  return { rows, features };
}
