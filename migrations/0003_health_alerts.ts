import { type Kysely, sql } from 'kysely';

/**
 * Health history and alerts.
 *
 * `health_snapshots`: one row per customer and day (reporting zone): the unrounded score (null when
 * coverage is below the minimum), the band, the coverage, every component with its raw input, score and
 * points (components_json), the configuration version that scored it, and `as_of` = the last day of
 * synced data the computation could see (G5). A row is replaced when its day is recomputed (late data,
 * configuration change), so trends always compare snapshots of the same version.
 *
 * `alerts`: one row per firing episode. At most one ACTIVE (open or acknowledged) alert per customer,
 * rule and subject (partial unique index): re-evaluations refresh its evidence instead of adding rows.
 * `condition_cleared` records, for alerts a person dismissed or resolved, that the rule's condition has
 * since cleared: until then the same condition does not open a new alert (a dismissed alert stays quiet).
 * `alert_transitions` is the audit trail of status changes (by a person or by the rule).
 * `alert_evaluations` remembers the last day evaluated per customer, so catch-up after days without a
 * sync evaluates the missed days in order.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table health_snapshots (
      customer_id text not null references customers(id) on delete cascade,
      day text not null,
      score real,
      band text check (band in ('red','yellow','green')),
      coverage real not null,
      components_json text not null,
      config_version integer not null,
      as_of text,
      provisional integer not null default 0,
      computed_at integer not null,
      primary key (customer_id, day)
    ) without rowid`.execute(db);
  await sql`create index health_snapshots_by_day on health_snapshots(day)`.execute(db);

  await sql`
    create table alerts (
      id integer primary key autoincrement,
      customer_id text not null references customers(id) on delete cascade,
      rule text not null,
      subject text not null,
      status text not null check (status in ('open','acknowledged','dismissed','resolved')),
      severity text not null check (severity in ('info','warning','critical')),
      title text not null,
      evidence_json text not null,
      suggested_action text not null,
      owner text,
      opened_on text not null,
      last_fired_on text not null,
      created_at integer not null,
      updated_at integer not null,
      status_changed_at integer not null,
      closed_by text check (closed_by in ('rule','user')),
      condition_cleared integer not null default 0,
      note text
    )`.execute(db);
  await sql`
    create unique index alerts_one_active on alerts(customer_id, rule, subject)
    where status in ('open','acknowledged')`.execute(db);
  await sql`create index alerts_by_customer on alerts(customer_id, rule, subject, id)`.execute(db);
  await sql`create index alerts_by_status on alerts(status, owner)`.execute(db);

  await sql`
    create table alert_transitions (
      alert_id integer not null references alerts(id) on delete cascade,
      at integer not null,
      from_status text,
      to_status text not null,
      actor text not null check (actor in ('rule','user')),
      note text
    )`.execute(db);
  await sql`create index alert_transitions_by_alert on alert_transitions(alert_id, at)`.execute(db);

  await sql`
    create table alert_evaluations (
      customer_id text primary key references customers(id) on delete cascade,
      last_day text not null,
      config_version integer not null,
      evaluated_at integer not null
    ) without rowid`.execute(db);
}
