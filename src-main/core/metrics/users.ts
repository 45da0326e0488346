import type { LifecycleWeek, UserActivity, UserMetrics } from '../../../src-shared/contract/metrics';
import { addDays, lastCompleteDays, type WeekStart, weekStartOf } from './calendar';
import type { MetricScope, MetricsContext } from './context';
import { frequencyBandOf } from './engagement';
import type { UserDay } from './userDays';

const LIST_SIZE = 10;
/** At risk: quiet for at least this many complete days (section 11 "no activity for 14 days")… */
const QUIET_DAYS = 14;
/** …after being active in the 30 days before the quiet stretch. */
const BEFORE_DAYS = 30;

/**
 * Users of one customer: power users (most active days in the last 30 complete days, then events),
 * at-risk users (last activity in the 30 days before a quiet stretch of ≥ 14 complete days, and nothing
 * since, today included), frequency bands (A4), cohort membership and weekly lifecycle.
 */
export function userMetrics(ctx: MetricsContext, scope: MetricScope, rows: readonly UserDay[], today: string): UserMetrics {
  const window = lastCompleteDays(today, 30);
  const stats = new Map<string, { activeDays: number; events: number; last: string }>();
  for (const r of rows) {
    const s = stats.get(r.user) ?? { activeDays: 0, events: 0, last: r.day };
    if (r.day > s.last) s.last = r.day;
    if (r.day >= window.from && r.day <= window.to) {
      s.activeDays++;
      s.events += r.events;
    }
    stats.set(r.user, s);
  }
  const readable = readableIds(ctx, scope, [...stats.keys()]);
  const toActivity = (user: string, s: { activeDays: number; events: number; last: string }): UserActivity => ({
    userKey: user,
    readableId: readable.get(user) ?? null,
    activeDays: s.activeDays,
    events: s.events,
    lastActiveDay: s.last,
  });
  const power = [...stats.entries()]
    .filter(([, s]) => s.activeDays > 0)
    .sort((a, b) => b[1].activeDays - a[1].activeDays || b[1].events - a[1].events || (a[0] < b[0] ? -1 : 1))
    .slice(0, LIST_SIZE)
    .map(([u, s]) => toActivity(u, s));
  const quietFrom = addDays(today, -QUIET_DAYS);
  const beforeFrom = addDays(quietFrom, -BEFORE_DAYS);
  const atRisk = [...stats.entries()]
    .filter(([, s]) => s.last < quietFrom && s.last >= beforeFrom)
    .sort((a, b) => (a[1].last < b[1].last ? 1 : a[1].last > b[1].last ? -1 : a[0] < b[0] ? -1 : 1))
    .map(([u, s]) => toActivity(u, s));
  const frequency = { low: 0, medium: 0, high: 0 };
  for (const s of stats.values()) {
    const band = frequencyBandOf(s.activeDays);
    if (band) frequency[band]++;
  }
  return {
    powerUsers: power,
    atRiskUsers: atRisk,
    frequency,
    cohorts: cohortMembership(ctx, scope.connectionId, new Set(stats.keys())),
    lifecycle: lifecycleWeeks(rows, today, ctx.settings.weekStart, 12),
  };
}

function readableIds(ctx: MetricsContext, scope: MetricScope, users: string[]): Map<string, string> {
  if (!ctx.settings.storeReadableUserIds || users.length === 0) return new Map();
  const rows = ctx.store.sqlite
    .prepare(
      `select user_key as user, readable_id as id from vendor_users
       where connection_id = ? and user_key in (select value from json_each(?)) and readable_id is not null`,
    )
    .all(scope.connectionId, JSON.stringify(users)) as Array<{ user: string; id: string }>;
  return new Map(rows.map((r) => [r.user, r.id]));
}

function cohortMembership(ctx: MetricsContext, connectionId: string, users: Set<string>): UserMetrics['cohorts'] {
  if (users.size === 0) return [];
  const rows = ctx.store.sqlite
    .prepare(
      `select c.cohort_id as cohortId, c.name as name, count(m.user_key) as members
       from cohorts c join cohort_members m on m.connection_id = c.connection_id and m.cohort_id = c.cohort_id
       where c.connection_id = ? and m.user_key in (select value from json_each(?))
       group by c.cohort_id, c.name order by members desc, c.name`,
    )
    .all(connectionId, JSON.stringify([...users])) as UserMetrics['cohorts'];
  return rows;
}

/**
 * Lifecycle per calendar week (L1, L2): new = the week of the user's first-ever active day; returning =
 * active this week and the week before; resurrecting = active this week, not the week before, not new;
 * dormant = active the week before, not this week. The running week is flagged incomplete.
 */
export function lifecycleWeeks(rows: readonly UserDay[], today: string, weekStart: WeekStart, weeks: number): LifecycleWeek[] {
  const current = weekStartOf(today, weekStart);
  const first = addDays(current, -7 * (weeks - 1));
  const birth = new Map<string, string>();
  const activeIn = new Map<string, Set<string>>();
  for (const r of rows) {
    if (r.day > today) continue;
    const week = weekStartOf(r.day, weekStart);
    const b = birth.get(r.user);
    if (b === undefined || week < b) birth.set(r.user, week);
    const set = activeIn.get(week) ?? new Set<string>();
    set.add(r.user);
    activeIn.set(week, set);
  }
  const out: LifecycleWeek[] = [];
  for (let week = first; week <= current; week = addDays(week, 7)) {
    const now = activeIn.get(week) ?? new Set<string>();
    const before = activeIn.get(addDays(week, -7)) ?? new Set<string>();
    const row: LifecycleWeek = { week, new: 0, returning: 0, resurrecting: 0, dormant: 0, incomplete: week === current };
    for (const u of now) {
      if (birth.get(u) === week) row.new++;
      else if (before.has(u)) row.returning++;
      else row.resurrecting++;
    }
    for (const u of before) if (!now.has(u)) row.dormant++;
    out.push(row);
  }
  return out;
}
