import { describe, expect, it } from 'vitest';
import { engagementSampleCharts } from './warmUp';

interface SampleSeries {
  type: string;
  lineStyle?: { type: string };
  data?: unknown[];
}

describe('the Account page warm-up', () => {
  it('draws each chart type of the Engagement tab, with its dashed and hollow provisional days', () => {
    const charts = engagementSampleCharts();
    const series = charts.map((c) => (c.option as { series: SampleSeries[] }).series);
    expect(series.map((s) => [...new Set(s.map((one) => one.type))])).toEqual([['line'], ['gauge'], ['bar']]);
    expect(series[0]?.some((s) => s.lineStyle?.type === 'dashed')).toBe(true);
    const bars = series[2]?.[0]?.data as Array<{ itemStyle?: { borderType?: string } }>;
    expect(bars.some((b) => b.itemStyle?.borderType === 'dashed')).toBe(true);
    for (const chart of charts) expect(chart.width * chart.height).toBeGreaterThan(0);
  });
});
