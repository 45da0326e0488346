import type { FeatureAdoption, FeatureUsage } from '../../../src-shared/contract/metrics';
import { addDays, lastCompleteDays, weekStartOf } from './calendar';
import type { MetricScope, MetricsContext } from './context';
import { connectionFeatureUsage, featureCatalog, featureKind } from './featureMatrix';
import { median } from './funnelMath';

/** How many most-used features stand in for core features when the catalogue marks none (Pendo caps core events at 10). */
const TOP_USED_CORE = 10;
const HEATMAP_WEEKS = 12;
const HEATMAP_FEATURES = 25;

/**
 * Feature adoption of one customer on one source (section 7) over the last `days` complete days:
 * adoption = users of the feature / active users in the window (null when nobody was active);
 * breadth = share of core features used by anyone in the window; core = the catalogue's core flags, or
 * the connection's TOP_USED_CORE most used features when none are marked; abandoned = used in the
 * previous equal window and not in this one; never used = catalogue (or connection-wide) features the
 * customer has no row for in its whole synced history. Features of Amplitude/Mixpanel are event names.
 * Peers = customers of the same segment on the same connection (all others when the segment is unknown);
 * their median adoption comes from the memoised connection-wide usage.
 */
export function featureAdoption(
  ctx: MetricsContext,
  scope: MetricScope,
  today: string,
  options: { days?: number; segment?: string | null } = {},
): FeatureAdoption {
  const days = options.days ?? 30;
  const window = lastCompleteDays(today, days);
  const previous = { from: addDays(window.from, -days), to: addDays(window.from, -1) };
  const kind = featureKind(scope.eventLevel);
  const accounts = JSON.stringify(scope.accountIds);
  const rows = ctx.store.sqlite
    .prepare(
      `select item_id as id,
         count(distinct case when day between @from and @to then user_key end) as users,
         coalesce(sum(case when day between @from and @to then events end), 0) as events,
         count(distinct case when day between @previousFrom and @previousTo then user_key end) as previousUsers,
         max(day) as lastUsedDay
       from item_days where connection_id = @connection and account_id in (select value from json_each(@accounts))
         and kind = @kind and day <= @to
       group by item_id`,
    )
    .all({
      from: window.from,
      to: window.to,
      previousFrom: previous.from,
      previousTo: previous.to,
      connection: scope.connectionId,
      accounts,
      kind,
    }) as Array<{
    id: string;
    users: number;
    events: number;
    previousUsers: number;
    lastUsedDay: string;
  }>;
  const activeRow = ctx.store.sqlite
    .prepare(
      `select count(distinct user_key) as n from activity_days
       where connection_id = ? and account_id in (select value from json_each(?)) and day between ? and ?`,
    )
    .get(scope.connectionId, accounts, window.from, window.to) as { n: number };
  const active = activeRow.n;

  const catalog = featureCatalog(ctx, scope.connectionId, kind);
  const usage = connectionFeatureUsage(ctx, scope.connectionId, kind, window, today);
  let coreBasis: FeatureAdoption['coreBasis'] = 'none';
  let core = new Set([...catalog].filter(([, c]) => c.core).map(([id]) => id));
  if (core.size > 0) coreBasis = 'catalog';
  else if (usage.totals.size > 0) {
    core = new Set(
      [...usage.totals.entries()]
        .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
        .slice(0, TOP_USED_CORE)
        .map(([id]) => id),
    );
    coreBasis = 'top-used';
  }

  const peers = peerCustomers(ctx, scope, options.segment ?? null, [...usage.customers.keys()]);
  const peerMedian = (id: string): number | null =>
    median(
      peers
        .map((c) => usage.customers.get(c))
        .filter((u): u is NonNullable<typeof u> => !!u && u.active > 0)
        .map((u) => (u.users.get(id) ?? 0) / u.active),
    );

  const nameOf = (id: string) => catalog.get(id)?.name ?? id;
  const features: FeatureUsage[] = rows
    .filter((r) => r.users > 0 || r.previousUsers > 0)
    .map((r) => ({
      id: r.id,
      name: nameOf(r.id),
      core: core.has(r.id),
      users: r.users,
      events: r.events,
      adoption: active === 0 ? null : r.users / active,
      abandoned: r.previousUsers > 0 && r.users === 0,
      lastUsedDay: r.lastUsedDay,
      peerMedianAdoption: peers.length === 0 ? null : peerMedian(r.id),
    }))
    .sort((a, b) => b.users - a.users || a.name.localeCompare(b.name));

  const usedEver = new Set(rows.map((r) => r.id));
  const universe = new Set([...catalog.keys(), ...usage.totals.keys()]);
  const neverUsed = [...universe]
    .filter((id) => !usedEver.has(id))
    .map((id) => ({ id, name: nameOf(id) }))
    .sort((a, b) => a.name.localeCompare(b.name));
  const usedCore = features.filter((f) => f.core && f.users > 0).length;

  return {
    window,
    activeUsers: active,
    breadth: core.size === 0 ? null : usedCore / core.size,
    coreBasis,
    features,
    neverUsed,
    abandoned: features.filter((f) => f.abandoned).map((f) => ({ id: f.id, name: f.name, lastUsedDay: f.lastUsedDay })),
    heatmap: featureHeatmap(ctx, scope, today, nameOf),
  };
}

