import type { Connector, SyncWindow } from '../connectors/types';

/**
 * How many windows one vendor request may cover, for connectors that can fetch several at once
 * (Connector.fetchWindows). Each window of a group keeps its own aggregate until the request ends, so
 * a group is sized by the events it is expected to hold: memory follows GROUP_EVENT_BUDGET, not the
 * number of days. The first group of a run is one window (the volume is not known yet); each later one
 * is sized from the busiest window of the group before it, and at most doubles: a back-fill that starts
 * before the project had data sees empty days first, which say nothing about the days after them.
 *
 * 60,000 events ≈ one window at the bench's largest portfolio (1,200 accounts, ~50k events a day), so a
 * sync of that size fetches as before, while a portfolio of a few thousand events a day needs a few
 * requests for 90 days instead of 91.
 */
export const GROUP_EVENT_BUDGET = 60_000;
/** At most this many windows per request (Airbyte's Mixpanel source also asks for 30 days at a time). */
export const MAX_GROUP_WINDOWS = 30;

/**
 * The windows to fetch together from `start`: consecutive (each begins where the one before ends), of
 * one stream, each one the connector lets share a request. Always at least `windows[start]`.
 */
export function nextWindowGroup(
  windows: readonly SyncWindow[],
  start: number,
  connector: Pick<Connector, 'fetchWindows' | 'canShareRequest'>,
  previous: PreviousGroup | null,
): SyncWindow[] {
  const first = windows[start];
  if (!first) return [];
  const group = [first];
  if (!connector.fetchWindows || previous === null) return group;
  const limit = Math.max(
    1,
    Math.min(MAX_GROUP_WINDOWS, 2 * previous.windows, Math.floor(GROUP_EVENT_BUDGET / Math.max(1, previous.busiestWindowEvents))),
  );
  const shares = (w: SyncWindow): boolean => connector.canShareRequest?.(w) ?? true;
  if (!shares(first)) return group;
  for (let i = start + 1; i < windows.length && group.length < limit; i++) {
    const next = windows[i] as SyncWindow;
    const last = group[group.length - 1] as SyncWindow;
    if (next.stream !== first.stream || next.fromMs !== last.toMs || !shares(next)) break;
    group.push(next);
  }
  return group;
}

/** What the group fetched before tells the next one. */
export interface PreviousGroup {
  windows: number;
  /** Events read in its busiest window. */
  busiestWindowEvents: number;
}

/** "2026-11-01" for one window, "2026-11-01 to 2026-11-07" for a group (progress, warnings, errors). */
export function describeWindowGroup(group: readonly SyncWindow[]): string {
  const first = group[0]?.key ?? '';
  const last = group[group.length - 1]?.key ?? first;
  return group.length > 1 ? `${first} to ${last}` : first;
}
