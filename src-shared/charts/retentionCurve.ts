import { formatNumber } from './format';
import { seriesColors } from './palette';

/** Average retention curve: share of a cohort still active N periods after its first period. */
export interface RetentionCurveInput {
  period: 'day' | 'week' | 'month';
  /** Rates as fractions 0..1, by period index (0 = the cohort period, 100 %); null = not complete yet. */
  points: ReadonlyArray<{ period: number; rate: number | null }>;
  /** Optional comparison curve (e.g. portfolio average). */
  benchmark?: ReadonlyArray<{ period: number; rate: number | null }>;
  benchmarkName?: string;
  title?: string;
  locale?: string;
}

export interface RetentionCurveOption {
  title?: { text: string; left: number; top: number; textStyle: { fontSize: number; fontWeight: number } };
  aria: { enabled: true };
  backgroundColor: 'transparent';
  grid: { left: number; right: number; top: number; bottom: number; containLabel: true };
  legend: { show: boolean; top: number; right: number; data: string[] };
  tooltip: { trigger: 'axis'; valueFormatter: (value: unknown) => string };
  xAxis: { type: 'category'; name: string; nameLocation: 'middle'; nameGap: number; boundaryGap: false; data: string[] };
  yAxis: { type: 'value'; name: string; min: 0; max: 100; axisLabel: { formatter: (v: number) => string } };
  series: Array<{
    type: 'line';
    name: string;
    data: Array<number | null>;
    connectNulls: false;
    showSymbol: true;
    symbolSize: number;
    lineStyle: { width: number; type: 'solid' | 'dashed'; color: string };
    itemStyle: { color: string };
    label: { show: boolean; position: 'top'; fontSize: number; formatter: (p: { value: unknown }) => string };
  }>;
}

const unitNames = { day: 'Day', week: 'Week', month: 'Month' } as const;

export function retentionCurveOption(input: RetentionCurveInput): RetentionCurveOption {
  const locale = input.locale ?? 'en-US';
  const periods = [...new Set([...input.points, ...(input.benchmark ?? [])].map((p) => p.period))].sort((a, b) => a - b);
  const pct = (rate: number | null | undefined) => (rate === null || rate === undefined ? null : Math.round(rate * 1000) / 10);
  const valuesOf = (points: ReadonlyArray<{ period: number; rate: number | null }>) => {
    const byPeriod = new Map(points.map((p) => [p.period, p.rate]));
    return periods.map((p) => pct(byPeriod.get(p)));
  };
  const percentLabel = (p: { value: unknown }) => (typeof p.value === 'number' ? `${formatNumber(p.value, locale, 0)} %` : '');
  const series: RetentionCurveOption['series'] = [
    {
      type: 'line',
      name: 'Retained',
      data: valuesOf(input.points),
      connectNulls: false,
      showSymbol: true,
      symbolSize: 6,
      lineStyle: { width: 2, type: 'solid', color: seriesColors[0] ?? '#0072B2' },
      itemStyle: { color: seriesColors[0] ?? '#0072B2' },
      label: { show: periods.length <= 13, position: 'top', fontSize: 10, formatter: percentLabel },
    },
  ];
  if (input.benchmark && input.benchmark.length > 0) {
    series.push({
      type: 'line',
      name: input.benchmarkName ?? 'Portfolio average',
      data: valuesOf(input.benchmark),
      connectNulls: false,
      showSymbol: true,
      symbolSize: 4,
      lineStyle: { width: 1.5, type: 'dashed', color: '#6B7280' },
      itemStyle: { color: '#6B7280' },
      label: { show: false, position: 'top', fontSize: 10, formatter: percentLabel },
    });
  }
  const names = series.map((s) => s.name);
  return {
    ...(input.title ? { title: { text: input.title, left: 0, top: 0, textStyle: { fontSize: 14, fontWeight: 600 } } } : {}),
    aria: { enabled: true },
    backgroundColor: 'transparent',
    grid: { left: 8, right: 36, top: input.title || names.length > 1 ? 56 : 32, bottom: 28, containLabel: true },
    legend: { show: names.length > 1, top: input.title ? 22 : 0, right: 0, data: names },
    tooltip: { trigger: 'axis', valueFormatter: (v) => (typeof v === 'number' ? `${formatNumber(v, locale, 1)} %` : '–') },
    xAxis: {
      type: 'category',
      name: `${unitNames[input.period]}s since first activity`,
      nameLocation: 'middle',
      nameGap: 28,
      boundaryGap: false,
      data: periods.map((p) => `${unitNames[input.period]} ${p}`),
    },
    yAxis: { type: 'value', name: '', min: 0, max: 100, axisLabel: { formatter: (v: number) => `${v} %` } },
    series,
  };
}
