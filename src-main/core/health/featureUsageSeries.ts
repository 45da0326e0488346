import type { DayRange, GuideMetrics } from '../../../src-shared/contract/metrics';
import { addDays } from '../metrics/calendar';
import { connectionFeatureUsers } from '../metrics/connectionFeatureUsers';
import type { MetricScope, MetricsContext } from '../metrics/context';
import { guideMetrics } from '../metrics/guides';
import type { ConnectionFacts } from '../metrics/sources';
import { cachedRawStatement, PACKED_SEPARATOR } from '../metrics/statements';

/** Same cut-off as the metrics engine: the N most used features stand in for core features when the catalogue marks none. */
const TOP_USED_CORE = 10;

/** item_id, day, user_key. */
type ItemUse = readonly [id: string, day: string, user: string];

/**
 * A scope's item uses grouped by day: `days` ascending, and for `days[i]` the (feature, user) pairs of
 * that day as two parallel lists, in the order the rows were read.
 */
interface ItemUsesByDay {
  days: string[];
  items: string[][];
  users: string[][];
}

export interface FeatureWindowUsage {
  /** Core features of the connection for this window (catalogue flags, else the connection's top used). */
  core: ReadonlySet<string>;
  coreBasis: 'catalog' | 'top-used' | 'none';
  /** Distinct users per feature of this customer in the window. */
  users: ReadonlyMap<string, number>;
  /** breadth = core features used / core features; null without core features. */
  breadth: number | null;
  coreUsed: number;
}

/**
 * Feature usage of one customer over ANY window, for the health back-fill (a breadth per day for 90
 * days) and the "key feature abandoned" rule (two windows per evaluated day).
 *
 * Why this module exists: the metrics engine's featureAdoption answers one window per call and also
 * builds the heatmap and peer medians; at 20-50 ms a call, 90 days × every customer made a back-fill take
 * minutes. This reads the customer's item_days once (grouped by day) and the connection's once per run,
 * then answers each window in memory: `coreUsage` for a breadth (which features anyone used: no user
 * sets), `usage` where the rule needs distinct users per feature. It follows featureAdoption's
 * definitions (breadth = share of core features used by anyone in the window; core = the catalogue's
 * core flags, else the connection's TOP_USED_CORE features by distinct users, ties by id), and the
 * integration test checks that both agree on the synced demo portfolio.
 *
 * One choice differs from ranking each window on its own: without core flags, every window of a
 * recompute uses the ranking of the same-length window ending on the connection's last complete day
 * (the window the account page ranks), for the history days and the rules' earlier windows too. So a
 * customer's breadth history measures one set of features, as designated core events do in Pendo,
 * rather than a set that moves from day to day; and the ranking (a read of the whole connection's
 * window, 0.1-1 s) is made once per recompute instead of once per window: a first sync scores 90 days
 * and replays 42 alert days, ~130 windows, which took 100-140 s of a 10M-event first sync on each thread.
 */
export class FeatureUsageSeries {
  private readonly uses: ItemUsesByDay;
  private featuresOnCache: string[][] | null = null;
  private readonly coreCache: Map<string, { core: Set<string>; basis: FeatureWindowUsage['coreBasis'] }>;

  constructor(
    private readonly ctx: MetricsContext,
    private readonly scope: MetricScope,
    from: string,
    private readonly to: string,
    private readonly shared: FeatureSeriesRunCache,
  ) {
    this.uses = readItemUses(ctx, scope, from, to);
    this.coreCache = shared.coreFor(scope.connectionId);
  }

  /** Feature names from the connection's catalogue (event names are their own names). */
  name(id: string): string {
    return this.shared.catalog(this.ctx, this.scope).get(id)?.name ?? id;
  }

  usage(window: DayRange): FeatureWindowUsage {
    const users = new Map<string, Set<string>>();
    const { days, items, users: usersOn } = this.uses;
    for (let d = firstAtOrAfter(days, window.from); d < days.length && (days[d] as string) <= window.to; d++) {
      const ids = items[d] as string[];
      const who = usersOn[d] as string[];
      for (let i = 0; i < ids.length; i++) {
        const id = ids[i] as string;
        let set = users.get(id);
        if (!set) {
          set = new Set();
          users.set(id, set);
        }
        set.add(who[i] as string);
      }
    }
    const { core, basis } = this.core(window);
    let coreUsed = 0;
    for (const id of core) if ((users.get(id)?.size ?? 0) > 0) coreUsed++;
    return {
      core,
      coreBasis: basis,
      users: new Map([...users].map(([id, set]) => [id, set.size])),
      breadth: core.size === 0 ? null : coreUsed / core.size,
      coreUsed,
    };
  }

