import type { CanonicalBucket, CanonicalEvent, CanonicalGuideEvent, IngestSink, SyncWindow } from '../types';

/**
 * One sink in front of a group of consecutive windows fetched in one request (Connector.fetchWindows):
 * each timed record goes to the sink of the window holding its timestamp, so every window's aggregate
 * is what a request for that window alone would have produced.
 *
 * - A record outside the group (the vendor cut its days differently by a moment) goes to the nearest
 *   window at that edge, where the vendor's own one-window answer would have put it.
 * - Lines that could not be read have no time: they are counted in the group's first window.
 * - Buckets carry a vendor day and no time; grouping is for event streams, so they go to the first window.
 */
export function routeByTime(windows: readonly SyncWindow[], sinks: readonly IngestSink[]): IngestSink {
  const first = sinks[0];
  if (!first || windows.length !== sinks.length) throw new Error('routeByTime needs one sink per window.');
  const last = windows.length - 1;
  // Exports come roughly in time order: start from the window of the previous record.
  let hint = 0;
  const indexOf = (ts: number): number => {
    const at = windows[hint] as SyncWindow;
    if (ts >= at.fromMs && ts < at.toMs) return hint;
    if (ts < (windows[0] as SyncWindow).fromMs) return 0;
    if (ts >= (windows[last] as SyncWindow).toMs) return last;
    let lo = 0;
    let hi = last;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((windows[mid] as SyncWindow).fromMs <= ts) lo = mid;
      else hi = mid - 1;
    }
    hint = lo;
    return lo;
  };
  return {
    propertyNames: first.propertyNames,
    event(record: CanonicalEvent): void {
      (sinks[indexOf(record.ts)] as IngestSink).event(record);
    },
    guideEvent(record: CanonicalGuideEvent): void {
      (sinks[indexOf(record.ts)] as IngestSink).guideEvent(record);
    },
    bucket(record: CanonicalBucket): void {
      first.bucket(record);
    },
    rejected(reason: string): void {
      first.rejected(reason);
    },
  };
}
