import { type Kysely, sql } from 'kysely';

/**
 * Customer outcomes for the churn analysis: at most one per customer (the latest renewal or the
 * churn), from the customers CSV (`outcome`, `outcome_date`) or marked in the app. Deleting a customer
 * deletes its outcome.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table customer_outcomes (
      customer_id text primary key references customers(id) on delete cascade,
      status text not null check (status in ('renewed','churned')),
      date text not null,
      source text not null check (source in ('import','app')),
      updated_at integer not null
    )`.execute(db);
}