  /**
   * `usage` without the users per feature: what a breadth needs (which features anyone used), for each
   * scored day's window, without a set of users per feature.
   */
  coreUsage(window: DayRange): Omit<FeatureWindowUsage, 'users'> {
    const used = new Set<string>();
    const { days } = this.uses;
    const featuresOn = this.featuresOn();
    for (let d = firstAtOrAfter(days, window.from); d < days.length && (days[d] as string) <= window.to; d++)
      for (const id of featuresOn[d] as string[]) used.add(id);
    const { core, basis } = this.core(window);
    let coreUsed = 0;
    for (const id of core) if (used.has(id)) coreUsed++;
    return { core, coreBasis: basis, breadth: core.size === 0 ? null : coreUsed / core.size, coreUsed };
  }

  /** Last day on or before `day` each feature was used (one pass). */
  lastUsed(day: string): Map<string, string> {
    const out = new Map<string, string>();
    const { days } = this.uses;
    const used = this.featuresOn();
    for (let d = 0; d < days.length && (days[d] as string) <= day; d++)
      for (const id of used[d] as string[]) out.set(id, days[d] as string);
    return out;
  }

  /**
   * Each day's distinct features, in first-use order (a day's uses repeat a feature once per user): what
   * a breadth and a last-used day need, without walking every use. Built on first use.
   */
  private featuresOn(): string[][] {
    if (!this.featuresOnCache) this.featuresOnCache = this.uses.items.map((ids) => [...new Set(ids)]);
    return this.featuresOnCache;
  }

  private core(window: DayRange): { core: Set<string>; basis: FeatureWindowUsage['coreBasis'] } {
    // The window of the same length ending on the last complete day ranks the features (see above).
    const ranked = windowEnding(this.to, dayCount(window));
    const key = `${ranked.from}|${ranked.to}`;
    const hit = this.coreCache.get(key);
    if (hit) return hit;
    const catalog = this.shared.catalog(this.ctx, this.scope);
    let result: { core: Set<string>; basis: FeatureWindowUsage['coreBasis'] };
    const flagged = new Set([...catalog].filter(([, c]) => c.core).map(([id]) => id));
    if (flagged.size > 0) result = { core: flagged, basis: 'catalog' };
    else {
      const top = connectionFeatureUsers(this.ctx.store.sqlite, this.scope.connectionId, kindOf(this.scope), ranked)
        .sort((a, b) => b.users - a.users || (a.id < b.id ? -1 : 1))
        .slice(0, TOP_USED_CORE)
        .map((t) => t.id);
      result = top.length > 0 ? { core: new Set(top), basis: 'top-used' } : { core: new Set(), basis: 'none' };
    }
    this.coreCache.set(key, result);
    return result;
  }
}

/** Per-recompute memo shared by every customer: core sets per connection and window, catalogues, workspace guides. */
export class FeatureSeriesRunCache {
  private readonly workspaceGuideCache = new Map<string, GuideMetrics>();
  private readonly cores = new Map<string, Map<string, { core: Set<string>; basis: FeatureWindowUsage['coreBasis'] }>>();
  private readonly catalogs = new Map<string, Map<string, { name: string; core: boolean }>>();
  private readonly historyStarts = new Map<string, string | null>();

  private readonly connections = new Map<string, ConnectionFacts>();

  /** A connection's data-through and last sync (read once per recompute, not once per linked customer). */
  connectionFacts(connectionId: string, read: () => ConnectionFacts): ConnectionFacts {
    return remembered(this.connections, connectionId, read);
  }

  /** First synced day of a connection (read once per recompute, not once per customer). */
  historyStart(connectionId: string, read: () => string | null): string | null {
    if (!this.historyStarts.has(connectionId)) this.historyStarts.set(connectionId, read());
    return this.historyStarts.get(connectionId) ?? null;
  }

  coreFor(connectionId: string) {
    return remembered(this.cores, connectionId, () => new Map());
  }

  workspaceGuides(key: string, compute: () => GuideMetrics): GuideMetrics {
    return remembered(this.workspaceGuideCache, key, compute);
  }

  catalog(ctx: MetricsContext, scope: MetricScope): Map<string, { name: string; core: boolean }> {
    let c = this.catalogs.get(scope.connectionId);
    if (!c) {
      const rows = ctx.store.sqlite
        .prepare('select item_id as id, name, is_core as core from catalog_items where connection_id = ? and kind = ?')
        .all(scope.connectionId, kindOf(scope)) as Array<{ id: string; name: string; core: number }>;
      c = new Map(rows.map((r) => [r.id, { name: r.name, core: r.core === 1 }]));
      this.catalogs.set(scope.connectionId, c);
    }
    return c;
  }
}

