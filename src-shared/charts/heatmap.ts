import { formatDay, formatNumber } from './format';

/**
 * Feature-by-week heatmap: rows features, columns weeks, cell = distinct users. Sequential colour
 * scale; a zero is drawn in its own neutral colour and labelled, distinct from a missing cell (no data,
 * drawn as nothing).
 */
export interface HeatmapInput {
  /** Week start days "YYYY-MM-DD". */
  columns: readonly string[];
  rows: readonly string[];
  /** values[row][column]; null = no data. */
  values: ReadonlyArray<ReadonlyArray<number | null>>;
  unit?: string;
  title?: string;
  timeZone?: string;
  locale?: string;
  /** Print the number in each cell (reports). */
  cellLabels?: boolean;
}

export const heatmapZeroColor = '#F3F4F6';
export const heatmapScale = ['#DCEAF7', '#9CC3E6', '#4A90C9', '#0B5394'] as const;

export interface HeatmapOption {
  title?: { text: string; left: number; top: number; textStyle: { fontSize: number; fontWeight: number } };
  aria: { enabled: true };
  backgroundColor: 'transparent';
  grid: { left: number; right: number; top: number; bottom: number; containLabel: true };
  tooltip: { position: 'top' };
  xAxis: {
    type: 'category';
    name: string;
    nameLocation: 'middle';
    nameGap: number;
    data: string[];
    splitArea: { show: true };
    axisLabel: { formatter: (day: string) => string; fontSize: number; hideOverlap: true };
  };
  yAxis: {
    type: 'category';
    inverse: true;
    data: string[];
    splitArea: { show: true };
    axisLabel: { width: number; overflow: 'truncate'; fontSize: number };
  };
  visualMap: {
    type: 'continuous';
    min: number;
    max: number;
    calculable: false;
    orient: 'horizontal';
    right: number;
    top: number;
    itemHeight: number;
    itemWidth: number;
    text: [string, string];
    textStyle: { fontSize: number };
    inRange: { color: string[] };
    outOfRange: { color: string };
  };
  series: Array<{
    type: 'heatmap';
    name: string;
    data: Array<[number, number, number]>;
    label: { show: boolean; fontSize: number; formatter: (p: { value: unknown }) => string };
    itemStyle: { borderColor: string; borderWidth: number };
  }>;
}

export function heatmapOption(input: HeatmapInput): HeatmapOption {
  const locale = input.locale ?? 'en-US';
  const data: Array<[number, number, number]> = [];
  let max = 1;
  input.values.forEach((row, y) => {
    row.forEach((value, x) => {
      if (value === null || value === undefined || !Number.isFinite(value)) return;
      data.push([x, y, value]);
      if (value > max) max = value;
    });
  });
  const unit = input.unit ?? 'users';
  return {
    ...(input.title ? { title: { text: input.title, left: 0, top: 0, textStyle: { fontSize: 14, fontWeight: 600 } } } : {}),
    aria: { enabled: true },
    backgroundColor: 'transparent',
    grid: { left: 8, right: 12, top: input.title ? 56 : 36, bottom: 30, containLabel: true },
    tooltip: { position: 'top' },
    xAxis: {
      type: 'category',
      name: `Week starting${input.timeZone ? ` (${input.timeZone})` : ''}`,
      nameLocation: 'middle',
      nameGap: 26,
      data: [...input.columns],
      splitArea: { show: true },
      axisLabel: { formatter: (day: string) => formatDay(day, locale, false), fontSize: 10, hideOverlap: true },
    },
    yAxis: {
      type: 'category',
      inverse: true,
      data: [...input.rows],
      splitArea: { show: true },
      axisLabel: { width: 140, overflow: 'truncate', fontSize: 10 },
    },
    visualMap: {
      type: 'continuous',
      // zero is "out of range" on purpose: it gets its own neutral colour, distinct from the scale
      min: 1,
      max,
      calculable: false,
      orient: 'horizontal',
      right: 0,
      top: input.title ? 20 : 0,
      itemHeight: 120,
      itemWidth: 10,
      text: [`${formatNumber(max, locale)} ${unit}`, '1'],
      textStyle: { fontSize: 10 },
      inRange: { color: [...heatmapScale] },
      outOfRange: { color: heatmapZeroColor },
    },
    series: [
      {
        type: 'heatmap',
        name: unit,
        data,
        label: {
          show: input.cellLabels ?? false,
          fontSize: 9,
          formatter: (p) => {
            const v = Array.isArray(p.value) ? p.value[2] : null;
            return typeof v === 'number' ? formatNumber(v, locale, 0) : '';
          },
        },
        itemStyle: { borderColor: '#FFFFFF', borderWidth: 1 },
      },
    ],
  };
}
