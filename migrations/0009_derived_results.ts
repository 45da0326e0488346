import { type Kysely, sql } from 'kysely';

/**
 * Portfolio-wide results kept across restarts (store/derivedResults). The first portfolio open after the
 * app starts used to recompute them (3–5 s at 1,000 customers; 23 s with the OS page cache cold).
 *
 * `derived_results`: one row per result slot (`name`: the portfolio rows, a connection's feature usage,
 * a funnel benchmark, the portfolio health), the value as JSON, the key of the data it was computed
 * from (`data_key`; a row whose key no longer matches is ignored and overwritten), and a checksum of
 * the JSON so a damaged row is recomputed rather than served.
 *
 * `derived_inputs`: a generation per group of source tables, moved by triggers on every insert, update
 * and delete, whatever connection or code path writes (cascades included). `health` covers what the
 * portfolio health reads (snapshots, alerts, customers), so its persisted key survives a restart where
 * the connection-local change counter does not.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table derived_results (
      name text primary key,
      data_key text not null,
      json text not null,
      checksum text not null,
      computed_at integer not null
    )`.execute(db);
  await sql`create table derived_inputs (name text primary key, generation integer not null) without rowid`.execute(db);
  await sql`insert into derived_inputs (name, generation) values ('health', 0)`.execute(db);
  for (const table of ['health_snapshots', 'alerts', 'customers']) {
    for (const event of ['insert', 'update', 'delete']) {
      await sql
        .raw(
          `create trigger derived_inputs_health_${table}_${event} after ${event} on ${table}
           begin update derived_inputs set generation = generation + 1 where name = 'health'; end`,
        )
        .execute(db);
    }
  }
}
