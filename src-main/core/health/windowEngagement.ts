import type { TrendValue } from '../../../src-shared/contract/metrics';
import { addDays, dayList } from '../metrics/calendar';
import { meanDauMau, rollingDistinct, trendOf, usersByDay } from '../metrics/engagement';
import type { CustomerData } from './customerData';

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
 * read window covers.
 */
export function windowEngagement(data: CustomerData, day: string, width: number): WindowEngagement {
  let series = seriesOf.get(data);
  if (!series || series.width !== width) {
    series = new EngagementSeries(data.rows, width);
    seriesOf.set(data, series);
  }
  return series.at(day, data.lastDay);
}

const seriesOf = new WeakMap<CustomerData, EngagementSeries>();
/** The engine's MAU window (A2), whatever the component window. */
const MAU_DAYS = 30;

class EngagementSeries {
  private readonly byDay: Map<string, string[]>;
  private readonly eventsOn = new Map<string, number>();
  /** The rolling series cover days [from, from + dau.length). */
  private from = '';
  private days: string[] = [];
  private dau: number[] = [];
  private mau: number[] = [];
  private active: number[] = [];

  constructor(
    rows: CustomerData['rows'],
    readonly width: number,
  ) {
    this.byDay = usersByDay(rows);
    for (const r of rows) this.eventsOn.set(r.day, (this.eventsOn.get(r.day) ?? 0) + r.events);
  }

  at(day: string, lastDay: string | null): WindowEngagement {
    const windowFrom = addDays(day, 1 - this.width);
    this.cover(windowFrom, day, lastDay);
    const start = this.days.indexOf(windowFrom);
    const end = start + this.width;
    let events = 0;
    let previousEvents = 0;
    for (let i = start; i < end; i++) events += this.eventsOn.get(this.days[i] as string) ?? 0;
    for (let d = addDays(windowFrom, -this.width); d < windowFrom; d = addDays(d, 1)) previousEvents += this.eventsOn.get(d) ?? 0;
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
    // A day's users are distinct (one row per user and day), so its DAU is its count: rollingDistinct of width 1.
    this.dau = this.days.map((d) => this.byDay.get(d)?.length ?? 0);
    this.mau = rollingDistinct(this.byDay, this.days, MAU_DAYS);
    this.active = this.width === MAU_DAYS ? this.mau : rollingDistinct(this.byDay, this.days, this.width);
  }
}
