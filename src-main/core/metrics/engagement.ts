import type {
  DayRange,
  EngagementHeader,
  EngagementPoint,
  FrequencyBand,
  MetricValue,
  TrendValue,
} from '../../../src-shared/contract/metrics';
import { addDays, addMonths, dayList, lastCompleteDays, monthStartOf } from './calendar';
import { isProvisional } from './dataThrough';
import type { UserDay } from './userDays';

/** Inputs shared by the engagement computations: rows of the full history up to `today`. */
export interface EngagementInput {
  rows: readonly UserDay[];
  today: string;
  eventLevel: boolean;
  provisionalFrom: string | null;
}

export function usersByDay(rows: ReadonlyArray<Pick<UserDay, 'user' | 'day'>>): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const row of rows) {
    const list = out.get(row.day);
    if (list) list.push(row.user);
    else out.set(row.day, [row.user]);
  }
  return out;
}

/**
 * Distinct users active in the `width` days ending at each of `days` (contiguous, ascending): the
 * rolling windows of A2 evaluated at each day's end. A sliding per-user counter keeps it linear in
 * user-days, which the portfolio list relies on.
 */
export function rollingDistinct(byDay: Map<string, string[]>, days: readonly string[], width: number): number[] {
  const first = days[0];
  if (first === undefined) return [];
  const counts = new Map<string, number>();
  const add = (day: string) => {
    for (const u of byDay.get(day) ?? []) counts.set(u, (counts.get(u) ?? 0) + 1);
  };
  const remove = (day: string) => {
    for (const u of byDay.get(day) ?? []) {
      const n = (counts.get(u) ?? 0) - 1;
      if (n <= 0) counts.delete(u);
      else counts.set(u, n);
    }
  };
  for (let d = addDays(first, 1 - width); d < first; d = addDays(d, 1)) add(d);
  const out: number[] = [];
  for (const day of days) {
    add(day);
    out.push(counts.size);
    remove(addDays(day, 1 - width));
  }
  return out;
}

export function firstDays(rows: readonly UserDay[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const row of rows) {
    const seen = out.get(row.user);
    if (seen === undefined || row.day < seen) out.set(row.user, row.day);
  }
  return out;
}

/** The engagement series over `range`; days from today on are flagged incomplete. */
export function engagementSeries(input: EngagementInput, range: DayRange): EngagementPoint[] {
  const days = dayList(range.from, range.to);
  const byDay = usersByDay(input.rows);
  const dau = rollingDistinct(byDay, days, 1);
  const wau = rollingDistinct(byDay, days, 7);
  const mau = rollingDistinct(byDay, days, 30);
  const newByDay = new Map<string, number>();
  for (const day of firstDays(input.rows).values()) newByDay.set(day, (newByDay.get(day) ?? 0) + 1);
  const totals = new Map<string, { events: number; sessions: number; minutes: number }>();
  for (const row of input.rows) {
    if (row.day < range.from || row.day > range.to) continue;
    const t = totals.get(row.day) ?? { events: 0, sessions: 0, minutes: 0 };
    t.events += row.events;
    t.sessions += row.sessions ?? 0;
    t.minutes += row.minutes;
    totals.set(row.day, t);
  }
  return days.map((day, i) => {
    const m = mau[i] ?? 0;
    const t = totals.get(day);
    return {
      day,
      dau: dau[i] ?? 0,
      wau: wau[i] ?? 0,
      mau: m,
      dauMau: m === 0 ? null : (dau[i] ?? 0) / m,
      newUsers: newByDay.get(day) ?? 0,
      events: t?.events ?? 0,
      sessions: input.eventLevel ? (t?.sessions ?? 0) : null,
      minutes: t?.minutes ?? 0,
      incomplete: day >= input.today,
      provisional: isProvisional(day, input.provisionalFrom),
    };
  });
}

/** Period over period (section 11): change is null when the previous window had nothing. */
export function trendOf(current: number, previous: number): TrendValue {
  return { current, previous, change: previous === 0 ? null : (current - previous) / previous };
}

export function frequencyBandOf(activeDays: number): FrequencyBand | null {
  if (activeDays <= 0) return null;
  return activeDays <= 4 ? 'low' : activeDays <= 12 ? 'medium' : 'high';
}

