import { formatNumber } from './format';
import { seriesColors } from './palette';

/** Funnel as horizontal step bars: actors per step with the overall conversion %, first step on top. */
export interface FunnelBarsInput {
  steps: ReadonlyArray<{ step: string; count: number; overall: number | null }>;
  /** Portfolio median overall conversion per step (fractions), drawn as ghost bars; optional. */
  benchmark?: ReadonlyArray<number | null>;
  title?: string;
  unit?: string;
  locale?: string;
}

export interface FunnelBarsOption {
  title?: { text: string; left: number; top: number; textStyle: { fontSize: number; fontWeight: number } };
  aria: { enabled: true };
  backgroundColor: 'transparent';
  grid: { left: number; right: number; top: number; bottom: number; containLabel: true };
  tooltip: { trigger: 'axis'; axisPointer: { type: 'shadow' } };
  xAxis: { type: 'value'; name: string; min: 0; axisLabel: { formatter: (v: number) => string } };
  yAxis: { type: 'category'; inverse: true; data: string[]; axisLabel: { width: number; overflow: 'truncate' } };
  series: Array<{
    type: 'bar';
    name: string;
    data: number[];
    barGap: string;
    barMaxWidth: number;
    itemStyle: { color: string; opacity?: number };
    label: { show: boolean; position: 'right'; fontSize: number; formatter: (p: { dataIndex: number }) => string };
    z: number;
  }>;
}

export function funnelBarsOption(input: FunnelBarsInput): FunnelBarsOption {
  const locale = input.locale ?? 'en-US';
  const unit = input.unit ?? 'users';
  const first = input.steps[0]?.count ?? 0;
  const series: FunnelBarsOption['series'] = [];
  if (input.benchmark?.some((b) => b !== null)) {
    series.push({
      type: 'bar',
      name: 'Portfolio median',
      data: input.benchmark.map((b) => (b === null ? 0 : Math.round(b * first * 100) / 100)),
      barGap: '-100%',
      barMaxWidth: 28,
      itemStyle: { color: '#D1D5DB', opacity: 0.6 },
      label: { show: false, position: 'right', fontSize: 10, formatter: () => '' },
      z: 1,
    });
  }
  series.push({
    type: 'bar',
    name: unit,
    data: input.steps.map((s) => s.count),
    barGap: '-100%',
    barMaxWidth: 28,
    itemStyle: { color: seriesColors[0] ?? '#0072B2' },
    label: {
      show: true,
      position: 'right',
      fontSize: 11,
      formatter: (p) => {
        const step = input.steps[p.dataIndex];
        if (!step) return '';
        const share = step.overall === null ? '–' : `${formatNumber(step.overall * 100, locale, 0)} %`;
        return `${formatNumber(step.count, locale)} (${share})`;
      },
    },
    z: 2,
  });
  return {
    ...(input.title ? { title: { text: input.title, left: 0, top: 0, textStyle: { fontSize: 14, fontWeight: 600 } } } : {}),
    aria: { enabled: true },
    backgroundColor: 'transparent',
    grid: { left: 8, right: 90, top: input.title ? 32 : 8, bottom: 24, containLabel: true },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    xAxis: { type: 'value', name: unit, min: 0, axisLabel: { formatter: (v: number) => formatNumber(v, locale) } },
    yAxis: {
      type: 'category',
      inverse: true,
      data: input.steps.map((s) => s.step),
      axisLabel: { width: 150, overflow: 'truncate' },
    },
    series,
  };
}
