import type { DayRange, GuideMetrics } from '../../../src-shared/contract/metrics';
import { addDays, cachedRawStatement, guideMetrics, type MetricScope, type MetricsContext } from '../metrics';

/** Same cut-off as the metrics engine: the N most used features stand in for core features when the catalogue marks none. */
const TOP_USED_CORE = 10;

/** item_id, day, user_key. */
type ItemUse = readonly [id: string, day: string, user: string];

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
 * minutes. This reads the customer's item_days once and the connection's once per run, then answers
 * each window in memory. It follows featureAdoption's definitions exactly (breadth = share of core
 * features used by anyone in the window; core = the catalogue's core flags, else the connection's
 * TOP_USED_CORE features by distinct users in the window, ties by id), and the integration test checks
 * that both agree on the synced demo portfolio.
 */
export class FeatureUsageSeries {
  private readonly rows: ItemUse[];
  private readonly coreCache: Map<string, { core: Set<string>; basis: FeatureWindowUsage['coreBasis'] }>;

  constructor(
    private readonly ctx: MetricsContext,
    private readonly scope: MetricScope,
    from: string,
    to: string,
    private readonly shared: FeatureSeriesRunCache,
  ) {
    this.rows = readItemUses(ctx, scope, from, to);
    this.coreCache = shared.coreFor(scope.connectionId);
  }

  /** Feature names from the connection's catalogue (event names are their own names). */
  name(id: string): string {
    return this.shared.catalog(this.ctx, this.scope).get(id)?.name ?? id;
  }

  usage(window: DayRange): FeatureWindowUsage {
    const users = new Map<string, Set<string>>();
    for (let i = firstAtOrAfter(this.rows, window.from); i < this.rows.length; i++) {
      const r = this.rows[i] as ItemUse;
      if (r[1] > window.to) break;
      let set = users.get(r[0]);
      if (!set) {
        set = new Set();
        users.set(r[0], set);
      }
      set.add(r[2]);
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

  /** Last day on or before `day` each feature was used (one pass). */
  lastUsed(day: string): Map<string, string> {
    const out = new Map<string, string>();
    for (const r of this.rows) {
      if (r[1] > day) break;
      out.set(r[0], r[1]);
    }
    return out;
  }

  private core(window: DayRange): { core: Set<string>; basis: FeatureWindowUsage['coreBasis'] } {
    const key = `${window.from}|${window.to}`;
    const hit = this.coreCache.get(key);
    if (hit) return hit;
    const catalog = this.shared.catalog(this.ctx, this.scope);
    let result: { core: Set<string>; basis: FeatureWindowUsage['coreBasis'] };
    const flagged = new Set([...catalog].filter(([, c]) => c.core).map(([id]) => id));
    if (flagged.size > 0) result = { core: flagged, basis: 'catalog' };
    else {
      const totals = this.ctx.store.sqlite
        .prepare(
          `select item_id as id, count(distinct user_key) as users from item_days
           where connection_id = ? and kind = ? and day between ? and ? and account_id != '' group by item_id`,
        )
        .all(this.scope.connectionId, kindOf(this.scope), window.from, window.to) as Array<{ id: string; users: number }>;
      const top = totals
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

  /** First synced day of a connection (read once per recompute, not once per customer). */
  historyStart(connectionId: string, read: () => string | null): string | null {
    if (!this.historyStarts.has(connectionId)) this.historyStarts.set(connectionId, read());
    return this.historyStarts.get(connectionId) ?? null;
  }

  coreFor(connectionId: string) {
    let m = this.cores.get(connectionId);
    if (!m) {
      m = new Map();
      this.cores.set(connectionId, m);
    }
    return m;
  }

  workspaceGuides(key: string, compute: () => GuideMetrics): GuideMetrics {
    let hit = this.workspaceGuideCache.get(key);
    if (!hit) {
      hit = compute();
      this.workspaceGuideCache.set(key, hit);
    }
    return hit;
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
 * The scope's (feature, day, user) rows over [from, to], ordered by day, as arrays (`raw`: building an
 * object per row cost about a quarter of the read). No DISTINCT: a (feature, day, user) seen twice (two sync windows, two
 * linked accounts) changes neither a window's user sets nor a last-used day, and the de-duplicating b-tree
 * was a third of the read. One account (almost every customer) is read straight from the covering index,
 * which yields rows by day; a list of accounts goes through json_each and a sort.
 */
function readItemUses(ctx: MetricsContext, scope: MetricScope, from: string, to: string): ItemUse[] {
  const [account, ...others] = scope.accountIds;
  if (account === undefined) return [];
  if (others.length === 0)
    return cachedRawStatement(
      ctx.store.sqlite,
      `select item_id, day, user_key from item_days
       where connection_id = ? and account_id = ? and kind = ? and day between ? and ? order by day`,
    ).all(scope.connectionId, account, kindOf(scope), from, to) as ItemUse[];
  return cachedRawStatement(
    ctx.store.sqlite,
    `select item_id, day, user_key from item_days
     where connection_id = ? and account_id in (select value from json_each(?)) and kind = ? and day between ? and ?
     order by day`,
  ).all(scope.connectionId, JSON.stringify(scope.accountIds), kindOf(scope), from, to) as ItemUse[];
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

/** Index of the first row with day ≥ d (rows are ordered by day). */
function firstAtOrAfter(rows: readonly ItemUse[], day: string): number {
  let lo = 0;
  let hi = rows.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((rows[mid] as ItemUse)[1] < day) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function kindOf(scope: MetricScope): 'event' | 'feature' {
  return scope.eventLevel ? 'event' : 'feature';
}

/** The window of `days` complete days ending `day`. */
export function windowEnding(day: string, days: number): DayRange {
  return { from: addDays(day, 1 - days), to: day };
}
