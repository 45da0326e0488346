import { createLocalDayResolver } from '../ingest/localDay';
import type { Clock } from '../ports';

/**
 * Calendar arithmetic on "YYYY-MM-DD" labels. Days are local dates in the reporting zone (G1), so a
 * DST day is simply one label: arithmetic runs on the label through a UTC-noon anchor, never by adding
 * 86 400 s to an instant in the reporting zone.
 */
const DAY_MS = 86_400_000;

// Day arithmetic runs millions of times in a health recompute (every snapshot walks its windows), and
// parsing or printing a date dominated its profile; a workspace only ever meets a few thousand labels,
// so both directions are memoised (bounded, in case something walks an unusual range).
const noonOf = new Map<string, number>();
const labelOf = new Map<number, string>();
const MEMO_LIMIT = 50_000;

function toUtcNoon(day: string): number {
  let ms = noonOf.get(day);
  if (ms === undefined) {
    ms = Date.parse(`${day}T12:00:00Z`);
    if (noonOf.size >= MEMO_LIMIT) noonOf.clear();
    noonOf.set(day, ms);
  }
  return ms;
}

function fromUtc(ms: number): string {
  let label = labelOf.get(ms);
  if (label === undefined) {
    label = new Date(ms).toISOString().slice(0, 10);
    if (labelOf.size >= MEMO_LIMIT) labelOf.clear();
    labelOf.set(ms, label);
  }
  return label;
}

export function addDays(day: string, n: number): string {
  return fromUtc(toUtcNoon(day) + n * DAY_MS);
}

/** Whole days from a to b (b − a). */
export function daysBetween(a: string, b: string): number {
  return Math.round((toUtcNoon(b) - toUtcNoon(a)) / DAY_MS);
}

/** Every day of [from, to], inclusive; empty when to < from. */
export function dayList(from: string, to: string): string[] {
  const out: string[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) out.push(d);
  return out;
}

export type WeekStart = 'monday' | 'sunday';

export function weekStartOf(day: string, weekStart: WeekStart): string {
  const dow = new Date(toUtcNoon(day)).getUTCDay(); // 0 = Sunday
  const back = weekStart === 'monday' ? (dow + 6) % 7 : dow;
  return addDays(day, -back);
}

export function monthStartOf(day: string): string {
  return `${day.slice(0, 7)}-01`;
}

export function addMonths(monthStart: string, n: number): string {
  const y = Number(monthStart.slice(0, 4));
  const m = Number(monthStart.slice(5, 7)) - 1 + n;
  const date = new Date(Date.UTC(y + Math.floor(m / 12), ((m % 12) + 12) % 12, 1, 12));
  return fromUtc(date.getTime());
}

export type PeriodUnit = 'day' | 'week' | 'month';

export function periodStartOf(day: string, unit: PeriodUnit, weekStart: WeekStart): string {
  return unit === 'day' ? day : unit === 'week' ? weekStartOf(day, weekStart) : monthStartOf(day);
}

export function addPeriods(periodStart: string, unit: PeriodUnit, n: number): string {
  return unit === 'day' ? addDays(periodStart, n) : unit === 'week' ? addDays(periodStart, 7 * n) : addMonths(periodStart, n);
}

/** Calendar periods from a's period to b's period (both period starts). */
export function periodsBetween(a: string, b: string, unit: PeriodUnit): number {
  if (unit === 'day') return daysBetween(a, b);
  if (unit === 'week') return Math.round(daysBetween(a, b) / 7);
  return (Number(b.slice(0, 4)) - Number(a.slice(0, 4))) * 12 + Number(b.slice(5, 7)) - Number(a.slice(5, 7));
}

/** Today's label in the reporting zone, from the injected clock. */
export function todayIn(clock: Clock, timeZone: string): string {
  return localDayResolverFor(timeZone)(clock.now());
}

/** The shared instant → local day resolver of a zone (its 15-minute-slot cache warm across calls). */
export function localDayResolverFor(timeZone: string): (ts: number) => string {
  let resolve = resolvers.get(timeZone);
  if (!resolve) {
    resolve = createLocalDayResolver(timeZone);
    resolvers.set(timeZone, resolve);
  }
  return resolve;
}

/** One resolver per zone: building an Intl.DateTimeFormat per call showed in the recompute profile. */
const resolvers = new Map<string, (ts: number) => string>();

/** "Last N days" (G2): the N complete days ending yesterday. */
export function lastCompleteDays(today: string, n: number): { from: string; to: string } {
  return { from: addDays(today, -n), to: addDays(today, -1) };
}
