import type BetterSqlite3 from 'better-sqlite3';
import type { DayRange } from '../../../src-shared/contract/metrics';
import { cachedStatement } from './statements';

/**
 * Distinct users per feature over EVERY account of a connection (linked to a customer or not) in a
 * window: what "the connection's most used features" ranks when the catalogue marks no core features.
 *
 * Why the recursive CTE: `where connection_id = ? and account_id != '' and day between ? and ?` cannot
 * use the covering index past connection_id (account_id is not fixed), so SQLite walked the connection's
 * whole history to keep one window: 0.4-1 s a window on a year of 1,000 customers, paid for each window
 * the health recompute scores (three after a sync, every history day on a first sync). Stepping through
 * the connection's account ids (one index seek each) and reading each account's window as a range of the
 * index reads only the window's rows: 4x faster there, the same answer.
 */
export function connectionFeatureUsers(
  sqlite: BetterSqlite3.Database,
  connectionId: string,
  kind: 'event' | 'feature' | 'page',
  window: DayRange,
): Array<{ id: string; users: number }> {
  return cachedStatement(
    sqlite,
    `with recursive accounts(id) as (
       select min(account_id) from item_days where connection_id = @connection and account_id > ''
       union all
       select (select min(account_id) from item_days where connection_id = @connection and account_id > accounts.id)
       from accounts where accounts.id is not null)
     select i.item_id as id, count(distinct i.user_key) as users
     from accounts cross join item_days i
       on i.connection_id = @connection and i.account_id = accounts.id and i.kind = @kind and i.day between @from and @to
     group by i.item_id`,
  ).all({ connection: connectionId, kind, from: window.from, to: window.to }) as Array<{ id: string; users: number }>;
}
