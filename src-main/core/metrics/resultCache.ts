import type { MetricsContext } from './context';

/**
 * Memo for portfolio-wide results (portfolio rows, feature matrix, funnel benchmarks). They scan every
 * account of a connection, too slow to redo on each page view at 1,000 customers (about 4 s cold). The
 * key is what those results read: committed sync windows (a sync's data lands with its window), account
 * links and customers, plus today and the calendar settings. Deliberately NOT the database's change
 * version (store/changeVersion): alert actions, outcomes, export records and health snapshots are
 * written all the time and would throw away 4 s of work each time, for data these results do not read.
 * Nothing is remembered inside a transaction, so an answer that saw writes later rolled back is never
 * served (a rollback leaves these counters where they were).
 */
const caches = new WeakMap<object, Map<string, unknown>>();

export function dataVersion(ctx: MetricsContext, today: string): string {
  const db = ctx.store.sqlite;
  const windows = db.prepare('select coalesce(max(committed_at), 0) as at, count(*) as n from sync_windows').get() as {
    at: number;
    n: number;
  };
  const links = db.prepare('select coalesce(max(linked_at), 0) as at, count(*) as n from account_links').get() as {
    at: number;
    n: number;
  };
  const customers = db.prepare('select coalesce(max(updated_at), 0) as at, count(*) as n from customers').get() as {
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
  // Inside a transaction the answer may include writes that are later rolled back, and a rollback leaves
  // the change version where the writes put it: compute without remembering (as memoUntilChanged does).
  if (ctx.store.sqlite.inTransaction) return compute();
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
