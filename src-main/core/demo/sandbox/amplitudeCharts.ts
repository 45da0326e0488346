/**
 * Amplitude saved charts: `GET /api/3/chart/<chart_id>/csv` (the documented download) and the JSON
 * `/api/3/chart/<chart_id>/query` variant, computed from the portfolio over the chart's own date range.
 *
 * CSV layout (the chart as the web UI downloads it): a title row, an empty row, a header row
 * `"Segment","<date>",...` and one row per segment (`"All Users"` when the chart has no group-by, the
 * group value, e.g. a company id, when it groups by a group property). Dates are YYYY-MM-DD in the
 * project zone (UTC here).
 */
import { DEMO_FEATURES } from '../portfolio/catalogue';
import { accountDayEvents, KIND_GUIDE } from '../portfolio/events';
import type { Portfolio } from '../portfolio/model';
import { DAY_MS, ymd } from '../portfolio/timeline';
import { amplitudeEventType } from './amplitudeDashboard';
import type { Exchange } from './exchange';

export interface AmplitudeSavedChart {
  id: string;
  name: string;
  /** Event type counted; `_active` counts any active event. */
  event: string;
  metric: 'totals' | 'uniques';
  /** `company` = grouped by the company group (one segment per account); null = no group-by. */
  groupBy: 'company' | null;
  days: number;
}

export const AMPLITUDE_SAVED_CHARTS: readonly AmplitudeSavedChart[] = [
  { id: 'a1b2c3d', name: 'Daily active users (30 days)', event: '_active', metric: 'uniques', groupBy: null, days: 30 },
  {
    id: 'e4f5g6h',
    name: 'Reports exported by company (30 days)',
    event: DEMO_FEATURES.find((f) => f.eventName === 'Report Exported')?.eventName ?? 'Report Exported',
    metric: 'totals',
    groupBy: 'company',
    days: 30,
  },
];

export interface ChartTable {
  chart: AmplitudeSavedChart;
  days: string[];
  /** Segment label → one value per day. */
  segments: Map<string, number[]>;
}

/** The chart's values: the last `days` days up to today (charts do not lag behind the export). */
export function computeChart(p: Portfolio, chart: AmplitudeSavedChart): ChartTable {
  const d1 = p.todayIndex;
  const d0 = Math.max(0, d1 - chart.days + 1);
  const days: string[] = [];
  for (let d = d0; d <= d1; d++) days.push(ymd(p.startMs + d * DAY_MS));
  const counts = new Map<string, number[]>();
  const uniques = new Map<string, Set<number>[]>();
  const overall = 'All Users';
  if (chart.groupBy === null) {
    counts.set(
      overall,
      days.map(() => 0),
    );
    uniques.set(
      overall,
      days.map(() => new Set()),
    );
  }
  for (const c of p.customers) {
    const accountId = c.vendorIds.amplitude;
    if (accountId === undefined) continue;
    const segment = chart.groupBy === null ? overall : accountId;
    for (let d = d0; d <= d1; d++) {
      for (const ev of accountDayEvents(p, c.index, d)) {
        if (ev.kind === KIND_GUIDE || ev.upload > p.now) continue;
        if (chart.event !== '_active' && amplitudeEventType(ev) !== chart.event) continue;
        let row = counts.get(segment);
        let sets = uniques.get(segment);
        if (!row || !sets) {
          row = days.map(() => 0);
          sets = days.map(() => new Set());
          counts.set(segment, row);
          uniques.set(segment, sets);
        }
        row[d - d0] = (row[d - d0] ?? 0) + 1;
        sets[d - d0]?.add(ev.person);
      }
    }
  }
  const segments = new Map<string, number[]>();
  for (const segment of [...counts.keys()].sort()) {
    segments.set(
      segment,
      chart.metric === 'totals' ? (counts.get(segment) ?? []) : (uniques.get(segment) ?? []).map((s) => s.size),
    );
  }
  return { chart, days, segments };
}

function csvCell(v: string | number): string {
  return `"${String(v).replace(/"/g, '""')}"`;
}

export function chartCsv(table: ChartTable): string {
  const lines = [csvCell(table.chart.name), '', ['Segment', ...table.days].map(csvCell).join(',')];
  for (const [segment, values] of table.segments) lines.push([segment, ...values].map(csvCell).join(','));
  return `${lines.join('\r\n')}\r\n`;
}

export function chartQueryBody(table: ChartTable): unknown {
  const labels = [...table.segments.keys()];
  return {
    data: {
      series: labels.map((l) => table.segments.get(l) ?? []),
      seriesLabels: labels,
      xValues: table.days,
    },
    chartName: table.chart.name,
  };
}

/** Routes /api/3/chart/<id>/(csv|query); returns false when the path is not a chart path. */
export async function serveSavedChart(ex: Exchange, p: Portfolio, path: string): Promise<boolean> {
  const m = /^\/api\/3\/chart\/([^/]+)\/(csv|query)$/.exec(path);
  if (!m?.[1]) return false;
  const id = decodeURIComponent(m[1]);
  const chart = AMPLITUDE_SAVED_CHARTS.find((c) => c.id === id);
  if (!chart) {
    await ex.json(404, { error: { http_code: 404, type: 'not_found', message: `Chart ${id} not found` } });
    return true;
  }
  const table = computeChart(p, chart);
  if (m[2] === 'csv') {
    await ex.send(200, chartCsv(table), 'text/csv; charset=utf-8', {
      'Content-Disposition': `attachment; filename="${chart.id}.csv"`,
    });
  } else {
    await ex.json(200, chartQueryBody(table));
  }
  return true;
}
