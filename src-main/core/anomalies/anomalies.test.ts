import { describe, expect, it } from 'vitest';
import { defaultHealthConfig } from '../../../src-shared/contract';
import { addDays, dayList } from '../metrics';
import {
  type AnomalySettings,
  anomalyThresholds,
  checkCustomer,
  checkDay,
  checkMetric,
  type DailyUsage,
  detect,
  median,
  medianAbsoluteDeviation,
  sameWeekdayBaseline,
  type UsageHistory,
} from '.';

/** Pure detector tests: daily series built by hand. 2026-03-17 is a Tuesday. */
const DAY = '2026-03-17';
const settings: AnomalySettings = defaultHealthConfig.rules.anomaly;
const medium = anomalyThresholds.medium;

/** A history from `start` through Friday 03-20 where `value(day)` gives the day's active users (events = 10×). */
function history(value: (day: string) => number, start = '2025-12-01'): UsageHistory {
  const totals = new Map<string, DailyUsage>();
  for (const d of dayList(start, '2026-03-20')) {
    const v = value(d);
    totals.set(d, { activeUsers: v, events: v * 10, sessions: v * 2, minutes: v * 15 });
  }
  return { historyStart: start, hasSessions: true, on: (d) => totals.get(d) };
}
const weekday = (d: string) => new Date(`${d}T12:00:00Z`).getUTCDay();
/** Weekdays ~40 users with a little wobble, weekends 2 (below the minimum active users: not judged). */
const usual = (d: string) => (weekday(d) === 0 || weekday(d) === 6 ? 2 : 40 + (Number(d.slice(8)) % 3));

describe('robust statistics', () => {
  it('median and MAD', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(medianAbsoluteDeviation([1, 2, 3, 4, 100])).toBe(1);
    expect(() => median([])).toThrow(/no values/);
  });
});

describe('detect', () => {
  const baseline = [100, 102, 98, 101, 99, 103, 100, 97];

  it('a holiday in the baseline neither shifts nor widens the expected range', () => {
    const plain = detect(70, baseline, medium);
    const holiday = detect(70, [100, 102, 98, 0, 99, 103, 100, 97], medium);
    expect(plain.status).toBe('drop');
    expect(holiday.status).toBe('drop');
    expect(Math.abs(holiday.expected.median - plain.expected.median)).toBeLessThanOrEqual(1);
    expect(holiday.expected.low).toBeGreaterThan(70);
    expect(holiday.expected.high - holiday.expected.low).toBeLessThan(60);
    // A mean ± 3 SD would have swallowed the drop: the holiday alone makes the SD ~ 33.
    expect(detect(95, baseline, medium).status).toBe('normal');
  });

  it('a flat zero series: nothing is a drop, a single user is not a spike', () => {
    const zeros = [0, 0, 0, 0, 0, 0];
    expect(detect(0, zeros, medium)).toEqual({ status: 'normal', expected: { low: 0, median: 0, high: 1 } });
    expect(detect(1, zeros, medium).status).toBe('normal');
    expect(detect(3, zeros, medium).status).toBe('spike');
  });

  it('sensitivity: a 30% drop is flagged at high and medium, not at low', () => {
    expect(detect(70, baseline, anomalyThresholds.high).status).toBe('drop');
    expect(detect(70, baseline, anomalyThresholds.medium).status).toBe('drop');
    expect(detect(70, baseline, anomalyThresholds.low).status).toBe('normal');
    expect(detect(80, baseline, anomalyThresholds.high).status).toBe('drop');
    expect(detect(80, baseline, anomalyThresholds.medium).status).toBe('normal');
  });
});

