import { formatDay, formatNumber } from './format';

/**
 * User lifecycle per week as stacked bars: new, returning and resurrecting users above the axis,
 * dormant (active the week before, not this one) below it. The incomplete current week is drawn
 * hollow with a dashed outline and named as such in the tooltip.
 */
export interface LifecycleBarsInput {
  weeks: ReadonlyArray<{
    week: string;
    new: number;
    returning: number;
    resurrecting: number;
    dormant: number;
    incomplete: boolean;
  }>;
  timeZone: string;
  title?: string;
  locale?: string;
}

export const lifecycleColors = {
  new: '#009E73',
  returning: '#0072B2',
  resurrecting: '#56B4E9',
  dormant: '#D55E00',
} as const;

const labels = { new: 'New', returning: 'Returning', resurrecting: 'Resurrecting', dormant: 'Dormant' } as const;
type Status = keyof typeof labels;
const order: readonly Status[] = ['new', 'returning', 'resurrecting', 'dormant'];

interface Datum {
  value: number;
  itemStyle?: { color: string; borderColor: string; borderType: 'dashed'; borderWidth: number };
}

export interface LifecycleBarsOption {
  title?: { text: string; left: number; top: number; textStyle: { fontSize: number; fontWeight: number } };
  aria: { enabled: true };
  backgroundColor: 'transparent';
  grid: { left: number; right: number; top: number; bottom: number; containLabel: true };
  legend: { top: number; right: number; data: string[] };
  tooltip: { trigger: 'axis'; axisPointer: { type: 'shadow' }; formatter: (params: unknown) => string };
  xAxis: {
    type: 'category';
    name: string;
    nameLocation: 'middle';
    nameGap: number;
    data: string[];
    axisLabel: { formatter: (day: string) => string; hideOverlap: true };
  };
  yAxis: { type: 'value'; name: string; axisLabel: { formatter: (value: number) => string } };
  series: Array<{ type: 'bar'; name: string; stack: string; data: Datum[]; barMaxWidth: number; itemStyle: { color: string } }>;
}

export function lifecycleBarsOption(input: LifecycleBarsInput): LifecycleBarsOption {
  const locale = input.locale ?? 'en-US';
  const weeks = [...input.weeks].sort((a, b) => (a.week < b.week ? -1 : a.week > b.week ? 1 : 0));
  const spansYears = new Set(weeks.map((w) => w.week.slice(0, 4))).size > 1;
  const series = order.map((status) => {
    const color = lifecycleColors[status];
    const sign = status === 'dormant' ? -1 : 1;
    return {
      type: 'bar' as const,
      name: labels[status],
      // dormant below the axis, the rest stacked above it
      stack: status === 'dormant' ? 'lost' : 'active',
      barMaxWidth: 28,
      itemStyle: { color },
      data: weeks.map((w): Datum => {
        const value = sign * w[status];
        return w.incomplete
          ? { value, itemStyle: { color: `${color}33`, borderColor: color, borderType: 'dashed', borderWidth: 1 } }
          : { value };
      }),
    };
  });
  return {
    ...(input.title ? { title: { text: input.title, left: 0, top: 0, textStyle: { fontSize: 14, fontWeight: 600 } } } : {}),
    aria: { enabled: true },
    backgroundColor: 'transparent',
    grid: { left: 8, right: 16, top: input.title ? 52 : 32, bottom: 28, containLabel: true },
    legend: { top: input.title ? 24 : 0, right: 0, data: order.map((s) => labels[s]) },
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      formatter: (params: unknown) => {
        const first = (Array.isArray(params) ? params[0] : params) as { dataIndex?: number } | undefined;
        const week = first?.dataIndex === undefined ? undefined : weeks[first.dataIndex];
        if (!week) return '';
        const lines = order.map((s) => `${labels[s]}: <strong>${formatNumber(week[s], locale)} users</strong>`);
        const head = `Week of ${formatDay(week.week, locale)}${week.incomplete ? ' (incomplete)' : ''}`;
        return [head, ...lines].join('<br/>');
      },
    },
    xAxis: {
      type: 'category',
      name: `Week starting (${input.timeZone})`,
      nameLocation: 'middle',
      nameGap: 28,
      data: weeks.map((w) => w.week),
      axisLabel: { formatter: (day: string) => formatDay(day, locale, spansYears), hideOverlap: true },
    },
    yAxis: { type: 'value', name: 'users', axisLabel: { formatter: (value: number) => formatNumber(Math.abs(value), locale) } },
    series,
  };
}
