import type { Store } from '../store';

const usageTables = [
  'activity_days',
  'item_days',
  'guide_days',
  'property_event_days',
  'property_user_days',
  'saved_report_results',
] as const;

/**
 * Deletes usage older than the retention horizon (settings.retentionMonths, default 24). Runs after
 * syncs; a day is kept until its whole month has aged out, so monthly charts never show half a month.
 */
export function pruneOldData(
  store: Store,
  options: { today: string; retentionMonths: number },
): { deletedRows: number; cutoff: string } {
  const [y, m] = options.today.split('-').map(Number) as [number, number];
  const cutoffDate = new Date(Date.UTC(y, m - 1 - options.retentionMonths, 1));
  const cutoff = cutoffDate.toISOString().slice(0, 10);
  let deletedRows = 0;
  store.sqlite.transaction(() => {
    for (const table of usageTables)
      deletedRows += store.sqlite.prepare(`delete from ${table} where day < ?`).run(cutoff).changes;
    deletedRows += store.sqlite.prepare('delete from key_events where ts < ?').run(cutoffDate.getTime()).changes;
    store.sqlite.prepare('delete from sync_runs where started_at < ? and outcome != ?').run(cutoffDate.getTime(), 'running');
  })();
  return { deletedRows, cutoff };
}
