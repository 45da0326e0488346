import { describe, expect, it } from 'vitest';
import { formatDay, formatNumber, formatWithUnit } from './format';
import { lineChartOption } from './lineSeries';

describe('lineChartOption', () => {
  const points = [
    { day: '2025-03-01', value: 1200 },
    { day: '2025-03-02', value: 1350 },
    { day: '2025-03-03', value: null },
    { day: '2025-03-04', value: 1400 },
    { day: '2025-03-05', value: 300 },
  ];

  it('puts every day on a category axis named with the reporting time zone', () => {
    const option = lineChartOption({ series: [{ name: 'DAU', points }], unit: 'users', timeZone: 'Europe/Berlin' });
    expect(option.xAxis.data).toEqual(['2025-03-01', '2025-03-02', '2025-03-03', '2025-03-04', '2025-03-05']);
    expect(option.xAxis.name).toBe('Date (Europe/Berlin)');
    expect(option.yAxis.name).toBe('users');
    expect(option.series).toHaveLength(1);
    expect(option.series[0]?.data).toEqual([1200, 1350, null, 1400, 300]);
    expect(option.series[0]?.lineStyle.type).toBe('solid');
    expect(option.legend.show).toBe(false);
  });

  it('keeps missing days as gaps, never zero', () => {
    const option = lineChartOption({ series: [{ name: 'DAU', points }], unit: 'users', timeZone: 'UTC' });
    expect(option.series[0]?.data[2]).toBeNull();
    expect(option.series[0]?.connectNulls).toBe(false);
  });

  it('draws the provisional period dashed, joined to the last complete day', () => {
    const option = lineChartOption({
      series: [{ name: 'DAU', points, provisionalFrom: '2025-03-05' }],
      unit: 'users',
      timeZone: 'UTC',
    });
    const [solid, dashed] = option.series;
    expect(solid?.data).toEqual([1200, 1350, null, 1400, null]);
    expect(solid?.lineStyle.type).toBe('solid');
    expect(dashed?.data).toEqual([null, null, null, 1400, 300]);
    expect(dashed?.lineStyle.type).toBe('dashed');
    expect(dashed?.name).toBe('DAU');
    expect(dashed?.tooltip?.show).toBe(false);
  });

  it('aligns several series on the union of their days and shows a legend', () => {
    const option = lineChartOption({
      series: [
        { name: 'DAU', points: [{ day: '2025-03-02', value: 5 }] },
        { name: 'WAU', points: [{ day: '2025-03-01', value: 9 }] },
      ],
      unit: 'users',
      timeZone: 'UTC',
      title: 'Active users',
    });
    expect(option.xAxis.data).toEqual(['2025-03-01', '2025-03-02']);
    expect(option.series.map((s) => s.data)).toEqual([
      [null, 5],
      [9, null],
    ]);
    expect(option.legend).toMatchObject({ show: true, data: ['DAU', 'WAU'] });
    expect(option.title?.text).toBe('Active users');
  });

  it('formats axes and tooltips with thousands separators and units', () => {
    const option = lineChartOption({ series: [{ name: 'Events', points }], unit: 'events', timeZone: 'UTC' });
    expect(option.yAxis.axisLabel.formatter(1234567)).toBe('1,234,567');
    expect(option.tooltip.valueFormatter(1234.5)).toBe('1,234.5 events');
    expect(option.tooltip.valueFormatter(null)).toBe('–');
    expect(option.xAxis.axisLabel.formatter('2025-03-01')).toBe('Mar 1');
    // the option survives JSON (minus formatters) for the report's server-side render
    expect(() => JSON.stringify(option)).not.toThrow();
  });
});

describe('chart formatting', () => {
  it('formats numbers, units and days', () => {
    expect(formatNumber(12345.678)).toBe('12,345.68');
    expect(formatNumber(Number.NaN)).toBe('–');
    expect(formatWithUnit(42, '%')).toBe('42 %');
    expect(formatWithUnit(3, '')).toBe('3');
    expect(formatDay('2025-12-31')).toBe('Dec 31, 2025');
    expect(formatDay('not a day')).toBe('not a day');
  });
});
