import { inputGeneration, type PersistedSlot, rememberedResult } from '../store';
import type { MetricsContext } from './context';

/**
 * Memo for portfolio-wide results (portfolio rows, feature matrix, funnel benchmarks). They scan every
 * account of a connection, too slow to redo on each page view at 1,000 customers (about 4 s cold). The
 * key is what those results read: the `metrics` generation that migration 0010's triggers move on every
 * write to sync windows (a sync's data lands with its window), account links and customers, plus today
 * and the calendar settings. Deliberately NOT the database's change version (store/changeVersion): alert actions, outcomes, export records and health snapshots are
 * written all the time and would throw away 4 s of work each time, for data these results do not read.
 * Nothing is remembered inside a transaction, so an answer that saw writes later rolled back is never
 * served (a rollback takes the generation back with it, to a value whose answer did not see those writes).
 * Every part of the key is stored in the database (or is the day and the settings), so a result given
 * a `slot` is also kept in the workspace (store/derivedResults) and served after a restart while the
 * key still matches: the first portfolio open after the app starts no longer recomputes it.
 */
export function dataVersion(ctx: MetricsContext, today: string): string {
  const s = ctx.settings;
  return [inputGeneration(ctx.store.sqlite, 'metrics'), today, s.timezone, s.weekStart, s.lookbackDays].join('|');
}

export function cached<T>(ctx: MetricsContext, key: string, compute: () => T, slot?: PersistedSlot<T>): T {
  // Inside a transaction the answer may include writes that are later rolled back, which take the
  // generation back with them: rememberedResult computes without remembering there.
  return rememberedResult(ctx.store.sqlite, key, compute, slot && persistedAs(ctx, slot));
}

/**
 * A result computed a day ahead is kept in its slot's ".next" row, so today's row stays for the rest of
 * today; every request also looks there, and a match is then copied into the slot's own row.
 */
function persistedAs<T>(ctx: MetricsContext, slot: PersistedSlot<T>): PersistedSlot<T> {
  const next = `${slot.name}.next`;
  return ctx.dayAhead ? { ...slot, name: next, alsoIn: [] } : { ...slot, alsoIn: [next] };
}
