import type { MetricsContext } from './context';

/**
 * Memo for portfolio-wide results (portfolio rows, feature matrix, funnel benchmarks). They scan every
 * account of a connection, too slow to redo on each page view at 1,000 customers; the key includes a
 * data version that changes whenever a sync window commits or links change, plus today and the
 * calendar settings, so a stale answer is never served.
 */
const caches = new WeakMap<object, Map<string, unknown>>();

export function dataVersion(ctx: MetricsContext, today: string): string {
  const windows = ctx.store.sqlite
    .prepare('select coalesce(max(committed_at), 0) as at, count(*) as n from sync_windows')
    .get() as { at: number; n: number };
  const links = ctx.store.sqlite.prepare('select coalesce(max(linked_at), 0) as at, count(*) as n from account_links').get() as {
    at: number;
    n: number;
  };
  const customers = ctx.store.sqlite.prepare('select coalesce(max(updated_at), 0) as at, count(*) as n from customers').get() as {
    at: number;
    n: number;
  };
  const s = ctx.settings;
  return [
    windows.at,
    windows.n,
    links.at,
    links.n,
    customers.at,
    customers.n,
    today,
    s.timezone,
    s.weekStart,
    s.lookbackDays,
  ].join('|');
}

export function cached<T>(ctx: MetricsContext, key: string, compute: () => T): T {
  let cache = caches.get(ctx.store.sqlite);
  if (!cache) {
    cache = new Map();
    caches.set(ctx.store.sqlite, cache);
  }
  if (cache.has(key)) return cache.get(key) as T;
  const value = compute();
  if (cache.size > 200) cache.clear();
  cache.set(key, value);
  return value;
}
