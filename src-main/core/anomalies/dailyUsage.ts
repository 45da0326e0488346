import type { AnomalyMetric } from '../../../src-shared/contract/health';

/** One customer's totals on one day (primary source). */
export interface DailyUsage {
  activeUsers: number;
  events: number;
  /** Null when the source has no sessions (Pendo). */
  sessions: number | null;
  minutes: number;
}

/**
 * A customer's daily totals as the detector reads them. A day on or after `historyStart` without an
 * entry had no activity (0); days before it are unknown and never used as baseline.
 */
export interface UsageHistory {
  historyStart: string;
  /** The source has sessions (event-level sources; Pendo's buckets do not). */
  hasSessions: boolean;
  on(day: string): DailyUsage | undefined;
}

/** Sums user-days (one row per user and day) into daily totals. */
export function dailyUsageFrom(
  rows: Iterable<{ day: string; events: number; sessions: number | null; minutes: number }>,
  hasSessions: boolean,
): Map<string, DailyUsage> {
  const totals = new Map<string, DailyUsage>();
  for (const r of rows) {
    let t = totals.get(r.day);
    if (!t) {
      t = { activeUsers: 0, events: 0, sessions: hasSessions ? 0 : null, minutes: 0 };
      totals.set(r.day, t);
    }
    t.activeUsers++;
    t.events += r.events;
    if (t.sessions !== null) t.sessions += r.sessions ?? 0;
    t.minutes += r.minutes;
  }
  return totals;
}

/** The metric's value on a day of synced history (no entry = 0); null when the source lacks it. */
export function metricValue(history: UsageHistory, metric: AnomalyMetric, day: string): number | null {
  if (metric === 'sessions' && !history.hasSessions) return null;
  const t = history.on(day);
  if (!t) return 0;
  return metric === 'sessions' ? (t.sessions ?? 0) : t[metric];
}
