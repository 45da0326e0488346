/**
 * Mixpanel insights (saved reports): `GET /api/query/insights?bookmark_id=<id>`. Series are keyed by
 * ISO datetimes with the project's UTC offset, whose date part is the project-zone day. With a
 * breakdown the answer nests one level deeper (`series[metric][value][date]`, `$overall` = total)
 * and names the breakdown property as the second header.
 */
import { VendorError } from '../http';
import type { SavedReportData, SavedReportPoint } from '../types';

const OVERALL = '$overall';

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function dayOf(key: string): string | null {
  const m = /^(\d{4}-\d{2}-\d{2})/.exec(key);
  return m?.[1] ?? null;
}

function numberOf(v: unknown): number | null {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : Number.NaN;
  return Number.isFinite(n) ? n : null;
}

const EXPECTED = '{"headers": [...], "series": {"<metric>": {"<ISO date>": value}}} (or one level deeper with a breakdown)';

/** Values of an insights answer; throws VENDOR_BAD_RESPONSE naming what was expected. */
export function parseInsights(json: unknown, bookmarkId: string): SavedReportData {
  const wrong = (what: string): VendorError =>
    new VendorError(
      'VENDOR_BAD_RESPONSE',
      `Mixpanel's insights answer for bookmark ${bookmarkId} is not a report (${what}); expected ${EXPECTED}.`,
      false,
    );
  if (!isRecord(json) || !isRecord(json.series)) throw wrong('no "series" object');
  const headers = Array.isArray(json.headers) ? json.headers.filter((h): h is string => typeof h === 'string') : [];
  const breakdown = headers.length > 1 ? (headers[headers.length - 1] ?? null) : null;
  const points: SavedReportPoint[] = [];
  for (const [series, byKey] of Object.entries(json.series)) {
    if (!isRecord(byKey)) throw wrong(`series "${series}" is not an object`);
    for (const [key, value] of Object.entries(byKey)) {
      const day = dayOf(key);
      if (day !== null) {
        const n = numberOf(value);
        if (n !== null) points.push({ series, segment: '', day, value: n });
        continue;
      }
      // A breakdown value: its own date → value map. The overall total is kept as segment ''.
      if (!isRecord(value)) throw wrong(`"${key}" in series "${series}" is neither a date nor a breakdown value`);
      const segment = key === OVERALL ? '' : key;
      for (const [dateKey, v] of Object.entries(value)) {
        const d = dayOf(dateKey);
        const n = numberOf(v);
        if (d !== null && n !== null) points.push({ series, segment, day: d, value: n });
      }
    }
  }
  return { name: null, breakdown, points };
}