describe('same-weekday checks', () => {
  it('builds the baseline from the same weekday of the previous weeks, newest first', () => {
    const h = history(usual);
    expect(sameWeekdayBaseline(h, DAY, 8)).toEqual([1, 2, 3, 4, 5, 6, 7, 8].map((w) => addDays(DAY, -7 * w)));
    const check = checkDay(h, 'activeUsers', DAY, settings);
    expect(check.status).toBe('normal');
    expect(check.baseline).toHaveLength(8);
    expect(check.baseline.every((b) => weekday(b.day) === weekday(DAY))).toBe(true);
  });

  it('not enough history: fewer same-weekday days than the minimum (the first, maybe partial day excluded)', () => {
    // History starts on the Tuesday four weeks back: only three full Tuesdays before DAY.
    const h = history(usual, addDays(DAY, -28));
    const check = checkDay(h, 'activeUsers', DAY, { ...settings, minBaselineWeeks: 4 });
    expect(check.status).toBe('not-enough-history');
    expect(check.expected).toBeNull();
    expect(check.baseline.map((b) => b.day)).toEqual([addDays(DAY, -7), addDays(DAY, -14), addDays(DAY, -21)]);
    expect(checkDay(h, 'activeUsers', DAY, { ...settings, minBaselineWeeks: 3 }).status).toBe('normal');
  });

  it('a day usually below the minimum active users is not judged (small accounts, weekends)', () => {
    const h = history((d) => (d === DAY ? 0 : 2));
    expect(checkDay(h, 'activeUsers', DAY, settings).status).toBe('too-small');
    expect(checkDay(history(usual), 'activeUsers', '2026-03-15', { ...settings, minActiveUsers: 10 }).status).toBe('too-small');
  });

  it('a source without sessions reports them as not in source', () => {
    const h = { ...history(usual), hasSessions: false };
    expect(checkDay(h, 'sessions', DAY, settings)).toMatchObject({ status: 'not-in-source', observed: null });
    expect(checkCustomer(h, DAY, settings).map((m) => m.metric)).toEqual(['activeUsers', 'events', 'minutes']);
  });

  it('days without activity inside the synced history count as 0', () => {
    const h = history(usual);
    const gap: UsageHistory = { ...h, on: (d) => (d === DAY ? undefined : h.on(d)) };
    expect(checkDay(gap, 'activeUsers', DAY, settings)).toMatchObject({ status: 'drop', observed: 0 });
  });
});

describe('confirmation', () => {
  const dropFrom =
    (from: string, to = DAY) =>
    (d: string) =>
      d >= from && d <= to ? 10 : usual(d);

  it('one bad day (a holiday on the evaluated day) does not fire; two of the last three judged days do', () => {
    const one = checkMetric(history(dropFrom(DAY)), 'activeUsers', DAY, settings);
    expect(one.check.status).toBe('drop');
    expect(one.firing).toBeNull();
    const two = checkMetric(history(dropFrom('2026-03-16')), 'activeUsers', DAY, settings);
    expect(two.firing).toBe('drop');
    expect(two.recent.map((c) => [c.day, c.status])).toEqual([
      ['2026-03-13', 'normal'],
      ['2026-03-16', 'drop'],
      [DAY, 'drop'],
    ]);
  });

  it('weekends of a small account are skipped when confirming: Friday and Monday confirm each other', () => {
    const h = history(dropFrom('2026-03-13', '2026-03-16'));
    const monday = checkMetric(h, 'activeUsers', '2026-03-16', settings);
    expect(monday.recent.map((c) => c.day)).toEqual(['2026-03-12', '2026-03-13', '2026-03-16']);
    expect(monday.firing).toBe('drop');
  });

  it('an open alert holds while any of the last three judged days is a drop, then clears', () => {
    const h = history(dropFrom('2026-03-12', '2026-03-13'));
    expect(checkMetric(h, 'activeUsers', '2026-03-13', settings).firing).toBe('drop');
    expect(checkMetric(h, 'activeUsers', '2026-03-16', settings).firing).toBeNull();
    expect(checkMetric(h, 'activeUsers', '2026-03-16', settings, 'drop').firing).toBe('drop');
    expect(checkMetric(h, 'activeUsers', '2026-03-17', settings, 'drop').firing).toBe('drop');
    expect(checkMetric(h, 'activeUsers', '2026-03-18', settings, 'drop').firing).toBeNull();
  });

  it('spikes fire only when switched on', () => {
    const h = history((d) => (d >= '2026-03-16' ? 90 : usual(d)));
    expect(checkMetric(h, 'activeUsers', DAY, settings).firing).toBeNull();
    expect(checkMetric(h, 'activeUsers', DAY, { ...settings, spikes: true }).firing).toBe('spike');
  });
});
