import { formatDay, formatNumber, formatWithUnit } from './format';
import { seriesColors } from './palette';

/**
 * Daily volume as bars (event volume, sessions). Days at or after `provisionalFrom` (the incomplete
 * current day, or days the next sync may still change) are drawn hollow with a dashed outline and
 * say so in the tooltip, so a half-finished day never reads as a drop. A null value is a gap (no
 * data), never a zero bar.
 */
export interface DayBarsInput {
  points: ReadonlyArray<{ day: string; value: number | null }>;
  /** Name of the measure in the legend and tooltip, e.g. "Events". */
  name: string;
  /** Unit on the value axis, e.g. "events". */
  unit: string;
  timeZone: string;
  /** First provisional / incomplete day; it and later days are drawn hollow and dashed. */
  provisionalFrom?: string | null;
  color?: string;
  title?: string;
  locale?: string;
}

interface BarDatum {
  value: number | null;
  itemStyle?: { color: string; borderColor: string; borderType: 'dashed'; borderWidth: number };
}

export interface DayBarsOption {
  title?: { text: string; left: number; top: number; textStyle: { fontSize: number; fontWeight: number } };
  aria: { enabled: true };
  backgroundColor: 'transparent';
  grid: { left: number; right: number; top: number; bottom: number; containLabel: true };
  tooltip: { trigger: 'axis'; axisPointer: { type: 'shadow' }; formatter: (params: unknown) => string };
  xAxis: {
    type: 'category';
    name: string;
    nameLocation: 'middle';
    nameGap: number;
    data: string[];
    axisLabel: { formatter: (day: string) => string; hideOverlap: true };
  };
  yAxis: { type: 'value'; name: string; nameLocation: 'end'; min: 0; axisLabel: { formatter: (value: number) => string } };
  series: Array<{ type: 'bar'; name: string; data: BarDatum[]; barMaxWidth: number; itemStyle: { color: string } }>;
}

export function dayBarsOption(input: DayBarsInput): DayBarsOption {
  const locale = input.locale ?? 'en-US';
  const color = input.color ?? seriesColors[0] ?? '#0072B2';
  const points = [...input.points].sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : 0));
  const days = points.map((p) => p.day);
  const spansYears = new Set(days.map((d) => d.slice(0, 4))).size > 1;
  const from = input.provisionalFrom ?? null;
  const isProvisional = (day: string) => from !== null && day >= from;
  const data: BarDatum[] = points.map((p) =>
    isProvisional(p.day)
      ? { value: p.value, itemStyle: { color: `${color}33`, borderColor: color, borderType: 'dashed', borderWidth: 1 } }
      : { value: p.value },
  );
  return {
    ...(input.title ? { title: { text: input.title, left: 0, top: 0, textStyle: { fontSize: 14, fontWeight: 600 } } } : {}),
    aria: { enabled: true },
    backgroundColor: 'transparent',
    grid: { left: 8, right: 16, top: input.title ? 44 : 28, bottom: 28, containLabel: true },
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      formatter: (params: unknown) => {
        const first = (Array.isArray(params) ? params[0] : params) as { dataIndex?: number } | undefined;
        const point = first?.dataIndex === undefined ? undefined : points[first.dataIndex];
        if (!point) return '';
        const value = point.value === null ? 'no data' : formatWithUnit(point.value, input.unit, locale);
        const note = isProvisional(point.day) ? '<br/><em>Incomplete: may still change</em>' : '';
        return `${formatDay(point.day, locale)}<br/>${input.name}: <strong>${value}</strong>${note}`;
      },
    },
    xAxis: {
      type: 'category',
      name: `Date (${input.timeZone})`,
      nameLocation: 'middle',
      nameGap: 28,
      data: days,
      axisLabel: { formatter: (day: string) => formatDay(day, locale, spansYears), hideOverlap: true },
    },
    yAxis: {
      type: 'value',
      name: input.unit,
      nameLocation: 'end',
      min: 0,
      axisLabel: { formatter: (value: number) => formatNumber(value, locale) },
    },
    series: [{ type: 'bar', name: input.name, data, barMaxWidth: 18, itemStyle: { color } }],
  };
}
