/**
 * Calendar arithmetic in the Mixpanel project's time zone: export dates are project-zone days, and
 * legacy projects (created before 2023) store `time` as local wall-clock seconds that must be turned
 * into true UTC, DST-correct.
 */

import { wallClock as zoneWallClock } from '../../localTime';

export const DAY_MS = 86_400_000;

function isUtc(zone: string): boolean {
  return zone === 'UTC' || zone === 'Etc/UTC' || zone === 'GMT' || zone === 'Etc/GMT';
}

/** The zone's wall clock at `utcMs`, expressed as if it were a UTC epoch (seconds precision). */
function wallClock(utcMs: number, zone: string): number {
  const w = zoneWallClock(utcMs, zone);
  return Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
}

/** Offsets are cached per quarter hour: every zone changes offset on a quarter-hour boundary. */
const QUARTER = 900_000;
const offsetCache = new Map<string, Map<number, number>>();

/** UTC offset (ms, east positive) of `zone` at the instant `utcMs`. */
export function zoneOffsetMs(utcMs: number, zone: string): number {
  if (isUtc(zone)) return 0;
  let cache = offsetCache.get(zone);
  if (!cache) {
    cache = new Map();
    offsetCache.set(zone, cache);
  }
  const bucket = Math.floor(utcMs / QUARTER);
  let offset = cache.get(bucket);
  if (offset === undefined) {
    const at = bucket * QUARTER;
    offset = wallClock(at, zone) - at;
    if (cache.size > 50_000) cache.clear();
    cache.set(bucket, offset);
  }
  return offset;
}

/**
 * The UTC instant at which `zone`'s wall clock reads `wallMs` (a wall-clock time written as a UTC epoch).
 * In a spring-forward gap the time is read with the offset before the change (02:30 → 03:30 local);
 * in the repeated fall-back hour the first occurrence wins.
 */
export function wallClockToUtc(wallMs: number, zone: string): number {
  if (isUtc(zone)) return wallMs;
  const before = zoneOffsetMs(wallMs - DAY_MS, zone);
  const after = zoneOffsetMs(wallMs + DAY_MS, zone);
  if (before === after) return wallMs - before;
  // A transition near this time: prefer the earlier offset when it is consistent (first occurrence).
  const first = wallMs - before;
  if (zoneOffsetMs(first, zone) === before) return first;
  const second = wallMs - after;
  if (zoneOffsetMs(second, zone) === after) return second;
  return first; // in the gap
}

/** "YYYY-MM-DD" of the day containing `utcMs` in `zone`. */
export function dayInZone(utcMs: number, zone: string): string {
  return isoDay(utcMs + zoneOffsetMs(utcMs, zone));
}

/** "YYYY-MM-DD" of a UTC epoch (no zone). */
export function isoDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** Epoch ms of the UTC midnight named by "YYYY-MM-DD" (a day number on the calendar grid), or null. */
export function parseDay(day: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!m) return null;
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  return isoDay(ms) === day ? ms : null;
}

/** The calendar day `n` days after `day`. */
export function addDays(day: string, n: number): string {
  const ms = parseDay(day);
  if (ms === null) throw new Error(`Not a calendar day: ${day}`);
  return isoDay(ms + n * DAY_MS);
}

/** UTC epoch ms at which `day` starts in `zone` (local midnight). */
export function dayStartUtc(day: string, zone: string): number {
  const ms = parseDay(day);
  if (ms === null) throw new Error(`Not a calendar day: ${day}`);
  return wallClockToUtc(ms, zone);
}
