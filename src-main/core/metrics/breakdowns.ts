/**
 * Property breakdowns (settings.breakdownProperties): a customer's events and users by the value of a
 * property kept at ingest, and a funnel's steps per value. Rows carry window keys, so events are
 * SUMmed and users COUNT(DISTINCT user_key) across windows, like every other aggregate.
 */
import type { DayRange, FunnelBreakdown, PropertyBreakdown } from '../../../src-shared/contract';
import { createLocalDayResolver } from '../ingest';
import type { MetricScope, MetricsContext } from './context';
import { DEFAULT_FUNNEL_WINDOW_SECONDS } from './funnel';
import { type ActorPath, bestPath, type FunnelEvent, funnelSteps } from './funnelMath';

export const NOT_SET = '(not set)';

type Scope = Pick<MetricScope, 'customerId' | 'connectionId' | 'accountIds' | 'eventLevel'>;

/** Properties with stored values for the scope in the range, in the order of `preferred` first. */
export function availableProperties(ctx: MetricsContext, scope: Scope, range: DayRange, preferred: readonly string[]): string[] {
  const rows = ctx.store.sqlite
    .prepare(
      `select distinct property from property_event_days
       where connection_id = ? and account_id in (select value from json_each(?)) and day between ? and ?`,
    )
    .all(scope.connectionId, JSON.stringify(scope.accountIds), range.from, range.to) as Array<{ property: string }>;
  const found = rows.map((r) => r.property);
  const rank = (p: string): number => {
    const i = preferred.indexOf(p);
    return i < 0 ? preferred.length : i;
  };
  return found.sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
}

export function propertyBreakdown(
  ctx: MetricsContext,
  scope: Scope,
  request: { property: string | null; range: DayRange; preferred: readonly string[] },
): PropertyBreakdown {
  const { range } = request;
  const available = availableProperties(ctx, scope, range, request.preferred);
  const property = request.property ?? available[0] ?? request.preferred[0] ?? '';
  const accounts = JSON.stringify(scope.accountIds);
  const db = ctx.store.sqlite;
  const events = db
    .prepare(
      `select value, sum(events) as events from property_event_days
       where connection_id = ? and account_id in (select value from json_each(?)) and property = ? and day between ? and ?
       group by value`,
    )
    .all(scope.connectionId, accounts, property, range.from, range.to) as Array<{ value: string; events: number }>;
  const users = db
    .prepare(
      `select value, count(distinct user_key) as users from property_user_days
       where connection_id = ? and account_id in (select value from json_each(?)) and property = ? and day between ? and ?
       group by value`,
    )
    .all(scope.connectionId, accounts, property, range.from, range.to) as Array<{ value: string; users: number }>;
  const usersOf = new Map(users.map((u) => [u.value, u.users]));
  const values = events
    .map((e) => ({ value: e.value, events: e.events, users: usersOf.get(e.value) ?? 0 }))
    .sort((a, b) => b.events - a.events || a.value.localeCompare(b.value));

  const eventRows = db
    .prepare(
      `select event_name as event, value, sum(events) as events from property_event_days
       where connection_id = ? and account_id in (select value from json_each(?)) and property = ? and day between ? and ?
       group by event_name, value order by events desc, event_name, value limit 200`,
    )
    .all(scope.connectionId, accounts, property, range.from, range.to) as Array<{ event: string; value: string; events: number }>;
  // Users per (event, value): users who did the event on a day they had the value.
  const eventUsers = db
    .prepare(
      `select i.item_id as event, p.value as value, count(distinct i.user_key) as users
       from item_days i join property_user_days p
         on p.connection_id = i.connection_id and p.account_id = i.account_id and p.day = i.day and p.user_key = i.user_key
       where i.connection_id = ? and i.account_id in (select value from json_each(?)) and i.kind = 'event'
         and i.day between ? and ? and p.property = ?
       group by i.item_id, p.value`,
    )
    .all(scope.connectionId, accounts, range.from, range.to, property) as Array<{ event: string; value: string; users: number }>;
  const eventUsersOf = new Map(eventUsers.map((r) => [`${r.event}\u0000${r.value}`, r.users]));
  return {
    customerId: scope.customerId ?? '',
    connectionId: scope.connectionId,
    property,
    range,
    available,
    values,
    byEvent: eventRows.map((r) => ({ ...r, users: eventUsersOf.get(`${r.event}\u0000${r.value}`) ?? 0 })),
  };
}

