import { formatDay, formatNumber, formatWithUnit } from './format';
import { seriesColors } from './palette';

/**
 * Builds the ECharts option for a time-series line chart (active users, event volume, health trend).
 * Plain data in, plain option out: no ECharts runtime import, so the renderer (through useEChart)
 * and the PDF report (ECharts server-side SVG) draw the same chart from the same numbers.
 */

/** One value for one calendar day, already cut in the reporting time zone ("YYYY-MM-DD"). */
export interface DayValue {
  day: string;
  /** null = no data for that day (drawn as a gap, never as zero). */
  value: number | null;
}

export interface LineSeriesInput {
  name: string;
  points: readonly DayValue[];
  /** First day of the incomplete (current) period; it and later days are drawn dashed. */
  provisionalFrom?: string | null;
  color?: string;
}

export interface LineChartInput {
  series: readonly LineSeriesInput[];
  /** Unit on the value axis, e.g. "users", "events", "%". */
  unit: string;
  /** Reporting time zone, named on the date axis. */
  timeZone: string;
  title?: string;
  locale?: string;
  /** Area fill under a single series (sparkline-like trend charts). */
  area?: boolean;
}

interface LineSeriesOption {
  type: 'line';
  name: string;
  data: Array<number | null>;
  showSymbol: boolean;
  connectNulls: false;
  lineStyle: { width: number; type: 'solid' | 'dashed'; color: string };
  itemStyle: { color: string };
  areaStyle?: { opacity: number; color: string };
  /** Provisional segments are not repeated in the tooltip. */
  tooltip?: { show: boolean };
  z: number;
}

export interface LineChartOption {
  title?: { text: string; left: number; top: number; textStyle: { fontSize: number; fontWeight: number } };
  aria: { enabled: true };
  backgroundColor: 'transparent';
  color: readonly string[];
  grid: { left: number; right: number; top: number; bottom: number; containLabel: true };
  legend: { show: boolean; top: number; right: number; data: string[] };
  tooltip: { trigger: 'axis'; valueFormatter: (value: unknown) => string };
  xAxis: {
    type: 'category';
    name: string;
    nameLocation: 'middle';
    nameGap: number;
    boundaryGap: false;
    data: string[];
    axisLabel: { formatter: (day: string) => string; hideOverlap: true };
  };
  yAxis: {
    type: 'value';
    name: string;
    nameLocation: 'end';
    min: 0;
    axisLabel: { formatter: (value: number) => string };
  };
  series: LineSeriesOption[];
}

export function lineChartOption(input: LineChartInput): LineChartOption {
  const locale = input.locale ?? 'en-US';
  const days = [...new Set(input.series.flatMap((s) => s.points.map((p) => p.day)))].sort();
  const index = new Map(days.map((day, i) => [day, i]));
  const spansYears = new Set(days.map((d) => d.slice(0, 4))).size > 1;

  const series: LineSeriesOption[] = [];
  input.series.forEach((input_, n) => {
    const color = input_.color ?? seriesColors[n % seriesColors.length] ?? '#0072B2';
    const values: Array<number | null> = days.map(() => null);
    for (const point of input_.points) values[index.get(point.day) ?? 0] = point.value;
    const cut = input_.provisionalFrom ? days.findIndex((day) => day >= (input_.provisionalFrom ?? '')) : -1;
    const base = {
      type: 'line' as const,
      name: input_.name,
      showSymbol: days.length <= 1,
      connectNulls: false as const,
      itemStyle: { color },
    };
    if (cut <= 0) {
      // nothing provisional, or everything is: one line, dashed when the whole range is incomplete
      series.push({
        ...base,
        data: values,
        lineStyle: { width: 2, type: cut === 0 ? 'dashed' : 'solid', color },
        ...(input.area ? { areaStyle: { opacity: 0.12, color } } : {}),
        z: 2,
      });
      return;
    }
    // Complete days solid; the provisional tail dashed, starting at the last complete day so the line is unbroken.
    series.push({
      ...base,
      data: values.map((v, i) => (i < cut ? v : null)),
      lineStyle: { width: 2, type: 'solid', color },
      ...(input.area ? { areaStyle: { opacity: 0.12, color } } : {}),
      z: 2,
    });
    series.push({
      ...base,
      data: values.map((v, i) => (i >= cut - 1 ? v : null)),
      lineStyle: { width: 2, type: 'dashed', color },
      tooltip: { show: false },
      z: 1,
    });
  });

  const names = input.series.map((s) => s.name);
  return {
    ...(input.title ? { title: { text: input.title, left: 0, top: 0, textStyle: { fontSize: 14, fontWeight: 600 } } } : {}),
    aria: { enabled: true },
    backgroundColor: 'transparent',
    color: seriesColors,
    grid: { left: 8, right: 16, top: input.title || names.length > 1 ? 44 : 24, bottom: 28, containLabel: true },
    legend: { show: names.length > 1, top: input.title ? 22 : 0, right: 0, data: names },
    tooltip: {
      trigger: 'axis',
      valueFormatter: (value) => formatWithUnit(typeof value === 'number' ? value : null, input.unit, locale),
    },
    xAxis: {
      type: 'category',
      name: `Date (${input.timeZone})`,
      nameLocation: 'middle',
      nameGap: 28,
      boundaryGap: false,
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
    series,
  };
}