/** Mean of DAU_d / MAU_d over the days, skipping days with MAU 0 (A3 rolling method). */
export function rollingStickiness(byDay: Map<string, string[]>, days: readonly string[]): number | null {
  return meanDauMau(rollingDistinct(byDay, days, 1), rollingDistinct(byDay, days, 30));
}

/**
 * The mean of DAU/MAU over entries [from, to) of two per-day series, skipping MAU 0 (the A3 rolling
 * method's arithmetic, summed in day order): for callers that roll the series once over several windows.
 */
export function meanDauMau(dau: readonly number[], mau: readonly number[], from = 0, to = mau.length): number | null {
  let sum = 0;
  let n = 0;
  for (let i = from; i < to; i++) {
    const m = mau[i] ?? 0;
    if (m > 0) {
      sum += (dau[i] ?? 0) / m;
      n++;
    }
  }
  return n === 0 ? null : sum / n;
}

/**
 * A3 calendar-month method: mean DAU over every day of the month (days without activity count as 0)
 * divided by the month's unique users. Used for QBR tables; null when nobody was active.
 */
export function calendarMonthStickiness(rows: readonly UserDay[], monthStart: string): number | null {
  const next = addMonths(monthStart, 1);
  const days = dayList(monthStart, addDays(next, -1));
  const users = new Set<string>();
  let userDays = 0;
  for (const row of rows) {
    if (row.day < monthStart || row.day >= next) continue;
    users.add(row.user);
    userDays++;
  }
  return users.size === 0 ? null : userDays / days.length / users.size;
}

/** Headline numbers over the last `days` complete days (G2), with trends against the window before. */
export function engagementHeader(input: EngagementInput, days = 30): EngagementHeader {
  const window = lastCompleteDays(input.today, days);
  const previous = { from: addDays(window.from, -days), to: addDays(window.from, -1) };
  const byDay = usersByDay(input.rows);
  const windowDays = dayList(window.from, window.to);
  const asOf = window.to;
  const [dau = 0] = rollingDistinct(byDay, [asOf], 1);
  const [wau = 0] = rollingDistinct(byDay, [asOf], 7);
  const [mau = 0] = rollingDistinct(byDay, [asOf], 30);

  const active = new Set<string>();
  const previousActive = new Set<string>();
  const activeDays = new Set<string>();
  let events = 0;
  let previousEvents = 0;
  let sessions = 0;
  let minutes = 0;
  let userDays = 0;
  let lastActivityDay: string | null = null;
  for (const row of input.rows) {
    if (row.day <= input.today && (lastActivityDay === null || row.day > lastActivityDay)) lastActivityDay = row.day;
    if (row.day >= window.from && row.day <= window.to) {
      active.add(row.user);
      activeDays.add(row.day);
      events += row.events;
      sessions += row.sessions ?? 0;
      minutes += row.minutes;
      userDays++;
    } else if (row.day >= previous.from && row.day <= previous.to) {
      previousActive.add(row.user);
      previousEvents += row.events;
    }
  }
  let newUsers = 0;
  for (const first of firstDays(input.rows).values()) if (first >= window.from && first <= window.to) newUsers++;

  const lastMonth = addMonths(monthStartOf(input.today), -1);
  const sessionsValue: MetricValue = input.eventLevel
    ? { value: sessions, unavailable: null }
    : { value: null, unavailable: 'no-sessions-in-source' };
  const depth: MetricValue = input.eventLevel
    ? { value: sessions === 0 ? null : events / sessions, unavailable: null }
    : { value: null, unavailable: 'no-sessions-in-source' };
  return {
    asOf,
    window,
    dau,
    wau,
    mau,
    newUsers,
    activeUsers: active.size,
    stickinessRolling: rollingStickiness(byDay, windowDays),
    stickinessMonth: { month: lastMonth.slice(0, 7), value: calendarMonthStickiness(input.rows, lastMonth) },
    events,
    sessions: sessionsValue,
    sessionDepth: depth,
    minutesPerActiveUserDay: { value: userDays === 0 ? null : minutes / userDays, unavailable: null },
    eventsTrend: trendOf(events, previousEvents),
    activeUsersTrend: trendOf(active.size, previousActive.size),
    lastActivityDay,
    activeDays: activeDays.size,
    frequencyBand: frequencyBandOf(activeDays.size),
    provisional: isProvisional(window.to, input.provisionalFrom),
  };
}
