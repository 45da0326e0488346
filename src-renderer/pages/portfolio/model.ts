import type { CommandDirectoryEntry } from '../../../src-shared/contract/commands';
import type { HealthBand, PortfolioHealth, PortfolioHealthRow } from '../../../src-shared/contract/health';
import type { MetricVendor, PortfolioMetrics, PortfolioRow } from '../../../src-shared/contract/metrics';

/**
 * The portfolio table's rows: metrics.portfolio (usage) and health.portfolio (scores) joined per
 * customer, plus the domain for search. Pure functions so sorting and filtering are unit-tested and
 * memoised by the page.
 */
export interface PortfolioEntry {
  id: string;
  name: string;
  domain: string | null;
  owner: string | null;
  segment: string | null;
  arr: number | null;
  renewalDate: string | null;
  /** Days from today to renewal (negative = past), null without a date. */
  renewalInDays: number | null;
  score: number | null;
  band: HealthBand | null;
  /** 'insufficient-data' shows as such, never as a colour; null = not computed yet. */
  status: PortfolioHealthRow['status'];
  coverage: number | null;
  delta7: number | null;
  arrow7: PortfolioHealthRow['trend']['arrow7'];
  sparkline: PortfolioHealthRow['sparkline'];
  activeUsers: number | null;
  dauMau: number | null;
  lastActivityDay: string | null;
  openAlerts: number;
  vendor: MetricVendor | null;
  dataThrough: string | null;
  events30d: number | null;
  eventsChange: number | null;
}

