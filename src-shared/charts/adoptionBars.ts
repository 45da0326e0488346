import { formatNumber } from './format';
import { seriesColors } from './palette';

/**
 * Feature adoption as horizontal bars, highest first: the share of the account's active users who used
 * each feature, with the peer median (same segment, same source) as a ghost bar behind it. Core
 * features are marked "★" in the axis label so the marker survives black-and-white printing.
 */
export interface AdoptionBarsInput {
  features: ReadonlyArray<{ name: string; adoption: number | null; peer: number | null; users: number; core?: boolean }>;
  /** Show at most this many features (the highest adoption first). */
  limit?: number;
  title?: string;
  locale?: string;
}

export interface AdoptionBarsOption {
  title?: { text: string; left: number; top: number; textStyle: { fontSize: number; fontWeight: number } };
  aria: { enabled: true };
  backgroundColor: 'transparent';
  grid: { left: number; right: number; top: number; bottom: number; containLabel: true };
  legend: { top: number; right: number; data: string[] };
  tooltip: { trigger: 'axis'; axisPointer: { type: 'shadow' }; formatter: (params: unknown) => string };
  xAxis: {
    type: 'value';
    name: string;
    nameLocation: 'middle';
    nameGap: number;
    min: 0;
    max: 100;
    axisLabel: { formatter: (v: number) => string };
  };
  yAxis: { type: 'category'; inverse: true; data: string[]; axisLabel: { width: number; overflow: 'truncate' } };
  series: Array<{
    type: 'bar';
    name: string;
    data: Array<number | null>;
    barGap: string;
    barMaxWidth: number;
    itemStyle: { color: string; opacity?: number };
    label: { show: boolean; position: 'right'; fontSize: number; formatter: (p: { value: unknown }) => string };
    z: number;
  }>;
}

export function sortedAdoption<T extends { adoption: number | null; name: string }>(features: readonly T[]): T[] {
  return [...features].sort((a, b) => (b.adoption ?? -1) - (a.adoption ?? -1) || a.name.localeCompare(b.name));
}

export function adoptionBarsOption(input: AdoptionBarsInput): AdoptionBarsOption {
  const locale = input.locale ?? 'en-US';
  const rows = sortedAdoption(input.features).slice(0, input.limit ?? 20);
  const pct = (v: number | null) => (v === null ? null : Math.round(v * 1000) / 10);
  const label = (p: { value: unknown }) => (typeof p.value === 'number' ? `${formatNumber(p.value, locale, 0)} %` : '–');
  const hasPeers = rows.some((r) => r.peer !== null);
  const series: AdoptionBarsOption['series'] = [];
  if (hasPeers) {
    series.push({
      type: 'bar',
      name: 'Peer median',
      data: rows.map((r) => pct(r.peer)),
      barGap: '-100%',
      barMaxWidth: 18,
      itemStyle: { color: '#D1D5DB', opacity: 0.7 },
      label: { show: false, position: 'right', fontSize: 10, formatter: label },
      z: 1,
    });
  }
  series.push({
    type: 'bar',
    name: 'This account',
    data: rows.map((r) => pct(r.adoption)),
    barGap: '-100%',
    barMaxWidth: 12,
    itemStyle: { color: seriesColors[0] ?? '#0072B2' },
    label: { show: true, position: 'right', fontSize: 10, formatter: label },
    z: 2,
  });
  return {
    ...(input.title ? { title: { text: input.title, left: 0, top: 0, textStyle: { fontSize: 14, fontWeight: 600 } } } : {}),
    aria: { enabled: true },
    backgroundColor: 'transparent',
    grid: { left: 8, right: 40, top: input.title ? 48 : 28, bottom: 32, containLabel: true },
    legend: { top: input.title ? 22 : 0, right: 0, data: series.map((s) => s.name) },
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      formatter: (params: unknown) => {
        const first = (Array.isArray(params) ? params[0] : params) as { dataIndex?: number } | undefined;
        const row = first?.dataIndex === undefined ? undefined : rows[first.dataIndex];
        if (!row) return '';
        const peer = row.peer === null ? 'no peers' : `${formatNumber((row.peer ?? 0) * 100, locale, 0)} %`;
        const own = row.adoption === null ? '–' : `${formatNumber(row.adoption * 100, locale, 0)} %`;
        return `${row.name}${row.core ? ' (core)' : ''}<br/>This account: <strong>${own}</strong> (${formatNumber(row.users, locale)} users)<br/>Peer median: ${peer}`;
      },
    },
    xAxis: {
      type: 'value',
      name: '% of active users',
      nameLocation: 'middle',
      nameGap: 24,
      min: 0,
      max: 100,
      axisLabel: { formatter: (v: number) => `${v} %` },
    },
    yAxis: {
      type: 'category',
      inverse: true,
      data: rows.map((r) => `${r.core ? '★ ' : ''}${r.name}`),
      axisLabel: { width: 170, overflow: 'truncate' },
    },
    series,
  };
}
