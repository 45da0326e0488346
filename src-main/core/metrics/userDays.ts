import type { MetricScope, MetricsContext } from './context';
import { cachedRawStatement, cachedStatement, PACKED_SEPARATOR } from './statements';

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
 * `from` bounds the read for callers that only look at recent windows; they must not need first-ever
 * days. (The health recompute reads its ~65 days through health/usageRead.ts: per-user events and daily
 * totals, without each row's sessions and minutes; it falls back on this read.)
 * A single account (almost every customer) is read as one row per DAY, its rows' columns packed into
 * strings (group_concat in the covering index's (day, user_key) order) and split here: better-sqlite3
 * turning ~1,000 rows of five values into JS values was most of the read (~1 µs a row; as objects, a
 * third more), a day's five strings and their split cost a fraction. No GROUP BY (user, day): the rows
 * two sync windows hold for one user and day are adjacent and summed here (as SQL's sum: sessions stay
 * null when every row has none); grouping went through a temporary b-tree, 8× the index walk. The
 * columns are integers, whose text form parses back exactly.
 */
export function loadUserDays(ctx: MetricsContext, scope: MetricScope, to: string, from = ''): UserDay[] {
  const [account, ...others] = scope.accountIds;
  if (account === undefined) return [];
  if (others.length > 0) {
    const grouped = cachedRawStatement(
      ctx.store.sqlite,
      `select user_key, day, sum(events), sum(sessions), sum(minutes)
       from activity_days
       where connection_id = ? and account_id in (select value from json_each(?)) and day >= ? and day <= ?
       group by day, user_key order by day, user_key`,
    ).all(scope.connectionId, JSON.stringify(scope.accountIds), from, to) as RawUserDay[];
    return grouped.map((r) => ({ user: r[0], day: r[1], events: r[2], sessions: r[3], minutes: r[4] }));
  }
  const packed = cachedRawStatement(
    ctx.store.sqlite,
    `select day, count(*), group_concat(user_key, char(31)), group_concat(events, char(31)),
       group_concat(ifnull(sessions, ''), char(31)), group_concat(minutes, char(31))
     from activity_days where connection_id = ? and account_id = ? and day >= ? and day <= ? group by day order by day`,
  ).all(scope.connectionId, account, from, to) as PackedUserDays[];
  const out: UserDay[] = [];
  for (const [day, count, users, events, sessions, minutes] of packed) {
    const u = users.split(PACKED_SEPARATOR);
    const e = events.split(PACKED_SEPARATOR);
    const s = sessions.split(PACKED_SEPARATOR);
    const m = minutes.split(PACKED_SEPARATOR);
    // A key holding the separator (never a pseudonymised one): read this scope a row at a time.
    if (u.length !== count) return readUserDayRows(ctx, scope.connectionId, account, from, to);
    let last: UserDay | undefined;
    for (let i = 0; i < count; i++) {
      const user = u[i] as string;
      const sessionsText = s[i] as string;
      if (last !== undefined && last.user === user) {
        last.events += Number(e[i]);
        if (sessionsText !== '') last.sessions = (last.sessions ?? 0) + Number(sessionsText);
        last.minutes += Number(m[i]);
        continue;
      }
      last = {
        user,
        day,
        events: Number(e[i]),
        sessions: sessionsText === '' ? null : Number(sessionsText),
        minutes: Number(m[i]),
      };
      out.push(last);
    }
  }
  return out;
}

/** day, rows, then user_key, events, sessions ('' for none) and minutes of the day's rows joined by PACKED_SEPARATOR. */
type PackedUserDays = [string, number, string, string, string, string];

/** The single-account read a row per (user, day, window), for keys the packed read cannot split. */
function readUserDayRows(ctx: MetricsContext, connectionId: string, account: string, from: string, to: string): UserDay[] {
  const raw = cachedRawStatement(
    ctx.store.sqlite,
    `select user_key, day, events, sessions, minutes from activity_days
     where connection_id = ? and account_id = ? and day >= ? and day <= ? order by day, user_key`,
  ).all(connectionId, account, from, to) as RawUserDay[];
  const out: UserDay[] = [];
  let last: UserDay | undefined;
  for (const r of raw) {
    if (last !== undefined && last.user === r[0] && last.day === r[1]) {
      last.events += r[2];
      if (r[3] !== null) last.sessions = (last.sessions ?? 0) + r[3];
      last.minutes += r[4];
      continue;
    }
    last = { user: r[0], day: r[1], events: r[2], sessions: r[3], minutes: r[4] };
    out.push(last);
  }
  return out;
}

/** user_key, day, events, sessions, minutes. */
type RawUserDay = [string, string, number, number | null, number];

/** Last day on or before `to` with any activity of the scope: one index seek per account. */
export function lastActivityDay(ctx: MetricsContext, scope: MetricScope, to: string): string | null {
  const row = cachedStatement(
    ctx.store.sqlite,
    `select max((select max(d.day) from activity_days d where d.connection_id = ? and d.account_id = a.value and d.day <= ?)) as day
     from json_each(?) a`,
  ).get(scope.connectionId, to, JSON.stringify(scope.accountIds)) as { day: string | null };
  return row.day;
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
