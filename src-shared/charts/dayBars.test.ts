import { describe, expect, it } from 'vitest';
import { dayBarsOption } from './dayBars';
import { lifecycleBarsOption } from './lifecycleBars';

describe('dayBarsOption', () => {
  const points = [
    { day: '2025-03-03', value: 1200 },
    { day: '2025-03-01', value: 900 },
    { day: '2025-03-02', value: null },
    { day: '2025-03-04', value: 300 },
  ];

  it('sorts days, keeps gaps as null and names the time zone and unit', () => {
    const option = dayBarsOption({ points, name: 'Events', unit: 'events', timeZone: 'UTC' });
    expect(option.xAxis.data).toEqual(['2025-03-01', '2025-03-02', '2025-03-03', '2025-03-04']);
    expect(option.series[0]?.data.map((d) => d.value)).toEqual([900, null, 1200, 300]);
    expect(option.xAxis.name).toBe('Date (UTC)');
    expect(option.yAxis.name).toBe('events');
    expect(option.yAxis.axisLabel.formatter(12345)).toBe('12,345');
  });

  it('draws provisional days hollow and dashed and says so in the tooltip', () => {
    const option = dayBarsOption({ points, name: 'Events', unit: 'events', timeZone: 'UTC', provisionalFrom: '2025-03-04' });
    const data = option.series[0]?.data ?? [];
    expect(data[2]?.itemStyle).toBeUndefined();
    expect(data[3]?.itemStyle?.borderType).toBe('dashed');
    expect(option.tooltip.formatter([{ dataIndex: 3 }])).toContain('Incomplete');
    expect(option.tooltip.formatter([{ dataIndex: 2 }])).toContain('1,200 events');
    expect(option.tooltip.formatter([{ dataIndex: 1 }])).toContain('no data');
  });
});

describe('lifecycleBarsOption', () => {
  it('stacks new/returning/resurrecting above the axis and dormant below, incomplete week dashed', () => {
    const option = lifecycleBarsOption({
      timeZone: 'Europe/Paris',
      weeks: [
        { week: '2025-03-10', new: 1, returning: 2, resurrecting: 0, dormant: 1, incomplete: true },
        { week: '2025-03-03', new: 3, returning: 10, resurrecting: 1, dormant: 2, incomplete: false },
      ],
    });
    expect(option.xAxis.data).toEqual(['2025-03-03', '2025-03-10']);
    const dormant = option.series.find((s) => s.name === 'Dormant');
    expect(dormant?.data.map((d) => d.value)).toEqual([-2, -1]);
    expect(dormant?.stack).not.toBe(option.series[0]?.stack);
    expect(option.series[0]?.data[1]?.itemStyle?.borderType).toBe('dashed');
    expect(option.yAxis.axisLabel.formatter(-1500)).toBe('1,500');
    expect(option.tooltip.formatter([{ dataIndex: 1 }])).toContain('(incomplete)');
    expect(option.xAxis.name).toContain('Europe/Paris');
  });
});
