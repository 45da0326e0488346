import { addDays } from './calendar';
import type { MetricsContext } from './context';
import { cachedStatement } from './statements';

/**
 * A connection's data-through day: the newest day any committed sync window holds (sync_windows.max_day),
 * and the first provisional day: late data can still change the last `lookbackDays` days (G5), so days
 * from dataThrough − lookbackDays + 1 on are provisional.
 */
export function connectionDataThrough(
  ctx: MetricsContext,
  connectionId: string,
): { dataThrough: string | null; provisionalFrom: string | null } {
  const row = cachedStatement(ctx.store.sqlite, 'select max(max_day) as through from sync_windows where connection_id = ?').get(
    connectionId,
  ) as { through: string | null } | undefined;
  const dataThrough = row?.through ?? null;
  return {
    dataThrough,
    provisionalFrom: dataThrough === null ? null : addDays(dataThrough, 1 - ctx.settings.lookbackDays),
  };
}

/** True when any day of [from, to] is provisional or beyond the synced data. */
export function isProvisional(to: string, provisionalFrom: string | null): boolean {
  return provisionalFrom === null || to >= provisionalFrom;
}
