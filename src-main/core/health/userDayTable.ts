import { firstDayAfter, firstDayAtOrAfter } from './dayIndex';

/** One user's events on one day of a scope, as a row object (the churn analysis and tests read these). */
export interface UserDayEvents {
  user: string;
  day: string;
  events: number;
}

/**
 * A customer's user-days as numbers: every user key gets a small number when the usage is read (one Map
 * lookup per row), and the rows are parallel typed arrays grouped by day, so that the distinct users of
 * a window, a rolling count, a retention or a champion's activity are counted with integer marks instead
 * of Set<string> of ~22-character keys (per scored day and per rule window, with their garbage: most of
 * the recompute's JavaScript time after the reads). The keys come back only where an answer shows one.
 * Rows are ordered by day, then as read (the user key order within a day), one per user and day.
 */
export class UserDayTable {
  /** Days with activity, ascending; the rows of `days[i]` are [dayStart[i], dayStart[i + 1]). */
  readonly days: readonly string[];
  readonly dayStart: Int32Array;
  /** Per row: the user's number (an index into `userKeys`) and the day's events. */
  readonly user: Int32Array;
  readonly events: Float64Array;
  readonly userKeys: readonly string[];
  private readonly marks: Uint32Array;
  private generation = 0;

  constructor(days: string[], dayStart: Int32Array, user: Int32Array, events: Float64Array, userKeys: string[]) {
    this.days = days;
    this.dayStart = dayStart;
    this.user = user;
    this.events = events;
    this.userKeys = userKeys;
    this.marks = new Uint32Array(userKeys.length);
  }

  get userCount(): number {
    return this.userKeys.length;
  }

  get rowCount(): number {
    return this.user.length;
  }

  /** Index of the first day on or after `day` (days.length when none). */
  dayAtOrAfter(day: string): number {
    return firstDayAtOrAfter(this.days, day);
  }

  /** Index of the first day after `day`. */
  dayAfter(day: string): number {
    return firstDayAfter(this.days, day);
  }

  /** The rows of the days in [from, to]: [start, end). */
  rowRange(from: string, to: string): [start: number, end: number] {
    const start = this.dayStart[this.dayAtOrAfter(from)] as number;
    const end = this.dayStart[this.dayAfter(to)] as number;
    return start < end ? [start, end] : [start, start];
  }

  /**
   * A fresh mark value for a pass over users: `marks[u] === mark` means seen in this pass. Two values per
   * pass (mark and mark + 1) are reserved, for passes that mark users in two states.
   */
  newMark(): { marks: Uint32Array; mark: number } {
    if (this.generation >= 0xfffffff0) {
      this.marks.fill(0);
      this.generation = 0;
    }
    this.generation += 2;
    return { marks: this.marks, mark: this.generation };
  }

  /** Distinct users and summed events of the days in [from, to]. */
  usage(from: string, to: string): { activeUsers: number; events: number } {
    const [start, end] = this.rowRange(from, to);
    const { marks, mark } = this.newMark();
    let activeUsers = 0;
    let events = 0;
    for (let r = start; r < end; r++) {
      const u = this.user[r] as number;
      if (marks[u] !== mark) {
        marks[u] = mark;
        activeUsers++;
      }
      events += this.events[r] as number;
    }
    return { activeUsers, events };
  }

  /** Summed events of the days in [from, to]. */
  eventsBetween(from: string, to: string): number {
    const [start, end] = this.rowRange(from, to);
    let events = 0;
    for (let r = start; r < end; r++) events += this.events[r] as number;
    return events;
  }

  /** Rows [start, end) as objects (cold paths: the churn analysis, tests). */
  rowObjects(start = 0, end = this.rowCount): UserDayEvents[] {
    const out: UserDayEvents[] = [];
    let d = this.dayAfterRow(start);
    for (let r = start; r < end; r++) {
      while ((this.dayStart[d + 1] as number) <= r) d++;
      out.push({
        user: this.userKeys[this.user[r] as number] as string,
        day: this.days[d] as string,
        events: this.events[r] as number,
      });
    }
    return out;
  }

  /** The day index holding row `r`. */
  private dayAfterRow(r: number): number {
    let lo = 0;
    let hi = this.days.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((this.dayStart[mid + 1] as number) <= r) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

/**
 * Builds a UserDayTable from rows pushed in day order. Adjacent pushes of one user on one day (two sync
 * windows' rows) are summed into one row, as the reads always did.
 */
export class UserDayTableBuilder {
  private readonly days: string[] = [];
  private readonly dayStart: number[] = [];
  private readonly users: number[] = [];
  private readonly events: number[] = [];
  private readonly keys: string[] = [];
  private readonly numbers = new Map<string, number>();
  private lastUser = -1;

  /** Starts `day`'s rows (days ascending, each once). */
  startDay(day: string): void {
    this.days.push(day);
    this.dayStart.push(this.users.length);
    this.lastUser = -1;
  }

  /** Adds a row of the current day; returns whether it started a new row (false: summed into the previous one). */
  push(userKey: string, events: number): boolean {
    let u = this.numbers.get(userKey);
    if (u === undefined) {
      u = this.keys.length;
      this.keys.push(userKey);
      this.numbers.set(userKey, u);
    }
    if (u === this.lastUser) {
      const last = this.events.length - 1;
      this.events[last] = (this.events[last] as number) + events;
      return false;
    }
    this.lastUser = u;
    this.users.push(u);
    this.events.push(events);
    return true;
  }

  build(): UserDayTable {
    const dayStart = new Int32Array(this.days.length + 1);
    dayStart.set(this.dayStart);
    dayStart[this.days.length] = this.users.length;
    return new UserDayTable(this.days, dayStart, Int32Array.from(this.users), Float64Array.from(this.events), this.keys);
  }
}

/** A table of row objects ordered by day (and summed per user and day): for tests and row-by-row reads. */
export function userDayTableOf(rows: ReadonlyArray<UserDayEvents>): UserDayTable {
  const builder = new UserDayTableBuilder();
  let day: string | undefined;
  for (const r of rows) {
    if (r.day !== day) {
      day = r.day;
      builder.startDay(day);
    }
    builder.push(r.user, r.events);
  }
  return builder.build();
}