/**
 * The scope's (feature, day, user) uses over [from, to], grouped by day. No DISTINCT: a (feature, day,
 * user) seen twice (two sync windows, two linked accounts) changes neither a window's user sets nor a
 * last-used day, and the de-duplicating b-tree was a third of the read.
 * One account (almost every customer) is read as one row per day, its features and users packed into
 * two strings (group_concat over the covering index, which yields a day's rows in (item_id, user_key)
 * order, the order the row-per-use read had) and split here: turning ~1,500 rows of three strings into
 * JS values was most of the read (~1 µs a row), a day's two strings and their split cost about half.
 * A name holding the separator (the counts disagree) and a list of accounts (json_each and a sort) are
 * read a row per use.
 */
function readItemUses(ctx: MetricsContext, scope: MetricScope, from: string, to: string): ItemUsesByDay {
  const [account, ...others] = scope.accountIds;
  if (account === undefined) return { days: [], items: [], users: [] };
  if (others.length === 0) {
    const packed = cachedRawStatement(
      ctx.store.sqlite,
      `select day, count(*), group_concat(item_id, char(31)), group_concat(user_key, char(31)) from item_days
       where connection_id = ? and account_id = ? and kind = ? and day between ? and ? group by day order by day`,
    ).all(scope.connectionId, account, kindOf(scope), from, to) as Array<[string, number, string, string]>;
    const out: ItemUsesByDay = { days: [], items: [], users: [] };
    for (const [day, count, items, users] of packed) {
      const ids = items.split(PACKED_SEPARATOR);
      const who = users.split(PACKED_SEPARATOR);
      if (ids.length !== count || who.length !== count) return byDay(readItemUseRows(ctx, scope, from, to));
      out.days.push(day);
      out.items.push(ids);
      out.users.push(who);
    }
    return out;
  }
  return byDay(readItemUseRows(ctx, scope, from, to));
}

function readItemUseRows(ctx: MetricsContext, scope: MetricScope, from: string, to: string): ItemUse[] {
  if (scope.accountIds.length === 1)
    return cachedRawStatement(
      ctx.store.sqlite,
      `select item_id, day, user_key from item_days
       where connection_id = ? and account_id = ? and kind = ? and day between ? and ? order by day`,
    ).all(scope.connectionId, scope.accountIds[0], kindOf(scope), from, to) as ItemUse[];
  return cachedRawStatement(
    ctx.store.sqlite,
    `select item_id, day, user_key from item_days
     where connection_id = ? and account_id in (select value from json_each(?)) and kind = ? and day between ? and ?
     order by day`,
  ).all(scope.connectionId, JSON.stringify(scope.accountIds), kindOf(scope), from, to) as ItemUse[];
}

/** Rows ordered by day, grouped by day keeping their order. */
function byDay(rows: readonly ItemUse[]): ItemUsesByDay {
  const out: ItemUsesByDay = { days: [], items: [], users: [] };
  let items: string[] = [];
  let users: string[] = [];
  for (const [id, day, user] of rows) {
    if (out.days[out.days.length - 1] !== day) {
      items = [];
      users = [];
      out.days.push(day);
      out.items.push(items);
      out.users.push(users);
    }
    items.push(id);
    users.push(user);
  }
  return out;
}

/**
 * Guide metrics over every account of a (Pendo) connection: the workspace's own dismissal rates, the
 * baseline the guide-dismissal rule compares an account with. An ad-hoc scope of the metrics engine.
 */
export function workspaceGuides(
  ctx: MetricsContext,
  scope: MetricScope,
  range: DayRange,
  cache: FeatureSeriesRunCache,
): GuideMetrics {
  return cache.workspaceGuides(`${scope.connectionId}|${range.from}|${range.to}`, () => {
    const accounts = (
      ctx.store.sqlite
        .prepare(
          `select distinct account_id as id from guide_days where connection_id = ? and account_id != '' and day between ? and ?`,
        )
        .all(scope.connectionId, range.from, range.to) as Array<{ id: string }>
    ).map((r) => r.id);
    return guideMetrics(ctx, { ...scope, customerId: null, accountIds: accounts }, range);
  });
}

/** Index of the first of the ascending `days` on or after `day`. */
function firstAtOrAfter(days: readonly string[], day: string): number {
  let lo = 0;
  let hi = days.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((days[mid] as string) < day) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function kindOf(scope: MetricScope): 'event' | 'feature' {
  return scope.eventLevel ? 'event' : 'feature';
}

/** `map`'s value for `key`, computed and kept on first use. */
function remembered<K, V>(map: Map<K, V>, key: K, compute: () => V): V {
  let value = map.get(key);
  if (value === undefined) {
    value = compute();
    map.set(key, value);
  }
  return value;
}

/** How many days a window spans, both ends included. */
function dayCount(window: DayRange): number {
  return Math.round((Date.parse(window.to) - Date.parse(window.from)) / 86_400_000) + 1;
}

/** The window of `days` complete days ending `day`. */
export function windowEnding(day: string, days: number): DayRange {
  return { from: addDays(day, 1 - days), to: day };
}
