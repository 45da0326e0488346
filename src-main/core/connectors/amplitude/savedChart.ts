/**
 * Amplitude saved charts: `GET /api/3/chart/<chart_id>/csv`, the chart as the web UI downloads it. The
 * layout read here: an optional title row, then a header row whose cells after the first are dates
 * (YYYY-MM-DD), then one row per segment (label first, then one value per date). A group-by chart has
 * one segment per group value (an account id when grouped by the account group); an ungrouped chart
 * has one segment such as "All Users", stored as segment ''.
 */
import { parseCsv } from '../../csv';
import { VendorError } from '../http';
import type { SavedReportData, SavedReportPoint } from '../types';

const DATE = /^\d{4}-\d{2}-\d{2}/;
const UNGROUPED = new Set(['all users', '(none)', 'all', '']);

function numberOf(text: string): number | null {
  const cleaned = text.replace(/[,%\s]/g, '');
  if (cleaned === '' || cleaned === '-') return null;
  const n = Number(cleaned);
  return Number.isFinite(n) ? n : null;
}

export function parseChartCsv(text: string, chartId: string): SavedReportData {
  let rows: string[][];
  try {
    rows = parseCsv(text);
  } catch (error) {
    throw new VendorError(
      'VENDOR_BAD_RESPONSE',
      `Amplitude's CSV for chart ${chartId} could not be read (${(error as Error).message}).`,
      false,
    );
  }
  const headerIndex = rows.findIndex((r) => r.length > 1 && r.slice(1).some((c) => DATE.test(c.trim())));
  if (headerIndex < 0) {
    throw new VendorError(
      'VENDOR_BAD_RESPONSE',
      `Amplitude's CSV for chart ${chartId} has no header row of dates; Pulse reads charts with one column per day (a time-series chart).`,
      false,
    );
  }
  const title = rows.slice(0, headerIndex).find((r) => r.some((c) => c.trim() !== ''));
  const header = rows[headerIndex] ?? [];
  const days = header.map((c) => DATE.exec(c.trim())?.[0] ?? null);
  const body = rows.slice(headerIndex + 1).filter((r) => r.some((c) => c.trim() !== ''));
  const series = title?.find((c) => c.trim() !== '')?.trim() ?? `Chart ${chartId}`;
  const points: SavedReportPoint[] = [];
  for (const row of body) {
    const label = (row[0] ?? '').trim();
    const segment = UNGROUPED.has(label.toLowerCase()) && body.length === 1 ? '' : label;
    for (let i = 1; i < row.length; i++) {
      const day = days[i];
      const value = numberOf(row[i] ?? '');
      if (day && value !== null) points.push({ series, segment, day, value });
    }
  }
  return {
    name: title ? series : null,
    breakdown: body.length > 1 || points.some((p) => p.segment !== '') ? 'group' : null,
    points,
  };
}
