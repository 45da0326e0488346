/**
 * When the daily sync is due, in the reporting time zone. Slots are found by LOCAL DATE (the wall
 * clock's HH:MM on each calendar day), never by adding 86 400 s, so DST days are 23 or 25 hours long
 * and the slot stays at the same wall-clock time.
 *
 * Wall times that do not exist or exist twice (DST):
 * - spring forward: a time inside the gap (Europe/Berlin 02:30 on the last Sunday of March) is moved
 *   forward by the length of the gap (03:30 local, the same instant as "02:30 at the old offset");
 *   the slot still happens exactly once that day.
 * - fall back: a time that occurs twice (02:30 on the last Sunday of October) means its FIRST
 *   occurrence; the second one is the same slot, not a new one.
 */

import { wallClock as zoneWallClock } from '../localTime';

export interface LocalDate {
  year: number;
  month: number;
  day: number;
}

/** The wall-clock fields of an instant in a zone. */
function wallClock(ms: number, timeZone: string): LocalDate & { hour: number; minute: number; second: number } {
  return zoneWallClock(ms, timeZone);
}

/** The zone's offset from UTC at an instant, in ms (Berlin summer: +7 200 000). */
function offsetAt(ms: number, timeZone: string): number {
  const w = wallClock(ms, timeZone);
  const wallAsUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  return wallAsUtc - (ms - (((ms % 1000) + 1000) % 1000));
}

export function localDateOf(ms: number, timeZone: string): LocalDate {
  const { year, month, day } = wallClock(ms, timeZone);
  return { year, month, day };
}

export function addDays(date: LocalDate, days: number): LocalDate {
  const d = new Date(Date.UTC(date.year, date.month - 1, date.day + days));
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

/** "HH:MM" → minutes after local midnight. The settings schema has already validated the format. */
export function parseSyncTime(syncTime: string): { hour: number; minute: number } {
  const [h, m] = syncTime.split(':');
  return { hour: Number(h), minute: Number(m) };
}

/** The instant of a wall-clock time on a local date (DST rules in the header). */
export function instantOfLocalTime(date: LocalDate, time: { hour: number; minute: number }, timeZone: string): number {
  const wall = Date.UTC(date.year, date.month - 1, date.day, time.hour, time.minute);
  // A zone changes its offset at most once within a day on either side: the offsets a day before
  // and a day after are the only candidates.
  const before = offsetAt(wall - 86_400_000, timeZone);
  const after = offsetAt(wall + 86_400_000, timeZone);
  const valid = [wall - before, wall - after].filter((t) => offsetAt(t, timeZone) === wall - t);
  if (valid.length > 0) return Math.min(...valid);
  // In the spring-forward gap: the old offset lands the same distance past the jump.
  return wall - before;
}

/** The slot of the local date `now` falls on, or of the day before if today's is still ahead. */
export function mostRecentDue(now: number, syncTime: string, timeZone: string): number {
  const time = parseSyncTime(syncTime);
  const today = localDateOf(now, timeZone);
  const todays = instantOfLocalTime(today, time, timeZone);
  return todays <= now ? todays : instantOfLocalTime(addDays(today, -1), time, timeZone);
}

/** The first slot strictly after `now`. */
export function nextDue(now: number, syncTime: string, timeZone: string): number {
  const time = parseSyncTime(syncTime);
  const today = localDateOf(now, timeZone);
  const todays = instantOfLocalTime(today, time, timeZone);
  return todays > now ? todays : instantOfLocalTime(addDays(today, 1), time, timeZone);
}
