import { formatNumber } from './format';
import { seriesColors } from './palette';

/**
 * Stickiness gauge (DAU/MAU 0..1 drawn as 0..100 %), with the portfolio average as a marker on the dial.
 * Plain data in, plain option out (shared by the screen and the report's server-side SVG).
 */
export interface GaugeChartInput {
  /** Fraction 0..1; null = no value (the dial shows "–"). */
  value: number | null;
  /** Portfolio average as a fraction, drawn as a second thin pointer; null = none. */
  benchmark?: number | null;
  title?: string;
  /** Upper end of the dial as a fraction (DAU/MAU rarely exceeds 0.6). */
  max?: number;
  locale?: string;
}

export interface GaugeSeriesOption {
  type: 'gauge';
  name: string;
  min: 0;
  max: number;
  startAngle: number;
  endAngle: number;
  radius: string;
  splitNumber: number;
  center: [string, string];
  progress: { show: boolean; width: number; itemStyle: { color: string } };
  pointer: { show: boolean; length?: string; width?: number; offsetCenter?: [number, string]; itemStyle?: { color: string } };
  axisLine: { lineStyle: { width: number; color: Array<[number, string]> } };
  axisTick: { show: false };
  splitLine: { show: boolean; length?: number; lineStyle?: { color: string; width: number } };
  axisLabel: { show: boolean; distance?: number; fontSize?: number; formatter?: (v: number) => string };
  anchor: { show: false };
  title: { show: boolean; offsetCenter?: [string, string]; fontSize?: number };
  detail: {
    show: boolean;
    valueAnimation: false;
    offsetCenter?: [string, string];
    fontSize?: number;
    formatter?: (v: number) => string;
    color?: string;
  };
  data: Array<{ value: number | null; name: string }>;
  z: number;
}

export interface GaugeChartOption {
  title?: { text: string; left: string; top: number; textStyle: { fontSize: number; fontWeight: number } };
  aria: { enabled: true };
  backgroundColor: 'transparent';
  series: GaugeSeriesOption[];
}

export function gaugeChartOption(input: GaugeChartInput): GaugeChartOption {
  const locale = input.locale ?? 'en-US';
  const max = (input.max ?? 0.6) * 100;
  const percent = (v: number | null | undefined) => (v === null || v === undefined || !Number.isFinite(v) ? null : v * 100);
  const value = percent(input.value);
  const benchmark = percent(input.benchmark);
  const color = seriesColors[0] ?? '#0072B2';
  const label = (v: number) => `${formatNumber(v, locale, 0)} %`;
  const series: GaugeSeriesOption[] = [
    {
      type: 'gauge',
      name: 'DAU/MAU',
      min: 0,
      max,
      startAngle: 200,
      endAngle: -20,
      radius: '80%',
      center: ['50%', '60%'],
      splitNumber: 3,
      progress: { show: true, width: 14, itemStyle: { color } },
      pointer: { show: false },
      axisLine: { lineStyle: { width: 14, color: [[1, '#E5E7EB']] } },
      axisTick: { show: false },
      splitLine: { show: false },
      axisLabel: { show: true, distance: -34, fontSize: 10, formatter: label },
      anchor: { show: false },
      title: { show: true, offsetCenter: ['0%', '30%'], fontSize: 11 },
      detail: {
        show: true,
        valueAnimation: false,
        offsetCenter: ['0%', '-5%'],
        fontSize: 20,
        color: '#111827',
        formatter: (v: number) => (value === null ? '–' : `${formatNumber(v, locale, 1)} %`),
      },
      data: [{ value: value === null ? 0 : Math.min(value, max), name: 'DAU/MAU' }],
      z: 2,
    },
  ];
  if (benchmark !== null) {
    series.push({
      type: 'gauge',
      name: 'Portfolio average',
      min: 0,
      max,
      startAngle: 200,
      endAngle: -20,
      radius: '80%',
      center: ['50%', '60%'],
      splitNumber: 3,
      progress: { show: false, width: 0, itemStyle: { color: '#374151' } },
      pointer: { show: true, length: '26%', width: 4, offsetCenter: [0, '-58%'], itemStyle: { color: '#374151' } },
      axisLine: { lineStyle: { width: 0, color: [[1, 'transparent']] } },
      axisTick: { show: false },
      splitLine: { show: false },
      axisLabel: { show: false },
      anchor: { show: false },
      title: { show: false },
      detail: { show: false, valueAnimation: false },
      data: [{ value: Math.min(benchmark, max), name: 'Portfolio average' }],
      z: 3,
    });
  }
  return {
    ...(input.title
      ? { title: { text: input.title, left: 'center', top: 0, textStyle: { fontSize: 14, fontWeight: 600 } } }
      : {}),
    aria: { enabled: true },
    backgroundColor: 'transparent',
    series,
  };
}