function peerCustomers(ctx: MetricsContext, scope: MetricScope, segment: string | null, linked: string[]): string[] {
  const others = linked.filter((c) => c !== scope.customerId);
  if (segment === null) return others;
  const same = new Set(
    (ctx.store.sqlite.prepare('select id from customers where segment = ?').all(segment) as Array<{ id: string }>).map(
      (r) => r.id,
    ),
  );
  return others.filter((c) => same.has(c));
}

/** Distinct users per feature per calendar week over the last HEATMAP_WEEKS weeks up to yesterday's week. */
function featureHeatmap(
  ctx: MetricsContext,
  scope: MetricScope,
  today: string,
  nameOf: (id: string) => string,
): FeatureAdoption['heatmap'] {
  const lastWeek = weekStartOf(addDays(today, -1), ctx.settings.weekStart);
  const weeks: string[] = [];
  for (let i = HEATMAP_WEEKS - 1; i >= 0; i--) weeks.push(addDays(lastWeek, -7 * i));
  const from = weeks[0] as string;
  const rows = ctx.store.sqlite
    .prepare(
      `select distinct item_id as id, day, user_key as user from item_days
       where connection_id = ? and account_id in (select value from json_each(?)) and kind = ? and day between ? and ?`,
    )
    .all(scope.connectionId, JSON.stringify(scope.accountIds), featureKind(scope.eventLevel), from, addDays(today, -1)) as Array<{
    id: string;
    day: string;
    user: string;
  }>;
  const cells = new Map<string, Map<string, Set<string>>>();
  const total = new Map<string, Set<string>>();
  for (const r of rows) {
    const week = weekStartOf(r.day, ctx.settings.weekStart);
    let byWeek = cells.get(r.id);
    if (!byWeek) {
      byWeek = new Map();
      cells.set(r.id, byWeek);
    }
    const set = byWeek.get(week) ?? new Set<string>();
    set.add(r.user);
    byWeek.set(week, set);
    const t = total.get(r.id) ?? new Set<string>();
    t.add(r.user);
    total.set(r.id, t);
  }
  const ids = [...total.entries()]
    .sort((a, b) => b[1].size - a[1].size || (a[0] < b[0] ? -1 : 1))
    .slice(0, HEATMAP_FEATURES)
    .map(([id]) => id);
  return {
    weeks,
    features: ids.map((id) => ({ id, name: nameOf(id) })),
    users: ids.map((id) => weeks.map((w) => cells.get(id)?.get(w)?.size ?? 0)),
  };
}
