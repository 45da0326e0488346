import { describe, expect, it } from 'vitest';
import { addDays, dayInZone, dayStartUtc, parseDay, wallClockToUtc, zoneOffsetMs } from './time';

const iso = (ms: number) => new Date(ms).toISOString();

describe('project-zone calendar', () => {
  it('finds the day of an instant in a zone', () => {
    const t = Date.UTC(2026, 10, 20, 3, 0); // 03:00Z = 22:00 the day before in New York
    expect(dayInZone(t, 'UTC')).toBe('2026-11-20');
    expect(dayInZone(t, 'America/New_York')).toBe('2026-11-19');
    expect(dayInZone(t, 'Asia/Kolkata')).toBe('2026-11-20');
  });

  it('starts days at local midnight, with 23- and 25-hour DST days', () => {
    expect(iso(dayStartUtc('2026-03-08', 'America/New_York'))).toBe('2026-03-08T05:00:00.000Z');
    expect(dayStartUtc('2026-03-09', 'America/New_York') - dayStartUtc('2026-03-08', 'America/New_York')).toBe(23 * 3_600_000);
    expect(dayStartUtc('2026-11-02', 'America/New_York') - dayStartUtc('2026-11-01', 'America/New_York')).toBe(25 * 3_600_000);
    expect(iso(dayStartUtc('2026-06-01', 'Europe/Berlin'))).toBe('2026-05-31T22:00:00.000Z');
    expect(iso(dayStartUtc('2026-06-01', 'Asia/Kolkata'))).toBe('2026-05-31T18:30:00.000Z');
  });

  it('converts wall clock to UTC around transitions', () => {
    const ny = 'America/New_York';
    expect(iso(wallClockToUtc(Date.UTC(2026, 2, 8, 1, 30), ny))).toBe('2026-03-08T06:30:00.000Z'); // EST
    expect(iso(wallClockToUtc(Date.UTC(2026, 2, 8, 2, 30), ny))).toBe('2026-03-08T07:30:00.000Z'); // gap → 03:30 EDT
    expect(iso(wallClockToUtc(Date.UTC(2026, 2, 8, 4, 0), ny))).toBe('2026-03-08T08:00:00.000Z'); // EDT
    expect(iso(wallClockToUtc(Date.UTC(2026, 10, 1, 1, 30), ny))).toBe('2026-11-01T05:30:00.000Z'); // first 01:30 (EDT)
    expect(iso(wallClockToUtc(Date.UTC(2026, 10, 1, 3, 0), ny))).toBe('2026-11-01T08:00:00.000Z'); // EST
    expect(iso(wallClockToUtc(Date.UTC(2026, 3, 5, 12), 'Pacific/Auckland'))).toBe('2026-04-05T00:00:00.000Z');
    expect(zoneOffsetMs(Date.UTC(2026, 0, 1), 'Asia/Kathmandu')).toBe(5.75 * 3_600_000);
  });

  it('parses and steps calendar days', () => {
    expect(parseDay('2026-02-30')).toBeNull();
    expect(parseDay('nope')).toBeNull();
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
  });
});
