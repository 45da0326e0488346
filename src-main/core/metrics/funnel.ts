import type { DayRange, FunnelOrder, FunnelResult, UnavailableReason } from '../../../src-shared/contract/metrics';
import { localDayResolverFor } from './calendar';
import type { MetricScope, MetricsContext } from './context';
import { type ActorPath, bestPath, dropOffStep, type FunnelEvent, funnelSteps, median, secondsToConvert } from './funnelMath';

export interface FunnelDefinition {
  name?: string;
  steps: string[];
  order?: FunnelOrder;
  /** Default 14 days (PostHog parity, section 14). */
  windowSeconds?: number;
  /** Days (reporting zone) in which step 1 may happen. */
  range: DayRange;
}

export const DEFAULT_FUNNEL_WINDOW_SECONDS = 14 * 86_400;
const DAY_MS = 86_400_000;

/**
 * Key events of the scope per actor, deduplicated: the same event of a user in two linked accounts
 * (stored once per account, G7) or in two overlapping windows is one event for the funnel.
 * Strict funnels need every key event (another key event between steps breaks the attempt).
 */
function loadKeyEvents(
  ctx: MetricsContext,
  connectionId: string,
  accountIds: readonly string[],
  names: readonly string[] | null,
  fromMs: number,
  toMs: number,
): Map<string, FunnelEvent[]> {
  const rows = ctx.store.sqlite
    .prepare(
      `select distinct account_id as account, user_key as user, event_name as name, ts from key_events
       where connection_id = ? and account_id in (select value from json_each(?))
         and (? is null or event_name in (select value from json_each(?))) and ts between ? and ?
       order by user_key, ts`,
    )
    .all(connectionId, JSON.stringify(accountIds), names ? 1 : null, JSON.stringify(names ?? []), fromMs, toMs) as Array<
    FunnelEvent & { user: string; account: string }
  >;
  const out = new Map<string, FunnelEvent[]>();
  const seen = new Set<string>();
  for (const row of rows) {
    const key = `${row.user}\u0000${row.name}\u0000${row.ts}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const list = out.get(row.user);
    if (list) list.push({ name: row.name, ts: row.ts });
    else out.set(row.user, [{ name: row.name, ts: row.ts }]);
  }
  return out;
}

export interface FunnelComputation {
  paths: ActorPath[];
  unavailable: UnavailableReason | null;
}

/** The credited paths of every actor in the given accounts of a connection. */
export function funnelPaths(
  ctx: MetricsContext,
  source: Pick<MetricScope, 'connectionId' | 'eventLevel'> & { accountIds: readonly string[] },
  definition: FunnelDefinition,
): FunnelComputation {
  // Funnels follow individual events in time; a day-bucket source (Pendo) has none, so any funnel on it
  // is unavailable with that reason rather than "nobody entered".
  if (!source.eventLevel) return { paths: [], unavailable: 'needs-event-level-data' };
  const missing = definition.steps.filter((s) => !ctx.settings.keyEvents.includes(s));
  if (missing.length > 0) return { paths: [], unavailable: 'no-key-events' };
  const order = definition.order ?? 'ordered';
  const windowMs = (definition.windowSeconds ?? DEFAULT_FUNNEL_WINDOW_SECONDS) * 1000;
  // Shared per zone: the benchmark runs this for every customer of the connection.
  const dayOf = localDayResolverFor(ctx.settings.timezone);
  // Local days are at most ±14 h from UTC midnight; a one-day margin on both sides, then the exact test.
  const fromMs = Date.parse(`${definition.range.from}T00:00:00Z`) - DAY_MS;
  const toMs = Date.parse(`${definition.range.to}T00:00:00Z`) + 2 * DAY_MS + windowMs;
  const byUser = loadKeyEvents(
    ctx,
    source.connectionId,
    source.accountIds,
    order === 'strict' ? null : definition.steps,
    fromMs,
    toMs,
  );
  const canEnter = (ts: number) => {
    const day = dayOf(ts);
    return day >= definition.range.from && day <= definition.range.to;
  };
  const paths: ActorPath[] = [];
  for (const events of byUser.values()) {
    paths.push(bestPath(events, { steps: definition.steps, order, windowMs, canEnter }));
  }
  return { paths, unavailable: null };
}

/** A funnel over the scope's key events (section 6), with the portfolio benchmark when asked. */
export function computeFunnel(
  ctx: MetricsContext,
  scope: MetricScope,
  definition: FunnelDefinition,
  benchmark: { conversion: number | null; accounts: number } | null = null,
): FunnelResult {
  const order = definition.order ?? 'ordered';
  const windowSeconds = definition.windowSeconds ?? DEFAULT_FUNNEL_WINDOW_SECONDS;
  const { paths, unavailable } = funnelPaths(ctx, scope, definition);
  if (unavailable) benchmark = null;
  const steps = funnelSteps(paths, definition.steps);
  const first = steps[0]?.count ?? 0;
  const last = steps[steps.length - 1]?.count ?? 0;
  return {
    name: definition.name ?? definition.steps.join(' → '),
    steps,
    order,
    windowSeconds,
    range: definition.range,
    conversion: unavailable ? { value: null, unavailable } : { value: first === 0 ? null : last / first, unavailable: null },
    dropOffStep: dropOffStep(steps),
    medianSecondsToConvert: median(secondsToConvert(paths, definition.steps.length)),
    benchmark,
    source: { connectionId: scope.connectionId, vendor: scope.vendor },
  };
}

/**
 * Portfolio benchmark: the median overall conversion of the same funnel over every customer linked on
 * the connection that had at least one actor entering (customers without entrants have no rate).
 */
export function funnelBenchmark(
  ctx: MetricsContext,
  source: Pick<MetricScope, 'connectionId' | 'eventLevel'>,
  definition: FunnelDefinition,
): { conversion: number | null; accounts: number } {
  const steps = funnelBenchmarkSteps(ctx, source, definition);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/**
 * funnelBenchmark one customer at a time: the generator yields after each customer, so a background
 * fill (memoWarmer) can let requests in between; run to the end it is funnelBenchmark.
 */
export function* funnelBenchmarkSteps(
  ctx: MetricsContext,
  source: Pick<MetricScope, 'connectionId' | 'eventLevel'>,
  definition: FunnelDefinition,
): Generator<void, { conversion: number | null; accounts: number }> {
  const links = ctx.store.sqlite
    .prepare(
      `select customer_id as customer, account_id as account from account_links where connection_id = ? and account_id != ''`,
    )
    .all(source.connectionId) as Array<{ customer: string; account: string }>;
  const byCustomer = new Map<string, string[]>();
  for (const l of links) byCustomer.set(l.customer, [...(byCustomer.get(l.customer) ?? []), l.account]);
  const rates: number[] = [];
  for (const accountIds of byCustomer.values()) {
    const { paths, unavailable } = funnelPaths(ctx, { ...source, accountIds }, definition);
    if (unavailable) return { conversion: null, accounts: 0 };
    yield;
    const entered = paths.filter((p) => p.length > 0).length;
    if (entered === 0) continue;
    rates.push(paths.filter((p) => p.length === definition.steps.length).length / entered);
  }
  return { conversion: median(rates), accounts: rates.length };
}

export interface SavedFunnel {
  connectionId: string;
  funnelId: string;
  name: string;
  steps: string[];
  windowSeconds: number | null;
}

/** Mixpanel's saved funnels, imported by sync, usable as funnel definitions. */
export function savedFunnels(ctx: MetricsContext, connectionId?: string): SavedFunnel[] {
  const rows = ctx.store.sqlite
    .prepare(
      `select connection_id as connectionId, funnel_id as funnelId, name, steps_json as steps, window_seconds as windowSeconds
       from saved_funnels where (? is null or connection_id = ?) order by name`,
    )
    .all(connectionId ?? null, connectionId ?? null) as Array<Omit<SavedFunnel, 'steps'> & { steps: string }>;
  return rows.map((r) => ({ ...r, steps: parseSteps(r.steps) }));
}

function parseSteps(json: string): string[] {
  try {
    const value: unknown = JSON.parse(json);
    if (!Array.isArray(value)) return [];
    return value.map((s) =>
      typeof s === 'string' ? s : typeof s === 'object' && s && 'event' in s ? String(s.event) : String(s),
    );
  } catch {
    return [];
  }
}
