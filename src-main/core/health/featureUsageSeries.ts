import type { DayRange, GuideMetrics } from '../../../src-shared/contract/metrics';
import { addDays } from '../metrics/calendar';
import { connectionFeatureUsers } from '../metrics/connectionFeatureUsers';
import type { MetricScope, MetricsContext } from '../metrics/context';
import { guideMetrics } from '../metrics/guides';
import type { ConnectionFacts } from '../metrics/sources';
import { cachedRawStatement, PACKED_SEPARATOR } from '../metrics/statements';
import { firstDayAfter, firstDayAtOrAfter } from './dayIndex';

/** Same cut-off as the metrics engine: the N most used features stand in for core features when the catalogue marks none. */
const TOP_USED_CORE = 10;

/** item_id, day, user_key. */
type ItemUse = readonly [id: string, day: string, user: string];

/**
 * A scope's item uses grouped by day, as numbers: `days` ascending, the uses of `days[d]` are rows
 * [dayStart[d], dayStart[d + 1]) in the order they were read. Each feature id and each (feature, user)
 * pair gets a small number when read, so a window's distinct users per feature are counted with integer
 * marks over pairs instead of a Set of user keys per feature.
 */
interface ItemUsesByDay {
  days: string[];
  dayStart: Int32Array;
  /** Per use: the feature's number (an index into `ids`) and the (feature, user) pair's number. */
  item: Int32Array;
  pair: Int32Array;
  pairCount: number;
  ids: string[];
  numbers: Map<string, number>;
  /** Each day's distinct features in first-use order: features [featureStart[d], featureStart[d + 1]). */
  featureStart: Int32Array;
  features: Int32Array;
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
 * then answers each window in memory: `coreUsage` for a breadth (which features anyone used, over each
 * day's distinct features), `usage` where the rule needs distinct users per feature. Features, users and
 * (feature, user) pairs are numbered as they are read, and a window counts with integer marks over those
 * numbers: a Set of user keys per feature per window, and its garbage, was a tenth of a daily recompute.
 * The ids come back only in the answers. It follows featureAdoption's
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
  private readonly coreCache: Map<string, { core: Set<string>; basis: FeatureWindowUsage['coreBasis'] }>;
  /** Pass marks over pairs (usage) and features (coreUsage): `marks[i] === generation` = seen in this pass. */
  private pairMarks: Uint32Array | null = null;
  private itemMarks: Uint32Array | null = null;
  private generation = 0;

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
    const { days, dayStart, item, pair, ids } = this.uses;
    this.pairMarks ??= new Uint32Array(this.uses.pairCount);
    const marks = this.pairMarks;
    const mark = this.nextGeneration();
    // Distinct users per feature = distinct (feature, user) pairs per feature; features listed in first-use order.
    const users = new Int32Array(ids.length);
    const order: number[] = [];
    const first = dayStart[firstDayAtOrAfter(days, window.from)] as number;
    const end = dayStart[firstDayAfter(days, window.to)] as number;
    for (let r = first; r < end; r++) {
      const p = pair[r] as number;
      if (marks[p] === mark) continue;
      marks[p] = mark;
      const i = item[r] as number;
      const n = users[i] as number;
      if (n === 0) order.push(i);
      users[i] = n + 1;
    }
    const { core, basis } = this.core(window);
    let coreUsed = 0;
    for (const id of core) {
      const i = this.uses.numbers.get(id);
      if (i !== undefined && (users[i] as number) > 0) coreUsed++;
    }
    return {
      core,
      coreBasis: basis,
      users: new Map(order.map((i) => [ids[i] as string, users[i] as number])),
      breadth: core.size === 0 ? null : coreUsed / core.size,
      coreUsed,
    };
  }

  /**
   * `usage` without the users per feature: what a breadth needs (which features anyone used), for each
   * scored day's window, over each day's distinct features.
   */
  coreUsage(window: DayRange): Omit<FeatureWindowUsage, 'users'> {
    const { days, featureStart, features } = this.uses;
    this.itemMarks ??= new Uint32Array(this.uses.ids.length);
    const marks = this.itemMarks;
    const mark = this.nextGeneration();
    const first = featureStart[firstDayAtOrAfter(days, window.from)] as number;
    const end = featureStart[firstDayAfter(days, window.to)] as number;
    for (let f = first; f < end; f++) marks[features[f] as number] = mark;
    const { core, basis } = this.core(window);
    let coreUsed = 0;
    for (const id of core) {
      const i = this.uses.numbers.get(id);
      if (i !== undefined && marks[i] === mark) coreUsed++;
    }
    return { core, coreBasis: basis, breadth: core.size === 0 ? null : coreUsed / core.size, coreUsed };
  }

