import { type Kysely, sql } from 'kysely';

/**
 * Export history: one row per report export (what, when, where). `path` is where the files were
 * written (a file for PDF and HTML, a folder of CSV files for CSV). Rows older than 14 days are
 * deleted automatically by the reports capability; the exported files themselves are never touched.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table export_history (
      id integer primary key autoincrement,
      created_at integer not null,
      kind text not null check (kind in ('account','portfolio')),
      customer_id text,
      customer_name text,
      format text not null check (format in ('pdf','html','csv')),
      period_from text not null,
      period_to text not null,
      page_size text,
      path text not null,
      files integer not null,
      bytes integer not null,
      status text not null check (status in ('saved','failed')),
      error text
    )`.execute(db);
  await sql`create index export_history_by_time on export_history(created_at)`.execute(db);
}