/** Each user's latest value of the property in the scope (by day, then most events that day). */
export function latestUserValues(ctx: MetricsContext, scope: Scope, property: string, through: string): Map<string, string> {
  const rows = ctx.store.sqlite
    .prepare(
      `select user_key as user, value, day, sum(events) as events from property_user_days
       where connection_id = ? and account_id in (select value from json_each(?)) and property = ? and day <= ?
       group by user_key, value, day order by user_key, day, events`,
    )
    .all(scope.connectionId, JSON.stringify(scope.accountIds), property, through) as Array<{
    user: string;
    value: string;
    day: string;
    events: number;
  }>;
  const out = new Map<string, string>();
  // Ordered by day then events: the last row per user wins.
  for (const row of rows) out.set(row.user, row.value);
  return out;
}

export function funnelBreakdown(
  ctx: MetricsContext,
  scope: Scope,
  request: { property: string; steps: string[]; range: DayRange },
): FunnelBreakdown {
  const userValue = latestUserValues(ctx, scope, request.property, request.range.to);
  const byUser = orderedPathsByUser(ctx, scope, request.steps, request.range);
  const groups = new Map<string, ActorPath[]>();
  for (const [user, path] of byUser) {
    const value = userValue.get(user) ?? NOT_SET;
    const list = groups.get(value);
    if (list) list.push(path);
    else groups.set(value, [path]);
  }
  const segments = [...groups].map(([value, paths]) => {
    const steps = funnelSteps(paths, request.steps);
    const entered = steps[0]?.count ?? 0;
    const last = steps[steps.length - 1]?.count ?? 0;
    return { value, entered, conversion: entered === 0 ? null : last / entered, steps };
  });
  segments.sort((a, b) => b.entered - a.entered || a.value.localeCompare(b.value));
  return {
    customerId: scope.customerId ?? '',
    connectionId: scope.connectionId,
    property: request.property,
    steps: request.steps,
    range: request.range,
    segments,
  };
}

const DAY_MS = 86_400_000;

/**
 * Each user's credited path through an ordered funnel over the scope's key events (the same rules as
 * metrics.funnel: entry day in the range, default window; one event per user, name and time).
 */
function orderedPathsByUser(ctx: MetricsContext, scope: Scope, steps: string[], range: DayRange): Map<string, ActorPath> {
  const windowMs = DEFAULT_FUNNEL_WINDOW_SECONDS * 1000;
  const fromMs = Date.parse(`${range.from}T00:00:00Z`) - DAY_MS;
  const toMs = Date.parse(`${range.to}T00:00:00Z`) + 2 * DAY_MS + windowMs;
  const rows = ctx.store.sqlite
    .prepare(
      `select distinct user_key as user, event_name as name, ts from key_events
       where connection_id = ? and account_id in (select value from json_each(?))
         and event_name in (select value from json_each(?)) and ts between ? and ?
       order by user_key, ts`,
    )
    .all(scope.connectionId, JSON.stringify(scope.accountIds), JSON.stringify(steps), fromMs, toMs) as Array<
    FunnelEvent & { user: string }
  >;
  const events = new Map<string, FunnelEvent[]>();
  for (const row of rows) {
    const list = events.get(row.user);
    if (list) list.push({ name: row.name, ts: row.ts });
    else events.set(row.user, [{ name: row.name, ts: row.ts }]);
  }
  const dayOf = createLocalDayResolver(ctx.settings.timezone);
  const canEnter = (ts: number): boolean => {
    const day = dayOf(ts);
    return day >= range.from && day <= range.to;
  };
  const out = new Map<string, ActorPath>();
  for (const [user, list] of events) out.set(user, bestPath(list, { steps, order: 'ordered', windowMs, canEnter }));
  return out;
}
