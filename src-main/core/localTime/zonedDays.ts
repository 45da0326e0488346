/**
 * Local calendar days in an IANA time zone (Pendo's subscription zone, the demo's sandbox zone), DST-correct:
 * a local day can be 23 or 25 hours long. Built on Intl only.
 */
const HOUR_MS = 3_600_000;
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(tz: string): Intl.DateTimeFormat {
  let f = formatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: tz,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(tz, f);
  }
  return f;
}

export function isValidTimeZone(tz: string): boolean {
  try {
    formatter(tz);
    return true;
  } catch {
    return false;
  }
}

interface Wall {
  y: number;
  m: number;
  d: number;
  h: number;
  min: number;
  s: number;
}

/** The wall-clock fields of an instant in a zone (the one Intl walk the scheduler and the connectors share). */
export function wallClock(
  ms: number,
  tz: string,
): { year: number; month: number; day: number; hour: number; minute: number; second: number } {
  const w = wall(ms, tz);
  return { year: w.y, month: w.m, day: w.d, hour: w.h, minute: w.min, second: w.s };
}

function wall(ms: number, tz: string): Wall {
  const parts: Record<string, number> = {};
  for (const p of formatter(tz).formatToParts(new Date(ms))) if (p.type !== 'literal') parts[p.type] = Number(p.value);
  return {
    y: parts.year ?? 0,
    m: parts.month ?? 0,
    d: parts.day ?? 0,
    h: parts.hour ?? 0,
    min: parts.minute ?? 0,
    s: parts.second ?? 0,
  };
}

/** Offset of the zone from UTC at instant `ms` (local wall time − UTC), in ms. */
export function tzOffsetMs(ms: number, tz: string): number {
  if (tz === 'UTC' || tz === 'Etc/UTC') return 0;
  const w = wall(ms, tz);
  const asUtc = Date.UTC(w.y, w.m - 1, w.d, w.h, w.min, w.s);
  return asUtc - Math.floor(ms / 1000) * 1000;
}

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/** The local calendar date "YYYY-MM-DD" of an instant. */
export function localDate(ms: number, tz: string): string {
  const w = wall(ms, tz);
  return `${pad(w.y, 4)}-${pad(w.m)}-${pad(w.d)}`;
}

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isDateKey(day: string): boolean {
  const m = DATE_RE.exec(day);
  if (!m) return false;
  const t = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  return new Date(t).toISOString().slice(0, 10) === day;
}

/** The date `n` calendar days after `day` (pure calendar arithmetic). */
export function addDays(day: string, n: number): string {
  const m = DATE_RE.exec(day);
  if (!m) throw new Error(`not a date: ${day}`);
  return new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]) + n)).toISOString().slice(0, 10);
}

/** Whole calendar days from `a` to `b` (b − a). */
export function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);
}

/**
 * The first instant of local day `day` (normally local midnight; where a DST gap swallows midnight, the
 * first instant after the gap).
 */
export function localDayStart(day: string, tz: string): number {
  const utcMidnight = Date.parse(`${day}T00:00:00Z`);
  if (!Number.isFinite(utcMidnight)) throw new Error(`not a date: ${day}`);
  // Two fixed-point iterations settle the offset across a DST change.
  let t = utcMidnight - tzOffsetMs(utcMidnight, tz);
  t = utcMidnight - tzOffsetMs(t, tz);
  // Midnight in a DST gap: step forward to the first instant of the day.
  if (localDate(t, tz) < day) {
    for (let i = 0; i < 4 && localDate(t, tz) < day; i++) t += HOUR_MS;
    t -= wall(t, tz).min * 60_000;
  }
  // Land exactly on the day's first minute if the iteration overshot (e.g. midnight repeated).
  while (localDate(t - HOUR_MS, tz) === day) t -= HOUR_MS;
  return t;
}
