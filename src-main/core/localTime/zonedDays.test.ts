import { describe, expect, it } from 'vitest';
import { addDays, daysBetween, isDateKey, isValidTimeZone, localDate, localDayStart } from './zonedDays';

describe('Pendo subscription-zone days', () => {
  it('matches the local midnights in Pendo real sample data (America/New_York, with DST)', () => {
    // feature-events sample: 1540008000000 = 2018-10-20T04:00Z (EDT); page-events: 1543726800000 = 2018-12-02T05:00Z (EST)
    expect(localDayStart('2018-10-20', 'America/New_York')).toBe(1540008000000);
    expect(localDayStart('2018-12-02', 'America/New_York')).toBe(1543726800000);
    expect(localDayStart('2018-07-09', 'America/New_York')).toBe(1531108800000);
    expect(localDate(1540008000000, 'America/New_York')).toBe('2018-10-20');
    expect(localDate(1540008000000 - 1, 'America/New_York')).toBe('2018-10-19');
  });

  it('gives 23- and 25-hour days across DST changes', () => {
    const tz = 'America/New_York';
    expect(localDayStart('2026-03-09', tz) - localDayStart('2026-03-08', tz)).toBe(23 * 3_600_000);
    expect(localDayStart('2026-11-02', tz) - localDayStart('2026-11-01', tz)).toBe(25 * 3_600_000);
    const berlin = 'Europe/Berlin';
    expect(localDayStart('2026-03-30', berlin) - localDayStart('2026-03-29', berlin)).toBe(23 * 3_600_000);
    expect(new Date(localDayStart('2026-03-29', berlin)).toISOString()).toBe('2026-03-28T23:00:00.000Z');
  });

  it('handles UTC, positive offsets, half-hour zones and a DST gap at midnight', () => {
    expect(localDayStart('2026-01-01', 'UTC')).toBe(Date.UTC(2026, 0, 1));
    expect(new Date(localDayStart('2026-01-01', 'Asia/Tokyo')).toISOString()).toBe('2025-12-31T15:00:00.000Z');
    expect(new Date(localDayStart('2026-01-01', 'Asia/Kolkata')).toISOString()).toBe('2025-12-31T18:30:00.000Z');
    // Asia/Beirut springs forward at 00:00 → 01:00 (last Sunday of March): the day starts at 01:00 local.
    const start = localDayStart('2026-03-29', 'Asia/Beirut');
    expect(localDate(start, 'Asia/Beirut')).toBe('2026-03-29');
    expect(localDate(start - 1, 'Asia/Beirut')).toBe('2026-03-28');
  });

  it('every day start of a year is the first instant of that local date', () => {
    for (const tz of ['America/New_York', 'Australia/Lord_Howe', 'America/Santiago', 'Pacific/Auckland']) {
      let day = '2026-01-01';
      for (let i = 0; i < 366; i++) {
        const start = localDayStart(day, tz);
        expect(localDate(start, tz)).toBe(day);
        expect(localDate(start - 1, tz)).toBe(addDays(day, -1));
        day = addDays(day, 1);
      }
    }
  });

  it('calendar helpers', () => {
    expect(addDays('2026-02-28', 1)).toBe('2026-03-01');
    expect(addDays('2026-01-01', -1)).toBe('2025-12-31');
    expect(daysBetween('2026-03-01', '2026-03-31')).toBe(30);
    expect(isDateKey('2026-02-29')).toBe(false);
    expect(isDateKey('2028-02-29')).toBe(true);
    expect(isValidTimeZone('America/New_York')).toBe(true);
    expect(isValidTimeZone('Mars/Olympus')).toBe(false);
  });
});
