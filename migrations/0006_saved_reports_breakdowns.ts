import { type Kysely, sql } from 'kysely';

/**
 * Saved reports and property breakdowns.
 *
 * - `saved_reports`: the vendor reports a CSM picked for a connection (Mixpanel insights by bookmark id,
 *   Amplitude saved charts by chart id). They sync with the connection's normal sync run.
 * - `saved_report_results`: their values per series, segment and day, replaced whole (one transaction)
 *   on every successful fetch. `account_id` is the segment when the report breaks down by account.
 * - `property_event_days` / `property_user_days`: events and users by the value of a listed property
 *   (setting `breakdownProperties`), per account and day. Like every aggregate they carry `window_key`,
 *   so re-running a window replaces them. `property_user_days` holds the user's value per day: users per
 *   value, and funnels segmented by the user's latest value.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table saved_reports (
      id text primary key,
      connection_id text not null references connections(id) on delete cascade,
      kind text not null check (kind in ('mixpanel-insights','amplitude-chart')),
      report_id text not null,
      name text not null,
      breakdown text,
      by_account integer not null default 0,
      picked_at integer not null,
      synced_at integer,
      last_error text,
      unique (connection_id, kind, report_id)
    )`.execute(db);

  await sql`
    create table saved_report_results (
      saved_report_id text not null references saved_reports(id) on delete cascade,
      series text not null,
      segment text not null,
      account_id text,
      day text not null,
      value real not null,
      primary key (saved_report_id, series, segment, day)
    ) without rowid`.execute(db);
  await sql`create index saved_report_results_by_account on saved_report_results(account_id, day)`.execute(db);

  await sql`
    create table property_event_days (
      connection_id text not null references connections(id) on delete cascade,
      window_key text not null,
      account_id text not null,
      day text not null,
      event_name text not null,
      property text not null,
      value text not null,
      events integer not null,
      primary key (connection_id, window_key, account_id, day, event_name, property, value)
    ) without rowid`.execute(db);
  await sql`create index property_event_days_by_account on property_event_days(connection_id, account_id, property, day)`.execute(
    db,
  );

  await sql`
    create table property_user_days (
      connection_id text not null references connections(id) on delete cascade,
      window_key text not null,
      account_id text not null,
      day text not null,
      user_key text not null,
      property text not null,
      value text not null,
      events integer not null,
      primary key (connection_id, window_key, account_id, day, user_key, property, value)
    ) without rowid`.execute(db);
  await sql`create index property_user_days_by_account on property_user_days(connection_id, account_id, property, day)`.execute(
    db,
  );
}
