import { type Kysely, sql } from 'kysely';

/**
 * Covering indexes for the per-customer reads (account page, health recompute, reports). Every metric
 * reads a customer's rows with `connection_id = ? and account_id in (select value from json_each(?))`;
 * with the old indexes (connection_id, account_id, day[, kind]) SQLite, which cannot estimate the
 * json_each list, preferred scanning the whole connection by primary key (a full scan per customer:
 * 0.5–2 s at 100 customers, 10× that at 1,000). An index that also carries the summed columns is
 * chosen and answers from the index alone. Entries of a WITHOUT ROWID table's index carry its primary
 * key columns anyway (window_key, user_key, item_id), so each index only adds the measures. The old
 * indexes are replaced (same leading columns), so ingest maintains as many indexes as before.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create index activity_by_account_day_cover
    on activity_days(connection_id, account_id, day, user_key, events, sessions, minutes)`.execute(db);
  await sql`drop index activity_by_account_day`.execute(db);
  await sql`create index item_days_by_account_cover
    on item_days(connection_id, account_id, kind, day, item_id, user_key, events, minutes)`.execute(db);
  await sql`drop index item_days_by_account`.execute(db);
  await sql`create index guide_days_by_account_day_cover
    on guide_days(connection_id, account_id, day, guide_id, step_id, type, user_key, events)`.execute(db);
  await sql`drop index guide_days_by_account`.execute(db);
}
