import { type PersistedSlot, rememberedResult } from '../store';
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
 * Every part of the key is stored in the database (or is the day and the settings), so a result given
 * a `slot` is also kept in the workspace (store/derivedResults) and served after a restart while the
 * key still matches: the first portfolio open after the app starts no longer recomputes it.
 */
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

export function cached<T>(ctx: MetricsContext, key: string, compute: () => T, slot?: PersistedSlot<T>): T {
  // Inside a transaction the answer may include writes that are later rolled back, and a rollback leaves
  // these counters where they were: rememberedResult computes without remembering there.
  return rememberedResult(ctx.store.sqlite, key, compute, slot);
}
