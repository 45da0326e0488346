import { describe, expect, it } from 'vitest';
import { addLocalDays, amplitudeTime, localDayStart, parseYmd } from './timeline';

describe('timeline', () => {
  it('formats Amplitude timestamps with microseconds and no zone', () => {
    expect(amplitudeTime(Date.parse('2020-11-24T09:59:55.977Z'))).toBe('2020-11-24 09:59:55.977000');
  });
  it('finds New York local midnights across DST', () => {
    const tz = 'America/New_York';
    expect(new Date(localDayStart(Date.parse('2025-03-09T12:00:00Z'), tz)).toISOString()).toBe('2025-03-09T05:00:00.000Z');
    expect(new Date(addLocalDays(localDayStart(Date.parse('2025-03-09T12:00:00Z'), tz), 1, tz)).toISOString()).toBe(
      '2025-03-10T04:00:00.000Z',
    );
    expect(new Date(localDayStart(Date.parse('2018-12-02T12:00:00Z'), tz)).getTime()).toBe(1543726800000);
  });
  it('parses dates strictly', () => {
    expect(parseYmd('2025-02-30')).toBeNull();
    expect(parseYmd('20250301')).toBe(Date.parse('2025-03-01T00:00:00Z'));
  });
});
