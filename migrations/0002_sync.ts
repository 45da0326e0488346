import { type Kysely, sql } from 'kysely';

/**
 * Sync state and the usage aggregates. Raw events are never stored: ingest folds each sync window
 * into per-day rows. Every aggregate row carries the `window_key` of the sync window that produced
 * it, so re-running a window deletes and rewrites exactly its own rows (idempotent, never double
 * counted), while readers sum across windows.
 *
 * `day` is "YYYY-MM-DD" in the workspace's reporting time zone for event-level sources (Amplitude,
 * Mixpanel, Pendo guide events); for Pendo's pre-aggregated buckets it is Pendo's own day in the
 * subscription zone (the raw events that would allow re-cutting are not available).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table sync_streams (
      connection_id text not null references connections(id) on delete cascade,
      stream text not null,
      checkpoint text not null,
      updated_at integer not null,
      primary key (connection_id, stream)
    ) without rowid`.execute(db);

  await sql`
    create table sync_runs (
      id integer primary key autoincrement,
      connection_id text not null references connections(id) on delete cascade,
      trigger text not null,
      full_resync integer not null default 0,
      started_at integer not null,
      finished_at integer,
      outcome text not null check (outcome in ('running','succeeded','failed','cancelled','interrupted')),
      windows_total integer not null default 0,
      windows_done integer not null default 0,
      events_read integer not null default 0,
      events_rejected integer not null default 0,
      rows_written integer not null default 0,
      retries integer not null default 0,
      error_code text,
      error_message text,
      accuracy_pct real,
      accuracy_json text,
      details_json text not null default '{}'
    )`.execute(db);
  await sql`create index sync_runs_by_connection on sync_runs(connection_id, started_at desc)`.execute(db);

  await sql`
    create table sync_windows (
      connection_id text not null references connections(id) on delete cascade,
      stream text not null,
      window_key text not null,
      run_id integer not null,
      events_read integer not null,
      rows_written integer not null,
      min_day text,
      max_day text,
      committed_at integer not null,
      primary key (connection_id, stream, window_key)
    ) without rowid`.execute(db);

  await sql`
    create table vendor_accounts (
      connection_id text not null references connections(id) on delete cascade,
      account_id text not null,
      name text,
      domain text,
      properties_json text not null default '{}',
      updated_at integer not null,
      primary key (connection_id, account_id)
    ) without rowid`.execute(db);

  await sql`
    create table account_links (
      connection_id text not null,
      account_id text not null,
      customer_id text not null references customers(id) on delete cascade,
      method text not null check (method in ('id','domain','name','manual')),
      confidence real not null,
      linked_at integer not null,
      primary key (connection_id, account_id),
      foreign key (connection_id) references connections(id) on delete cascade
    ) without rowid`.execute(db);
  await sql`create index account_links_by_customer on account_links(customer_id)`.execute(db);

  await sql`
    create table vendor_users (
      connection_id text not null references connections(id) on delete cascade,
      user_key text not null,
      readable_id text,
      account_ids_json text not null default '[]',
      properties_json text not null default '{}',
      updated_at integer not null,
      primary key (connection_id, user_key)
    ) without rowid`.execute(db);

  // One row per (window, account, pseudonymous user, day): events, sessions, active minutes.
  await sql`
    create table activity_days (
      connection_id text not null references connections(id) on delete cascade,
      window_key text not null,
      account_id text not null,
      user_key text not null,
      day text not null,
      events integer not null,
      sessions integer,
      minutes integer not null,
      first_ts integer,
      last_ts integer,
      primary key (connection_id, window_key, account_id, user_key, day)
    ) without rowid`.execute(db);
  await sql`create index activity_by_account_day on activity_days(connection_id, account_id, day)`.execute(db);
  await sql`create index activity_by_day on activity_days(day)`.execute(db);

  // Per item (event name, Pendo feature or page) per user and day.
  await sql`
    create table item_days (
      connection_id text not null references connections(id) on delete cascade,
      window_key text not null,
      account_id text not null,
      kind text not null check (kind in ('event','feature','page')),
      item_id text not null,
      day text not null,
      user_key text not null,
      events integer not null,
      minutes integer not null,
      primary key (connection_id, window_key, account_id, kind, item_id, day, user_key)
    ) without rowid`.execute(db);
  await sql`create index item_days_by_account on item_days(connection_id, account_id, kind, day)`.execute(db);

  // Guide interactions per user, guide, step, type and day, with the first/last time seen.
  await sql`
    create table guide_days (
      connection_id text not null references connections(id) on delete cascade,
      window_key text not null,
      account_id text not null,
      user_key text not null,
      guide_id text not null,
      step_id text not null,
      type text not null,
      day text not null,
      events integer not null,
      first_ts integer not null,
      last_ts integer not null,
      primary key (connection_id, window_key, account_id, user_key, guide_id, step_id, type, day)
    ) without rowid`.execute(db);
  await sql`create index guide_days_by_account on guide_days(connection_id, account_id, guide_id)`.execute(db);

  // Timestamps of the key events funnels need (only event names listed as key events are kept).
  await sql`
    create table key_events (
      connection_id text not null references connections(id) on delete cascade,
      window_key text not null,
      account_id text not null,
      user_key text not null,
      event_name text not null,
      ts integer not null,
      primary key (connection_id, window_key, account_id, user_key, event_name, ts)
    ) without rowid`.execute(db);
  await sql`create index key_events_by_account on key_events(connection_id, account_id, user_key, ts)`.execute(db);

  await sql`
    create table catalog_items (
      connection_id text not null references connections(id) on delete cascade,
      kind text not null check (kind in ('feature','page','guide','event')),
      item_id text not null,
      name text not null,
      group_name text,
      is_core integer not null default 0,
      details_json text not null default '{}',
      updated_at integer not null,
      primary key (connection_id, kind, item_id)
    ) without rowid`.execute(db);

  await sql`
    create table cohorts (
      connection_id text not null references connections(id) on delete cascade,
      cohort_id text not null,
      name text not null,
      size integer,
      updated_at integer not null,
      primary key (connection_id, cohort_id)
    ) without rowid`.execute(db);
  await sql`
    create table cohort_members (
      connection_id text not null,
      cohort_id text not null,
      user_key text not null,
      primary key (connection_id, cohort_id, user_key),
      foreign key (connection_id, cohort_id) references cohorts(connection_id, cohort_id) on delete cascade
    ) without rowid`.execute(db);

  await sql`
    create table saved_funnels (
      connection_id text not null references connections(id) on delete cascade,
      funnel_id text not null,
      name text not null,
      steps_json text not null,
      window_seconds integer,
      updated_at integer not null,
      primary key (connection_id, funnel_id)
    ) without rowid`.execute(db);
}