  /** Last day on or before `day` each feature was used (one pass), features in first-use order. */
  lastUsed(day: string): Map<string, string> {
    const { days, featureStart, features, ids } = this.uses;
    const last = new Int32Array(ids.length).fill(-1);
    const through = firstDayAfter(days, day);
    for (let d = 0; d < through; d++)
      for (let f = featureStart[d] as number, end = featureStart[d + 1] as number; f < end; f++) last[features[f] as number] = d;
    const out = new Map<string, string>();
    // Feature numbers follow first use, the order a pass over the days would have met them.
    for (let i = 0; i < ids.length; i++) {
      const d = last[i] as number;
      if (d >= 0) out.set(ids[i] as string, days[d] as string);
    }
    return out;
  }

  private nextGeneration(): number {
    if (this.generation === 0xffffffff) {
      this.pairMarks?.fill(0);
      this.itemMarks?.fill(0);
      this.generation = 0;
    }
    return ++this.generation;
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
 * Each use costs a Map lookup of its user key (its feature id only when it changes: a day's uses come
 * sorted by feature) and one of its pair by small integers. A name holding the separator (the counts disagree) and a list of accounts (json_each and a sort) are
 * read a row per use.
 */
function readItemUses(ctx: MetricsContext, scope: MetricScope, from: string, to: string): ItemUsesByDay {
  const [account, ...others] = scope.accountIds;
  if (account === undefined) return new ItemUsesBuilder().build();
  if (others.length === 0) {
    const packed = cachedRawStatement(
      ctx.store.sqlite,
      `select day, count(*), group_concat(item_id, char(31)), group_concat(user_key, char(31)) from item_days
       where connection_id = ? and account_id = ? and kind = ? and day between ? and ? group by day order by day`,
    ).all(scope.connectionId, account, kindOf(scope), from, to) as Array<[string, number, string, string]>;
    const out = new ItemUsesBuilder();
    for (const [day, count, items, users] of packed) {
      const ids = items.split(PACKED_SEPARATOR);
      const who = users.split(PACKED_SEPARATOR);
      if (ids.length !== count || who.length !== count) return byDay(readItemUseRows(ctx, scope, from, to));
      out.startDay(day);
      for (let i = 0; i < count; i++) out.push(ids[i] as string, who[i] as string);
    }
    return out.build();
  }
  return byDay(readItemUseRows(ctx, scope, from, to));
}

/** Numbers features, users and (feature, user) pairs as uses are pushed day by day. */
class ItemUsesBuilder {
  private readonly days: string[] = [];
  private readonly dayStart: number[] = [];
  private readonly item: number[] = [];
  private readonly pair: number[] = [];
  private readonly ids: string[] = [];
  private readonly numbers = new Map<string, number>();
  private readonly users = new Map<string, number>();
  /** Per feature number, its pairs' numbers by user number (small-integer keys: no key strings or doubles made). */
  private readonly pairsOf: Array<Map<number, number>> = [];
  private pairCount = 0;
  private readonly featureStart: number[] = [];
  private readonly features: number[] = [];
  /** Per feature number, the last day index it was listed on (each day's distinct features). */
  private readonly listedOn: number[] = [];
  /** The previous use's feature: a day's uses come sorted by feature, so most repeat it. */
  private lastId: string | null = null;
  private lastItem = -1;

  startDay(day: string): void {
    this.days.push(day);
    this.dayStart.push(this.item.length);
    this.featureStart.push(this.features.length);
  }

  push(id: string, userKey: string): void {
    let i = this.lastItem;
    if (id !== this.lastId) {
      const known = this.numbers.get(id);
      if (known === undefined) {
        i = this.ids.length;
        this.ids.push(id);
        this.numbers.set(id, i);
        this.listedOn.push(-1);
        this.pairsOf.push(new Map());
      } else i = known;
      this.lastId = id;
      this.lastItem = i;
    }
    let u = this.users.get(userKey);
    if (u === undefined) {
      u = this.users.size;
      this.users.set(userKey, u);
    }
    const pairs = this.pairsOf[i] as Map<number, number>;
    let p = pairs.get(u);
    if (p === undefined) {
      p = this.pairCount++;
      pairs.set(u, p);
    }
    this.item.push(i);
    this.pair.push(p);
    const day = this.days.length - 1;
    if (this.listedOn[i] !== day) {
      this.listedOn[i] = day;
      this.features.push(i);
    }
  }

  build(): ItemUsesByDay {
    const days = this.days.length;
    const dayStart = new Int32Array(days + 1);
    dayStart.set(this.dayStart);
    dayStart[days] = this.item.length;
    const featureStart = new Int32Array(days + 1);
    featureStart.set(this.featureStart);
    featureStart[days] = this.features.length;
    return {
      days: this.days,
      dayStart,
      item: Int32Array.from(this.item),
      pair: Int32Array.from(this.pair),
      pairCount: this.pairCount,
      ids: this.ids,
      numbers: this.numbers,
      featureStart,
      features: Int32Array.from(this.features),
    };
  }
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
  const out = new ItemUsesBuilder();
  let last: string | undefined;
  for (const [id, day, user] of rows) {
    if (day !== last) {
      last = day;
      out.startDay(day);
    }
    out.push(id, user);
  }
  return out.build();
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
