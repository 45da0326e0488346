import { seriesColors } from './palette';

/**
 * The churn analysis as horizontal bars, best first: each metric's separation (max(AUC, 1 − AUC)) from
 * 0.5 (no better than chance) to 1 (perfect). The bar's label says which way the metric points
 * ("↓ churn" = lower values meant churn) so direction survives black-and-white printing; metrics with
 * too few customers are drawn faded and marked "*".
 */
export interface ChurnAucBarsInput {
  rows: ReadonlyArray<{
    label: string;
    kind: 'health' | 'component' | 'metric';
    auc: number | null;
    separation: number | null;
    direction: 'lower-means-churn' | 'higher-means-churn' | 'none';
    churned: number;
    renewed: number;
    warning: string | null;
  }>;
  limit?: number;
}

export interface ChurnAucBarsOption {
  aria: { enabled: true };
  backgroundColor: 'transparent';
  grid: { left: number; right: number; top: number; bottom: number; containLabel: true };
  tooltip: { trigger: 'axis'; axisPointer: { type: 'shadow' }; formatter: (params: unknown) => string };
  xAxis: {
    type: 'value';
    name: string;
    nameLocation: 'middle';
    nameGap: number;
    min: 0.5;
    max: 1;
    axisLabel: { formatter: (v: number) => string };
  };
  yAxis: { type: 'category'; inverse: true; data: string[]; axisLabel: { width: number; overflow: 'truncate' } };
  series: Array<{
    type: 'bar';
    name: string;
    barMaxWidth: number;
    data: Array<{ value: number | null; itemStyle: { color: string; opacity: number } }>;
    label: { show: true; position: 'right'; fontSize: number; formatter: (p: { dataIndex: number }) => string };
  }>;
}

const kindColors = {
  health: seriesColors[0] ?? '#0072B2',
  component: seriesColors[1] ?? '#E69F00',
  metric: seriesColors[2] ?? '#009E73',
} as const;

export const churnDirectionText = {
  'lower-means-churn': '↓ churn',
  'higher-means-churn': '↑ churn',
  none: '',
} as const;

export function churnAucBarsOption(input: ChurnAucBarsInput): ChurnAucBarsOption {
  const rows = input.rows.filter((r) => r.separation !== null).slice(0, input.limit ?? 20);
  // AUCs read as fixed two decimals everywhere (0.80, not 0.8)
  const three = (v: number) => v.toFixed(2);
  return {
    aria: { enabled: true },
    backgroundColor: 'transparent',
    grid: { left: 8, right: 90, top: 8, bottom: 32, containLabel: true },
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      formatter: (params: unknown) => {
        const first = (Array.isArray(params) ? params[0] : params) as { dataIndex?: number } | undefined;
        const row = first?.dataIndex === undefined ? undefined : rows[first.dataIndex];
        if (!row || row.auc === null) return '';
        const way =
          row.direction === 'lower-means-churn'
            ? 'lower values meant churn'
            : row.direction === 'higher-means-churn'
              ? 'higher values meant churn'
              : 'no direction';
        return `${row.label}<br/>AUC <strong>${three(row.auc)}</strong> (${way})<br/>${row.churned} churned, ${row.renewed} renewed${row.warning ? '<br/>Small sample: not reliable' : ''}`;
      },
    },
    xAxis: {
      type: 'value',
      name: 'Separation of churned and renewed (0.5 = chance, 1 = perfect)',
      nameLocation: 'middle',
      nameGap: 24,
      min: 0.5,
      max: 1,
      axisLabel: { formatter: (v: number) => three(v) },
    },
    yAxis: {
      type: 'category',
      inverse: true,
      data: rows.map((r) => `${r.label}${r.warning ? ' *' : ''}`),
      axisLabel: { width: 200, overflow: 'truncate' },
    },
    series: [
      {
        type: 'bar',
        name: 'Separation',
        barMaxWidth: 14,
        data: rows.map((r) => ({
          value: r.separation,
          itemStyle: { color: kindColors[r.kind], opacity: r.warning ? 0.4 : 1 },
        })),
        label: {
          show: true,
          position: 'right',
          fontSize: 10,
          formatter: (p: { dataIndex: number }) => {
            const row = rows[p.dataIndex];
            return row?.separation == null ? '' : `${three(row.separation)} ${churnDirectionText[row.direction]}`;
          },
        },
      },
    ],
  };
}
