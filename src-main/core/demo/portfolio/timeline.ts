/** UTC day arithmetic, vendor timestamp formats and time-zone-correct local midnights (no libraries). */
import { tzOffsetMs } from '../../localTime';

export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;

export function utcDayStart(ms: number): number {
  return Math.floor(ms / DAY_MS) * DAY_MS;
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** "YYYY-MM-DD" of a UTC instant. */
export function ymd(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** Parses "YYYY-MM-DD" (or "YYYYMMDD") as a UTC midnight; null when malformed. */
export function parseYmd(s: string): number | null {
  const m = /^(\d{4})-?(\d{2})-?(\d{2})$/.exec(s);
  if (!m) return null;
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  if (Number.isNaN(ms) || ymd(ms).replaceAll('-', '') !== `${m[1]}${m[2]}${m[3]}`) return null;
  return ms;
}

const dayPrefixCache = new Map<number, string>();

let secondsTable: string[] | null = null;
let milliTable: string[] | null = null;

/** Amplitude's wire timestamp: "YYYY-MM-DD HH:MM:SS.ffffff" (UTC, space separator, microseconds, no Z). */
export function amplitudeTime(ms: number): string {
  if (secondsTable === null || milliTable === null) {
    secondsTable = Array.from(
      { length: 86_400 },
      (_, s) => `${pad2(Math.floor(s / 3600))}:${pad2(Math.floor(s / 60) % 60)}:${pad2(s % 60)}`,
    );
    milliTable = Array.from({ length: 1000 }, (_, m) => `.${String(m).padStart(3, '0')}000`);
  }
  const day = utcDayStart(ms);
  let prefix = dayPrefixCache.get(day);
  if (prefix === undefined) {
    prefix = `${ymd(day)} `;
    if (dayPrefixCache.size > 4096) dayPrefixCache.clear();
    dayPrefixCache.set(day, prefix);
  }
  const r = ms - day;
  return `${prefix}${secondsTable[Math.floor(r / 1000)]}${milliTable[r % 1000]}`;
}

/** "YYYY-MM-DDTHH:MM:SS" without a zone (Mixpanel profile timestamps). */
export function isoNoZone(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19);
}

/** "YYYY-MM-DD HH:MM:SS" without a zone (Mixpanel cohort `created`). */
export function spaceNoZone(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
}

// Offsets come from the shared time-zone module. Day starts stay here: they take an instant rather than a
// date, and the sandboxes' zones (UTC, America/New_York) have no DST gap at midnight, where the two differ.
export { tzOffsetMs };

/** The UTC instant of local midnight (in `tz`) of the local day containing `ms`. DST-correct. */
export function localDayStart(ms: number, tz: string): number {
  const off = tzOffsetMs(ms, tz);
  const localDay = utcDayStart(ms + off);
  // local midnight = localDay - offset at that instant; iterate for DST changes between ms and midnight
  let guess = localDay - off;
  for (let i = 0; i < 3; i++) {
    const o = tzOffsetMs(guess, tz);
    const next = localDay - o;
    if (next === guess) break;
    guess = next;
  }
  return guess;
}

/** The local midnight `n` local days after the local day containing `ms` (n may be negative). */
export function addLocalDays(dayStart: number, n: number, tz: string): number {
  // move to local noon to avoid DST edge cases, shift by whole days, snap back to midnight
  return localDayStart(dayStart + 12 * HOUR_MS + n * DAY_MS, tz);
}

/** Start of the (local) hour containing ms; for whole-hour offsets this is the UTC hour start. */
export function localHourStart(ms: number, tz: string): number {
  const off = tzOffsetMs(ms, tz);
  return Math.floor((ms + off) / HOUR_MS) * HOUR_MS - off;
}

const offsetCache = new Map<string, Map<number, number>>();

/** tzOffsetMs cached per UTC hour (offsets only change on hour boundaries in practice). */
export function tzOffsetCached(ms: number, tz: string): number {
  if (tz === 'UTC' || tz === 'Etc/UTC') return 0;
  let m = offsetCache.get(tz);
  if (!m) {
    m = new Map();
    offsetCache.set(tz, m);
  }
  const hour = Math.floor(ms / HOUR_MS);
  let off = m.get(hour);
  if (off === undefined) {
    off = tzOffsetMs(hour * HOUR_MS, tz);
    if (m.size > 200_000) m.clear();
    m.set(hour, off);
  }
  return off;
}

/** "YYYY-MM-DD" of the local date in `tz` of instant ms. */
export function localYmd(ms: number, tz: string): string {
  return ymd(ms + tzOffsetCached(ms, tz));
}
