import type { TrendValue } from '../../../src-shared/contract/metrics';
import { addDays, dayList } from '../metrics/calendar';
import { meanDauMau, trendOf } from '../metrics/engagement';
import type { CustomerData } from './customerData';
import type { UserDayTable } from './userDayTable';

/** What the engagement and trajectory components read of the engine's engagementHeader for one scored day. */
export interface WindowEngagement {
  dau: number;
  mau: number;
  activeUsers: number;
  stickinessRolling: number | null;
  eventsTrend: TrendValue;
}

/**
 * The engagementHeader fields the components use (A2/A3 rolling DAU, MAU and DAU/MAU, active users,
 * events trend) for the `width`-day window ending `day`, with the rolling series shared by every day
 * scored from one customer's rows: consecutive scored days (3 after a sync, 90 in a full recompute)
 * overlap by all but a day, and building a header per day repeated the rolling counts, first days and
 * month stickiness it does not need. Same arithmetic as the header: DAU and MAU (30 days, A2) are the
 * rolling distinct users at the day's end, active users the window's distinct users (the rolling count
 * of its width), stickiness the mean of DAU/MAU over the window's days in day order (`meanDauMau`),
 * events summed per window.
 * Every value at a day depends only on rows of the `2 × width` days ending it, which the recompute's
 * read window covers. The rolling counts run over the customer's numbered users (`rollingDistinctIn`: a
 * count per user number instead of the engine's Map of user keys), the same numbers.
 */
export function windowEngagement(data: CustomerData, day: string, width: number): WindowEngagement {
  let series = seriesOf.get(data);
  if (!series || series.width !== width) {
    series = new EngagementSeries(data.usage, width);
    seriesOf.set(data, series);
  }
  return series.at(day, data.lastDay);
}

const seriesOf = new WeakMap<CustomerData, EngagementSeries>();
/** The engine's MAU window (A2), whatever the component window. */
const MAU_DAYS = 30;

class EngagementSeries {
  /** The rolling series cover days [from, from + dau.length). */
  private from = '';
  private days: string[] = [];
  private dau: number[] = [];
  private mau: number[] = [];
  private active: number[] = [];

  constructor(
    private readonly table: UserDayTable,
    readonly width: number,
  ) {}

  at(day: string, lastDay: string | null): WindowEngagement {
    const windowFrom = addDays(day, 1 - this.width);
    this.cover(windowFrom, day, lastDay);
    const start = this.days.indexOf(windowFrom);
    const end = start + this.width;
    const events = this.table.eventsBetween(windowFrom, day);
    const previousEvents = this.table.eventsBetween(addDays(windowFrom, -this.width), addDays(windowFrom, -1));
    return {
      dau: this.dau[end - 1] ?? 0,
      mau: this.mau[end - 1] ?? 0,
      activeUsers: this.active[end - 1] ?? 0,
      stickinessRolling: meanDauMau(this.dau, this.mau, start, end),
      eventsTrend: trendOf(events, previousEvents),
    };
  }

  /** Rolls the series over [from, to] unless it covers them; reaches on to the last scored day at once. */
  private cover(from: string, to: string, lastDay: string | null): void {
    const last = this.days[this.days.length - 1];
    if (this.days.length > 0 && this.from <= from && last !== undefined && last >= to) return;
    const spanFrom = this.days.length > 0 && this.from < from ? this.from : from;
    let spanTo = lastDay !== null && lastDay > to ? lastDay : to;
    if (last !== undefined && last > spanTo) spanTo = last;
    this.from = spanFrom;
    this.days = dayList(spanFrom, spanTo);
    // A day's users are distinct (one row per user and day), so its DAU is its row count: rollingDistinct of width 1.
    const { table } = this;
    this.dau = tableDays(table, this.days).map((t) =>
      t < 0 ? 0 : (table.dayStart[t + 1] as number) - (table.dayStart[t] as number),
    );
    this.mau = rollingDistinctIn(table, this.days, MAU_DAYS);
    this.active = this.width === MAU_DAYS ? this.mau : rollingDistinctIn(table, this.days, this.width);
  }
}

/**
 * The metrics engine's `rollingDistinct` (distinct users in the `width` days ending at each of `days`,
 * contiguous and ascending) over numbered user-days: a count per user number instead of a Map of keys.
 */
export function rollingDistinctIn(table: UserDayTable, days: readonly string[], width: number): number[] {
  const first = days[0];
  if (first === undefined) return [];
  // calendar[k] is the table's day index of day (first - width + 1 + k), -1 when nobody was active.
  const calendar = tableDays(table, dayList(addDays(first, 1 - width), days[days.length - 1] as string));
  const counts = new Int32Array(table.userCount);
  const { dayStart, user } = table;
  let distinct = 0;
  const add = (t: number) => {
    if (t < 0) return;
    for (let r = dayStart[t] as number, end = dayStart[t + 1] as number; r < end; r++) {
      const u = user[r] as number;
      const n = counts[u] as number;
      counts[u] = n + 1;
      if (n === 0) distinct++;
    }
  };
  const remove = (t: number) => {
    if (t < 0) return;
    for (let r = dayStart[t] as number, end = dayStart[t + 1] as number; r < end; r++) {
      const u = user[r] as number;
      const n = (counts[u] as number) - 1;
      counts[u] = n;
      if (n === 0) distinct--;
    }
  };
  for (let k = 0; k < width - 1; k++) add(calendar[k] as number);
  const out: number[] = [];
  for (let i = 0; i < days.length; i++) {
    add(calendar[i + width - 1] as number);
    out.push(distinct);
    remove(calendar[i] as number);
  }
  return out;
}

/** For each of the contiguous ascending `days`, the table's index of that day (-1 without activity). */
function tableDays(table: UserDayTable, days: readonly string[]): number[] {
  const first = days[0];
  if (first === undefined) return [];
  let t = table.dayAtOrAfter(first);
  return days.map((d) => (table.days[t] === d ? t++ : -1));
}
