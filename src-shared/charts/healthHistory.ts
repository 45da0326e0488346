import { formatDay, formatNumber } from './format';
import { bandColors, bandLabels } from './palette';

/**
 * Health score over time (0..100) on bands: red below `yellow`, amber up to `green`, green above;
 * each band shaded lightly and labelled in words, so the chart reads without colour.
 */
export interface HealthHistoryInput {
  points: ReadonlyArray<{ day: string; score: number | null }>;
  cutoffs: { yellow: number; green: number };
  timeZone: string;
  title?: string;
  locale?: string;
}

export interface HealthHistoryOption {
  title?: { text: string; left: number; top: number; textStyle: { fontSize: number; fontWeight: number } };
  aria: { enabled: true };
  backgroundColor: 'transparent';
  grid: { left: number; right: number; top: number; bottom: number; containLabel: true };
  tooltip: { trigger: 'axis'; valueFormatter: (v: unknown) => string };
  xAxis: {
    type: 'category';
    name: string;
    nameLocation: 'middle';
    nameGap: number;
    boundaryGap: false;
    data: string[];
    axisLabel: { formatter: (day: string) => string; hideOverlap: true };
  };
  yAxis: { type: 'value'; name: string; min: 0; max: 100; interval: number };
  series: Array<{
    type: 'line';
    name: string;
    data: Array<number | null>;
    connectNulls: false;
    showSymbol: boolean;
    lineStyle: { width: number; color: string };
    itemStyle: { color: string };
    markArea: {
      silent: true;
      data: Array<[{ yAxis: number; name: string; itemStyle: { color: string; opacity: number } }, { yAxis: number }]>;
      label: { position: 'insideRight'; fontSize: number; color: string };
    };
  }>;
}

export function healthHistoryOption(input: HealthHistoryInput): HealthHistoryOption {
  const locale = input.locale ?? 'en-US';
  const days = input.points.map((p) => p.day);
  const spansYears = new Set(days.map((d) => d.slice(0, 4))).size > 1;
  const band = (from: number, to: number, key: 'red' | 'yellow' | 'green') =>
    [{ yAxis: from, name: bandLabels[key], itemStyle: { color: bandColors[key], opacity: 0.1 } }, { yAxis: to }] as [
      { yAxis: number; name: string; itemStyle: { color: string; opacity: number } },
      { yAxis: number },
    ];
  return {
    ...(input.title ? { title: { text: input.title, left: 0, top: 0, textStyle: { fontSize: 14, fontWeight: 600 } } } : {}),
    aria: { enabled: true },
    backgroundColor: 'transparent',
    grid: { left: 8, right: 16, top: input.title ? 52 : 28, bottom: 28, containLabel: true },
    tooltip: { trigger: 'axis', valueFormatter: (v) => (typeof v === 'number' ? formatNumber(v, locale, 0) : '–') },
    xAxis: {
      type: 'category',
      name: `Date (${input.timeZone})`,
      nameLocation: 'middle',
      nameGap: 28,
      boundaryGap: false,
      data: days,
      axisLabel: { formatter: (day: string) => formatDay(day, locale, spansYears), hideOverlap: true },
    },
    yAxis: { type: 'value', name: 'score', min: 0, max: 100, interval: 25 },
    series: [
      {
        type: 'line',
        name: 'Health score',
        data: input.points.map((p) => (p.score === null ? null : Math.round(p.score * 10) / 10)),
        connectNulls: false,
        showSymbol: days.length <= 1,
        lineStyle: { width: 2, color: '#111827' },
        itemStyle: { color: '#111827' },
        markArea: {
          silent: true,
          data: [
            band(0, input.cutoffs.yellow, 'red'),
            band(input.cutoffs.yellow, input.cutoffs.green, 'yellow'),
            band(input.cutoffs.green, 100, 'green'),
          ],
          label: { position: 'insideRight', fontSize: 10, color: '#374151' },
        },
      },
    ],
  };
}
