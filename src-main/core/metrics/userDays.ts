import type { MetricScope, MetricsContext } from './context';

/** One user's activity on one day of a scope, summed over sync windows and the scope's accounts. */
export interface UserDay {
  user: string;
  day: string;
  events: number;
  /** Null when the source has no sessions (Pendo buckets). */
  sessions: number | null;
  minutes: number;
}

/**
 * All user-days of a scope up to `to` (inclusive), ordered by day. Full history is read on purpose:
 * "new user" and first-time cohorts need each user's first-ever day (pitfall 4). Served by the
 * covering activity_by_account_day_cover index (migration 0005); a user in two linked accounts of the
 * same customer is one user (distinct user_key), so rows are summed per (user, day).
 */
export function loadUserDays(ctx: MetricsContext, scope: MetricScope, to: string): UserDay[] {
  return ctx.store.sqlite
    .prepare(
      `select user_key as user, day, sum(events) as events, sum(sessions) as sessions, sum(minutes) as minutes
       from activity_days
       where connection_id = ? and account_id in (select value from json_each(?)) and day <= ?
       group by day, user_key order by day, user_key`,
    )
    .all(scope.connectionId, JSON.stringify(scope.accountIds), to) as UserDay[];
}

/** Each actor's sorted active days. */
export function daysByActor(rows: ReadonlyArray<{ user: string; day: string }>): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const row of rows) {
    const list = out.get(row.user);
    if (!list) out.set(row.user, [row.day]);
    else if (list[list.length - 1] !== row.day) list.push(row.day);
  }
  for (const list of out.values()) list.sort();
  return out;
}