export function dayDiff(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

export function buildEntries(
  metrics: PortfolioMetrics | null,
  health: PortfolioHealth | null,
  directory: readonly CommandDirectoryEntry[] | null,
  today: string,
): PortfolioEntry[] {
  const usage = new Map<string, PortfolioRow>((metrics?.rows ?? []).map((r) => [r.customerId, r]));
  const domains = new Map((directory ?? []).map((d) => [d.id, d.domain]));
  const healthRows = new Map<string, PortfolioHealthRow>((health?.rows ?? []).map((r) => [r.customer.id, r]));
  const ids = new Set([...healthRows.keys(), ...usage.keys()]);
  const entries: PortfolioEntry[] = [];
  for (const id of ids) {
    const h = healthRows.get(id);
    const u = usage.get(id);
    const renewalDate = h?.customer.renewalDate ?? u?.renewalDate ?? null;
    entries.push({
      id,
      name: h?.customer.name ?? u?.name ?? id,
      domain: domains.get(id) ?? null,
      owner: h?.customer.owner ?? u?.owner ?? null,
      segment: h?.customer.segment ?? u?.segment ?? null,
      arr: h?.customer.arr ?? u?.arr ?? null,
      renewalDate,
      renewalInDays: renewalDate ? dayDiff(today, renewalDate) : null,
      score: h?.score ?? null,
      band: h?.status === 'scored' ? (h.band ?? null) : null,
      status: h?.status ?? null,
      coverage: h?.coverage ?? null,
      delta7: h?.trend.delta7 ?? null,
      arrow7: h?.trend.arrow7 ?? null,
      sparkline: h?.sparkline ?? [],
      activeUsers: u ? u.activeUsers30d : null,
      dauMau: u?.dauMau ?? null,
      lastActivityDay: u?.lastActivityDay ?? null,
      openAlerts: h?.openAlerts ?? 0,
      vendor: u?.vendor ?? null,
      dataThrough: u?.dataThrough ?? null,
      events30d: u ? u.events30d : null,
      eventsChange: u?.eventsTrend.change ?? null,
    });
  }
  return entries;
}

export type SortKey =
  | 'risk'
  | 'name'
  | 'owner'
  | 'health'
  | 'arr'
  | 'renewal'
  | 'activeUsers'
  | 'dauMau'
  | 'lastActivity'
  | 'openAlerts'
  | 'source';
export interface SortState {
  key: SortKey;
  direction: 'asc' | 'desc';
}
export const defaultSort: SortState = { key: 'risk', direction: 'asc' };

const bandRank: Record<HealthBand, number> = { red: 0, yellow: 1, green: 2 };

function compareNullable<T>(a: T | null, b: T | null, cmp: (x: T, y: T) => number): number {
  if (a === null && b === null) return 0;
  if (a === null) return 1; // missing values last, whatever the direction
  if (b === null) return -1;
  return cmp(a, b);
}
const num = (x: number, y: number) => x - y;
const str = (x: string, y: string) => x.localeCompare(y);

/**
 * Sorts a copy. "risk" (the default) = red and yellow first, renewal soonest first within them, then
 * everyone else by renewal. Missing values always sort last; ties fall back to name.
 */
export function sortEntries(entries: readonly PortfolioEntry[], sort: SortState): PortfolioEntry[] {
  const sign = sort.direction === 'asc' ? 1 : -1;
  const key = sort.key;
  const pick = (e: PortfolioEntry): number | string | null => {
    switch (key) {
      case 'owner':
        return e.owner;
      case 'health':
        return e.score;
      case 'arr':
        return e.arr;
      case 'renewal':
        return e.renewalDate;
      case 'activeUsers':
        return e.activeUsers;
      case 'dauMau':
        return e.dauMau;
      case 'lastActivity':
        return e.lastActivityDay;
      case 'openAlerts':
        return e.openAlerts;
      case 'source':
        return e.vendor;
      default:
        return null;
    }
  };
  const compare = (a: PortfolioEntry, b: PortfolioEntry): number => {
    if (key === 'risk') {
      // red and yellow first (reversed: the rest first), renewal soonest first, missing renewals last
      const ga = a.band === 'red' || a.band === 'yellow' ? 0 : 1;
      const gb = b.band === 'red' || b.band === 'yellow' ? 0 : 1;
      if (ga !== gb) return (ga - gb) * sign;
      const renewal = compareNullable(a.renewalDate, b.renewalDate, str);
      if (renewal !== 0) return renewal;
      const band = compareNullable(a.band ? bandRank[a.band] : null, b.band ? bandRank[b.band] : null, num);
      return band || str(a.name, b.name);
    }
    if (key === 'name') return str(a.name, b.name) * sign || str(a.id, b.id);
    const va = pick(a);
    const vb = pick(b);
    if (va === null || vb === null) return compareNullable(va, vb, () => 0) || str(a.name, b.name);
    const c = typeof va === 'number' && typeof vb === 'number' ? va - vb : String(va).localeCompare(String(vb));
    return c * sign || str(a.name, b.name);
  };
  return [...entries].sort(compare);
}

export type BandFilter = HealthBand | 'insufficient' | 'all';
export interface Filters {
  search: string;
  owner: string | 'all';
  band: BandFilter;
  segment: string | 'all';
  source: MetricVendor | 'none' | 'all';
  /** Renewal within this many days from today (past renewals included); null = any. */
  renewalWithin: number | null;
}
export const noFilters: Filters = { search: '', owner: 'all', band: 'all', segment: 'all', source: 'all', renewalWithin: null };

export function filterEntries(entries: readonly PortfolioEntry[], filters: Filters): PortfolioEntry[] {
  const q = filters.search.trim().toLowerCase();
  return entries.filter((e) => {
    if (q && !e.name.toLowerCase().includes(q) && !(e.domain ?? '').toLowerCase().includes(q)) return false;
    if (filters.owner !== 'all' && e.owner !== filters.owner) return false;
    if (filters.segment !== 'all' && e.segment !== filters.segment) return false;
    if (filters.band === 'insufficient' && e.band !== null) return false;
    if (filters.band !== 'all' && filters.band !== 'insufficient' && e.band !== filters.band) return false;
    if (filters.source === 'none' && e.vendor !== null) return false;
    if (filters.source !== 'all' && filters.source !== 'none' && e.vendor !== filters.source) return false;
    if (filters.renewalWithin !== null && (e.renewalInDays === null || e.renewalInDays > filters.renewalWithin)) return false;
    return true;
  });
}

/** Distinct non-empty values, sorted, for a filter's options. */
export function distinct(entries: readonly PortfolioEntry[], pick: (e: PortfolioEntry) => string | null): string[] {
  return [...new Set(entries.map(pick).filter((v): v is string => v !== null && v !== ''))].sort((a, b) => a.localeCompare(b));
}

/**
 * Weekly mean health score over scored customers (the portfolio trend chart), oldest first. Each
 * customer's sparkline steps back in weeks from its own latest snapshot, and those differ (a Pendo
 * customer scored through yesterday beside Amplitude ones scored through today): matching points by day
 * would give each point a different set of customers and a saw-tooth line. So the points go into weeks
 * counted back from the portfolio's latest day, one point per customer a week, labelled by the week's
 * last day.
 */
export function portfolioHealthTrend(
  entries: readonly PortfolioEntry[],
): Array<{ day: string; value: number | null; scored: number }> {
  const lastDay = entries.reduce<string | null>((latest, e) => {
    const day = e.sparkline.at(-1)?.day ?? null;
    return day !== null && (latest === null || day > latest) ? day : latest;
  }, null);
  if (lastDay === null) return [];
  const weeks = Math.max(...entries.map((e) => e.sparkline.length));
  const slots = Array.from({ length: weeks }, () => ({ sum: 0, n: 0, seen: false }));
  for (const e of entries) {
    for (const point of e.sparkline) {
      // 0 = the week ending on lastDay, 1 = the week before, ...
      const back = Math.floor(dayDiff(point.day, lastDay) / 7);
      const slot = slots[weeks - 1 - back];
      if (!slot || back < 0) continue;
      slot.seen = true;
      if (point.score !== null) {
        slot.sum += point.score;
        slot.n += 1;
      }
    }
  }
  return slots.flatMap(({ sum, n, seen }, i) =>
    seen
      ? [{ day: shiftDay(lastDay, -7 * (weeks - 1 - i)), value: n > 0 ? Math.round((sum / n) * 10) / 10 : null, scored: n }]
      : [],
  );
}

function shiftDay(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/** First click on a column: text ascending; numbers and dates descending (largest, latest first) except renewal. */
export function daysDefault(key: SortKey): 'asc' | 'desc' {
  return key === 'name' || key === 'owner' || key === 'source' || key === 'renewal' || key === 'risk' ? 'asc' : 'desc';
}
