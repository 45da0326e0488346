import { describe, expect, it } from 'vitest';
import type { SyncWindow } from '../connectors/types';
import { describeWindowGroup, GROUP_EVENT_BUDGET, MAX_GROUP_WINDOWS, nextWindowGroup } from './windowGroups';

const DAY = 86_400_000;
const days = (n: number, stream = 'events', from = Date.UTC(2026, 0, 1)): SyncWindow[] =>
  Array.from({ length: n }, (_, i) => ({
    key: new Date(from + i * DAY).toISOString().slice(0, 10),
    stream,
    fromMs: from + i * DAY,
    toMs: from + (i + 1) * DAY,
  }));
const grouping = { fetchWindows: async () => undefined };

describe('nextWindowGroup', () => {
  it('fetches one window at a time for a connector that cannot group', () => {
    expect(nextWindowGroup(days(10), 0, {}, { windows: 8, busiestWindowEvents: 10 })).toHaveLength(1);
  });

  it('starts a run with one window, then sizes groups by the busiest window seen, at most doubling', () => {
    const windows = days(100);
    const seen = (windows: number, busiestWindowEvents: number) => ({ windows, busiestWindowEvents });
    expect(nextWindowGroup(windows, 0, grouping, null)).toEqual([windows[0]]);
    expect(nextWindowGroup(windows, 1, grouping, seen(1, 10))).toEqual(windows.slice(1, 3));
    expect(nextWindowGroup(windows, 1, grouping, seen(8, GROUP_EVENT_BUDGET / 4))).toEqual(windows.slice(1, 5));
    expect(nextWindowGroup(windows, 1, grouping, seen(30, 10))).toHaveLength(MAX_GROUP_WINDOWS);
    // Empty days (a back-fill from before the project had data) only let the next group double.
    expect(nextWindowGroup(windows, 1, grouping, seen(4, 0))).toHaveLength(8);
    // A window larger than the budget is still fetched, alone.
    expect(nextWindowGroup(windows, 1, grouping, seen(30, GROUP_EVENT_BUDGET * 3))).toEqual([windows[1]]);
    expect(nextWindowGroup(windows, 98, grouping, seen(30, 10))).toEqual(windows.slice(98));
    expect(nextWindowGroup(windows, 100, grouping, seen(30, 10))).toEqual([]);
  });

  it('stops at a window the connector keeps alone (today), at another stream and at a gap', () => {
    const windows = days(10);
    const todayAlone = { ...grouping, canShareRequest: (w: SyncWindow) => w.key !== '2026-01-08' };
    expect(nextWindowGroup(windows, 2, todayAlone, { windows: 30, busiestWindowEvents: 10 }).map((w) => w.key)).toEqual([
      '2026-01-03',
      '2026-01-04',
      '2026-01-05',
      '2026-01-06',
      '2026-01-07',
    ]);
    expect(nextWindowGroup(windows, 7, todayAlone, { windows: 30, busiestWindowEvents: 10 })).toEqual([windows[7]]);
    const mixed = [...days(3), ...days(3, 'guides', Date.UTC(2026, 0, 4))];
    expect(nextWindowGroup(mixed, 0, grouping, { windows: 30, busiestWindowEvents: 10 })).toHaveLength(3);
    const gap = [...days(2), ...days(2, 'events', Date.UTC(2026, 0, 5))];
    expect(nextWindowGroup(gap, 0, grouping, { windows: 30, busiestWindowEvents: 10 })).toHaveLength(2);
  });

  it('names a group by its first and last window', () => {
    expect(describeWindowGroup(days(1))).toBe('2026-01-01');
    expect(describeWindowGroup(days(7))).toBe('2026-01-01 to 2026-01-07');
  });
});
