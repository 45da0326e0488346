import { describe, expect, it } from 'vitest';
import { createLocalDayResolver } from './localDay';

describe('createLocalDayResolver', () => {
  it('cuts days at local midnight, not UTC midnight', () => {
    const pacific = createLocalDayResolver('America/Los_Angeles');
    expect(pacific(Date.UTC(2026, 5, 10, 6, 59))).toBe('2026-06-09'); // 23:59 PDT
    expect(pacific(Date.UTC(2026, 5, 10, 7, 0))).toBe('2026-06-10');
  });

  it('handles DST days of 23 and 25 hours', () => {
    const berlin = createLocalDayResolver('Europe/Berlin');
    // 2026-03-29 is 23 h long in Berlin; 2026-10-25 is 25 h long.
    expect(berlin(Date.UTC(2026, 2, 28, 22, 59))).toBe('2026-03-28');
    expect(berlin(Date.UTC(2026, 2, 28, 23, 0))).toBe('2026-03-29');
    expect(berlin(Date.UTC(2026, 2, 29, 21, 59))).toBe('2026-03-29');
    expect(berlin(Date.UTC(2026, 2, 29, 22, 0))).toBe('2026-03-30');
    expect(berlin(Date.UTC(2026, 9, 24, 21, 59))).toBe('2026-10-24');
    expect(berlin(Date.UTC(2026, 9, 24, 22, 0))).toBe('2026-10-25');
    expect(berlin(Date.UTC(2026, 9, 25, 22, 59))).toBe('2026-10-25');
    expect(berlin(Date.UTC(2026, 9, 25, 23, 0))).toBe('2026-10-26');
  });

  it('handles zones with 30 and 45 minute offsets', () => {
    expect(createLocalDayResolver('Asia/Kolkata')(Date.UTC(2026, 0, 1, 18, 29))).toBe('2026-01-01');
    expect(createLocalDayResolver('Asia/Kolkata')(Date.UTC(2026, 0, 1, 18, 30))).toBe('2026-01-02');
    expect(createLocalDayResolver('Asia/Kathmandu')(Date.UTC(2026, 0, 1, 18, 14))).toBe('2026-01-01');
    expect(createLocalDayResolver('Asia/Kathmandu')(Date.UTC(2026, 0, 1, 18, 15))).toBe('2026-01-02');
  });
});
