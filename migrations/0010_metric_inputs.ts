import { type Kysely, sql } from 'kysely';

/**
 * A `metrics` generation in `derived_inputs` (migration 0009), moved by triggers on every write to what
 * the portfolio-wide results read: committed sync windows (a sync's data lands with its window),
 * account links and customers. Their memo key used the largest commit/link/update timestamp and the row
 * count instead, which missed a window re-committed after the computer's clock had gone back (an earlier
 * timestamp than the largest, the same count): the portfolio kept showing the old numbers until the
 * next day. A generation moves on every write, whatever the clock says.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`insert into derived_inputs (name, generation) values ('metrics', 0)`.execute(db);
  for (const table of ['sync_windows', 'account_links', 'customers']) {
    for (const event of ['insert', 'update', 'delete']) {
      await sql
        .raw(
          `create trigger derived_inputs_metrics_${table}_${event} after ${event} on ${table}
           begin update derived_inputs set generation = generation + 1 where name = 'metrics'; end`,
        )
        .execute(db);
    }
  }
}
