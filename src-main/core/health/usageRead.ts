import { type DailyUsage, dailyUsageFrom } from '../anomalies/dailyUsage';
import type { MetricScope, MetricsContext } from '../metrics/context';
import { cachedRawStatement, PACKED_SEPARATOR } from '../metrics/statements';
import { loadUserDays } from '../metrics/userDays';
import { type UserDayTable, UserDayTableBuilder, userDayTableOf } from './userDayTable';

/** A customer's usage over [from, to] as the recompute reads it: per-user events and daily totals. */
export interface CustomerUsage {
  /** Ordered by day (and user key within a day), one row per user and day, users as numbers. */
  table: UserDayTable;
  /** The anomaly rule's daily totals (as `dailyUsageFrom` sums them), for the days with activity. */
  daily: Map<string, DailyUsage>;
}

/**
 * The user-days of a scope over [from, to] for the health recompute. The metrics engine's user-day read
 * (`loadUserDays`) gives every row its sessions and minutes, which health and the alert rules use only
 * as daily totals (the anomaly rule): here SQL sums them per day, and per row only the user key and
 * events come back, packed one row per day (group_concat in the covering index's (day, user_key)
 * order) and split here. Turning rows into JS values was most of the read (~1 µs a row); this costs
 * about half of the metrics read. The rows two sync windows hold for one user and day are adjacent and
 * summed, as there. The keys are numbered as they are split (userDayTable.ts: health and the rules
 * count users with integer marks). A list of accounts, or a key holding the separator (never a
 * pseudonymised one), is read through `loadUserDays`: the same rows and totals.
 */
export function readCustomerUsage(ctx: MetricsContext, scope: MetricScope, to: string, from: string): CustomerUsage {
  const [account, ...others] = scope.accountIds;
  if (account === undefined || others.length > 0) return fromUserDays(ctx, scope, to, from);
  const packed = cachedRawStatement(
    ctx.store.sqlite,
    `select day, count(*), group_concat(user_key, char(31)), group_concat(events, char(31)), coalesce(sum(sessions), 0), sum(minutes)
     from activity_days where connection_id = ? and account_id = ? and day >= ? and day <= ? group by day order by day`,
  ).all(scope.connectionId, account, from, to) as Array<[string, number, string, string, number, number]>;
  const table = new UserDayTableBuilder();
  const daily = new Map<string, DailyUsage>();
  for (const [day, count, users, events, sessions, minutes] of packed) {
    const u = users.split(PACKED_SEPARATOR);
    if (u.length !== count) return fromUserDays(ctx, scope, to, from);
    const e = events.split(PACKED_SEPARATOR);
    const totals: DailyUsage = { activeUsers: 0, events: 0, sessions: scope.eventLevel ? sessions : null, minutes };
    table.startDay(day);
    for (let i = 0; i < count; i++) {
      const n = Number(e[i]);
      totals.events += n;
      if (table.push(u[i] as string, n)) totals.activeUsers++;
    }
    daily.set(day, totals);
  }
  return { table: table.build(), daily };
}

function fromUserDays(ctx: MetricsContext, scope: MetricScope, to: string, from: string): CustomerUsage {
  const userDays = loadUserDays(ctx, scope, to, from);
  return {
    table: userDayTableOf(userDays),
    daily: dailyUsageFrom(userDays, scope.eventLevel),
  };
}
