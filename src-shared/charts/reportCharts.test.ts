import { describe, expect, it } from 'vitest';
import { funnelBarsOption } from './funnelBars';
import { gaugeChartOption } from './gauge';
import { healthHistoryOption } from './healthHistory';
import { heatmapOption, heatmapZeroColor } from './heatmap';
import { retentionCurveOption } from './retentionCurve';

describe('report and screen chart builders', () => {
  it('gauge: DAU/MAU as percent with the portfolio average as a second pointer', () => {
    const option = gaugeChartOption({ value: 0.357, benchmark: 0.32 });
    expect(option.series[0]?.data[0]?.value).toBeCloseTo(35.7, 10);
    expect(option.series[1]?.data[0]?.value).toBeCloseTo(32, 10);
    expect(gaugeChartOption({ value: null }).series).toHaveLength(1);
  });

  it('retention curve: rates as percent per period, incomplete periods as gaps', () => {
    const option = retentionCurveOption({
      period: 'week',
      points: [
        { period: 0, rate: 1 },
        { period: 1, rate: 0.456 },
        { period: 2, rate: null },
      ],
    });
    expect(option.xAxis.data).toEqual(['Week 0', 'Week 1', 'Week 2']);
    expect(option.series[0]?.data).toEqual([100, 45.6, null]);
  });

  it('funnel bars: counts per step with the share of step 1 in the label', () => {
    const option = funnelBarsOption({
      steps: [
        { step: 'Signed Up', count: 12, overall: 1 },
        { step: 'Created Project', count: 10, overall: 10 / 12 },
      ],
    });
    expect(option.yAxis.data).toEqual(['Signed Up', 'Created Project']);
    const bars = option.series.at(-1);
    expect(bars?.data).toEqual([12, 10]);
    expect(bars?.label.formatter({ dataIndex: 1 })).toBe('10 (83 %)');
  });

  it('heatmap: zero is out of the colour scale (its own colour), missing cells are not drawn', () => {
    const option = heatmapOption({
      columns: ['2025-03-03', '2025-03-10'],
      rows: ['A', 'B'],
      values: [
        [0, 5],
        [null, 2],
      ],
    });
    expect(option.series[0]?.data).toEqual([
      [0, 0, 0],
      [1, 0, 5],
      [1, 1, 2],
    ]);
    expect(option.visualMap.min).toBe(1);
    expect(option.visualMap.outOfRange.color).toBe(heatmapZeroColor);
  });

  it('health history: score line on labelled band areas', () => {
    const option = healthHistoryOption({
      points: [
        { day: '2025-03-01', score: 71.26 },
        { day: '2025-03-02', score: null },
      ],
      cutoffs: { yellow: 50, green: 75 },
      timeZone: 'UTC',
    });
    expect(option.series[0]?.data).toEqual([71.3, null]);
    expect(option.series[0]?.markArea.data.map(([from]) => from.name)).toEqual(['At risk', 'Watch', 'Healthy']);
    expect(option.xAxis.name).toBe('Date (UTC)');
  });
});
