import { describe, expect, it } from 'vitest';
import type { CanonicalEvent, IngestSink, SyncWindow } from '../types';
import { routeByTime } from './routeByTime';

const DAY = 86_400_000;
const T0 = Date.UTC(2026, 0, 1);
const windows: SyncWindow[] = [0, 1, 2, 3].map((i) => ({
  key: `d${i}`,
  stream: 'events',
  fromMs: T0 + i * DAY,
  toMs: T0 + (i + 1) * DAY,
}));

interface Recording extends IngestSink {
  events: number[];
  reasons: string[];
}
function recording(): Recording {
  const events: number[] = [];
  const reasons: string[] = [];
  return {
    propertyNames: ['plan'],
    events,
    reasons,
    event: (e: CanonicalEvent) => void events.push(e.ts),
    bucket: () => undefined,
    guideEvent: () => undefined,
    rejected: (reason: string) => void reasons.push(reason),
  };
}
const event = (ts: number): CanonicalEvent => ({
  accountId: 'a',
  userId: 'u',
  readableUserId: null,
  ts,
  name: 'e',
  sessionId: null,
  insertId: null,
});

describe('routeByTime', () => {
  it('sends each event to the window holding its time, in any order, edges included', () => {
    const sinks = windows.map(recording);
    const router = routeByTime(windows, sinks);
    const times = [T0 + 2 * DAY + 5, T0, T0 + DAY - 1, T0 + DAY, T0 + 4 * DAY - 1, T0 + 3 * DAY, T0 + 2 * DAY, T0 + 5];
    for (const ts of times) router.event(event(ts));
    expect(sinks.map((s) => s.events)).toEqual([
      [T0, T0 + DAY - 1, T0 + 5],
      [T0 + DAY],
      [T0 + 2 * DAY + 5, T0 + 2 * DAY],
      [T0 + 4 * DAY - 1, T0 + 3 * DAY],
    ]);
    expect(router.propertyNames).toEqual(['plan']);
  });

  it('puts an event outside the group in the window at that edge, and unreadable lines in the first', () => {
    const sinks = windows.map(recording);
    const router = routeByTime(windows, sinks);
    router.event(event(T0 - 1));
    router.event(event(T0 + 4 * DAY));
    router.rejected('not JSON');
    expect(sinks.map((s) => s.events)).toEqual([[T0 - 1], [], [], [T0 + 4 * DAY]]);
    expect(sinks.map((s) => s.reasons)).toEqual([['not JSON'], [], [], []]);
  });

  it('needs one sink per window', () => {
    expect(() => routeByTime(windows, [recording()])).toThrow(/one sink per window/);
  });
});
