import { describe, expect, it } from 'vitest';
import { parseChartCsv } from './amplitude/savedChart';
import { isVendorError } from './http';
import { pickMixpanelProperties } from './mixpanel/breakdownProperties';
import { parseInsights } from './mixpanel/insights';

describe('parseInsights (Mixpanel saved reports)', () => {
  it('takes the project-zone day from ISO keys with an offset', () => {
    const data = parseInsights(
      {
        headers: ['$event'],
        series: { 'Logged in': { '2020-08-31T00:00:00-07:00': 9852, '2020-09-07T00:00:00-07:00': '4325' } },
      },
      '1',
    );
    expect(data.points).toEqual([
      { series: 'Logged in', segment: '', day: '2020-08-31', value: 9852 },
      { series: 'Logged in', segment: '', day: '2020-09-07', value: 4325 },
    ]);
  });

  it('reads a breakdown: $overall becomes the total, other keys are segments', () => {
    const data = parseInsights(
      {
        headers: ['$event', 'company_id'],
        series: { X: { $overall: { '2026-01-01T00:00:00+00:00': 3 }, 'C-1': { '2026-01-01T00:00:00+00:00': 2 } } },
      },
      '2',
    );
    expect(data.breakdown).toBe('company_id');
    expect(data.points.map((p) => `${p.segment}:${p.value}`)).toEqual([':3', 'C-1:2']);
  });

  it('rejects an answer that is not a report with a message naming the bookmark', () => {
    try {
      parseInsights({ error: 'nope' }, '77');
      expect.unreachable();
    } catch (error) {
      expect(isVendorError(error) && error.code).toBe('VENDOR_BAD_RESPONSE');
      expect((error as Error).message).toContain('bookmark 77');
    }
  });
});

describe('parseChartCsv (Amplitude saved charts)', () => {
  it('reads title, dates and segments; an ungrouped single row is the total', () => {
    const data = parseChartCsv('"DAU"\r\n\r\n"Segment","2026-01-01","2026-01-02"\r\n"All Users","1,204","7"\r\n', 'c1');
    expect(data.name).toBe('DAU');
    expect(data.breakdown).toBeNull();
    expect(data.points).toEqual([
      { series: 'DAU', segment: '', day: '2026-01-01', value: 1204 },
      { series: 'DAU', segment: '', day: '2026-01-02', value: 7 },
    ]);
  });

  it('keeps group values as segments and skips empty cells', () => {
    const data = parseChartCsv('"Segment","2026-01-01"\n"org_a","3"\n"org_b",""\n', 'c2');
    expect(data.name).toBeNull();
    expect(data.points).toEqual([{ series: 'Chart c2', segment: 'org_a', day: '2026-01-01', value: 3 }]);
  });

  it('says what it needs when the CSV has no date columns', () => {
    expect(() => parseChartCsv('"Funnel"\n"Step","Count"\n"A","3"\n', 'c3')).toThrow(/no header row of dates.*time-series/);
  });
});

describe('pickMixpanelProperties', () => {
  it('reads only listed names, falling back to the reserved $name', () => {
    expect(
      pickMixpanelProperties({ plan: 'Growth', $os: 'Mac OS X', role: 5, email: 'x' }, ['plan', 'os', 'role', 'none']),
    ).toEqual({
      plan: 'Growth',
      os: 'Mac OS X',
      role: '5',
    });
    expect(pickMixpanelProperties({ tags: ['a'] }, ['tags'])).toBeNull();
  });
});
