import type { CanonicalBucket, CanonicalEvent, CanonicalGuideEvent, IngestSink } from '../connectors/types';
import { createLocalDayResolver } from './localDay';

/** Sessions from events without a vendor session id: a gap over 30 minutes, or 24 h, starts a new one. */
const sessionGapMs = 30 * 60_000;
const sessionCapMs = 24 * 3_600_000;
const noAccount = '';

export interface AggregatorOptions {
  /** Reporting time zone: event-level days are cut here. */
  timeZone: string;
  /** Vendor user id → pseudonymous key (HMAC). Called once per distinct user per window. */
  pseudonymize(vendorUserId: string): string;
  keepReadableIds: boolean;
  /** Event names whose individual timestamps are kept for funnels. */
  keyEvents: ReadonlySet<string>;
  /** Property names kept for breakdowns (settings.breakdownProperties); values of other names are dropped. */
  breakdownProperties?: readonly string[];
}

interface ActivityAcc {
  accountId: string;
  userKey: string;
  day: string;
  /** Event item rows of this account, user and day, by event name (Pendo buckets keep their own map). */
  items: Map<string, ItemRow> | null;
  /** Breakdown rows of this account, user and day: property → value → row. */
  propertyUsers: Map<string, Map<string, PropertyUserRow>> | null;
  /** The breakdown rows of this account and day across users: event → property → value → row. */
  accountDay: Map<string, Map<string, Map<string, PropertyEventRow>>> | null;
  events: number;
  /** Vendor session ids seen; null when the source has none (then `times` drives sessions). */
  sessionIds: Set<number> | null;
  times: number[] | null;
  minutes: Set<number> | null;
  /** Pre-aggregated sources report minutes directly. */
  reportedMinutes: number;
  firstTs: number | null;
  lastTs: number | null;
  eventLevel: boolean;
}

export interface ActivityRow {
  accountId: string;
  userKey: string;
  day: string;
  events: number;
  sessions: number | null;
  minutes: number;
  firstTs: number | null;
  lastTs: number | null;
}
export interface ItemRow {
  accountId: string;
  kind: 'event' | 'feature' | 'page';
  itemId: string;
  day: string;
  userKey: string;
  events: number;
  minutes: number;
}
export interface GuideRow {
  accountId: string;
  userKey: string;
  guideId: string;
  stepId: string;
  type: string;
  day: string;
  events: number;
  firstTs: number;
  lastTs: number;
}
export interface KeyEventRow {
  accountId: string;
  userKey: string;
  eventName: string;
  ts: number;
}

/** Events per account, day, event and value of one breakdown property. */
export interface PropertyEventRow {
  accountId: string;
  day: string;
  eventName: string;
  property: string;
  value: string;
  events: number;
}
/** A user's events per account, day and value of one breakdown property (users by value, funnel segments). */
export interface PropertyUserRow {
  accountId: string;
  day: string;
  userKey: string;
  property: string;
  value: string;
  events: number;
}

export interface WindowAggregate {
  /** Present when breakdown properties are listed. */
  propertyEvents?: PropertyEventRow[];
  propertyUsers?: PropertyUserRow[];
  activity: ActivityRow[];
  items: ItemRow[];
  guides: GuideRow[];
  keyEvents: KeyEventRow[];
  /** userKey → readable id (only when the privacy setting allows). */
  readableIds: Map<string, string>;
  stats: {
    eventsRead: number;
    duplicates: number;
    rejected: number;
    rejectReasons: Record<string, number>;
    minDay: string | null;
    maxDay: string | null;
  };
}

/** A vendor user's pseudonymous key, and a short number standing for it in composite map keys. */
interface UserEntry {
  key: string;
  index: number;
}

/**
 * Folds one sync window's canonical records into daily rows in memory. Memory grows with distinct
 * (account, user, day, item) keys, not with events, so a window of millions of events stays small.
 * Per event, one short composite key is built (account, user number, day); the item and breakdown
 * rows hang off that account-user-day in nested maps keyed by the plain strings, so no other key
 * string is allocated (profiled: string keys and their hashing were most of the aggregation's time).
 */
export class WindowAggregator implements IngestSink {
  private readonly dayOf: (ts: number) => string;
  private readonly userKeys = new Map<string, UserEntry>();
  /** Pseudonymous key → its number (the numbers stand for keys in composite map keys). */
  private readonly userIndex = new Map<string, number>();
  private readonly activityAcc = new Map<string, ActivityAcc>();
  private readonly itemAcc = new Map<string, ItemRow>();
  private readonly guideAcc = new Map<string, GuideRow>();
  private readonly keyEventAcc = new Map<string, KeyEventRow>();
  /** Insert ids seen per account (the same id under two accounts is two events, G7). */
  private readonly seenInsertIds = new Map<string, Set<string>>();
  /** Account and day → event → property → value → row, shared by that day's account-user-days. */
  private readonly accountDays = new Map<string, Map<string, Map<string, Map<string, PropertyEventRow>>>>();
  private readonly listedProperties: ReadonlySet<string>;
  private readonly readable = new Map<string, string>();
  private eventsRead = 0;
  private duplicates = 0;
  private rejectedCount = 0;
  private readonly rejectReasons: Record<string, number> = {};
  private minDay: string | null = null;
  private maxDay: string | null = null;

  constructor(private readonly options: AggregatorOptions) {
    this.dayOf = createLocalDayResolver(options.timeZone);
    this.listedProperties = new Set(options.breakdownProperties ?? []);
  }

  /** What connectors extract for breakdowns: only the listed names. */
  get propertyNames(): readonly string[] {
    return this.options.breakdownProperties ?? [];
  }

  event(record: CanonicalEvent): void {
    this.eventsRead++;
    const accountId = record.accountId ?? noAccount;
    if (record.insertId !== null) {
      // The same insert id under two accounts is one event counted for each account (G7).
      let seen = this.seenInsertIds.get(accountId);
      if (seen === undefined) {
        seen = new Set();
        this.seenInsertIds.set(accountId, seen);
      }
      if (seen.has(record.insertId)) {
        this.duplicates++;
        return;
      }
      seen.add(record.insertId);
    }
    const user = this.userFor(record.userId, record.readableUserId);
    const userKey = user.key;
    const day = this.dayOf(record.ts);
    this.noteDay(day);

    const acc = this.activity(accountId, user, day, true);
    acc.events++;
    if (record.sessionId !== null) {
      acc.sessionIds ??= new Set();
      acc.sessionIds.add(record.sessionId);
    } else {
      acc.times ??= [];
      acc.times.push(record.ts);
    }
    acc.minutes ??= new Set();
    acc.minutes.add(Math.floor(record.ts / 60_000));
    if (acc.firstTs === null || record.ts < acc.firstTs) acc.firstTs = record.ts;
    if (acc.lastTs === null || record.ts > acc.lastTs) acc.lastTs = record.ts;

    acc.items ??= new Map();
    const item = acc.items.get(record.name);
    if (item) item.events++;
    else acc.items.set(record.name, { accountId, kind: 'event', itemId: record.name, day, userKey, events: 1, minutes: 0 });

    if (record.properties && this.listedProperties.size > 0) this.addProperties(record, acc);

    if (this.options.keyEvents.has(record.name)) {
      const key = `${accountId}\u0000${userKey}\u0000${record.name}\u0000${record.ts}`;
      if (!this.keyEventAcc.has(key)) this.keyEventAcc.set(key, { accountId, userKey, eventName: record.name, ts: record.ts });
    }
  }

  bucket(record: CanonicalBucket): void {
    this.eventsRead += record.events;
    const accountId = record.accountId ?? noAccount;
    const user = this.userFor(record.userId, record.readableUserId);
    const userKey = user.key;
    this.noteDay(record.day);
    if (record.kind === 'activity') {
      const acc = this.activity(accountId, user, record.day, false);
      acc.events += record.events;
      acc.reportedMinutes += record.minutes;
      return;
    }
    const itemId = record.itemId ?? '(unknown)';
    const key = `${accountId}\u0000${record.kind}\u0000${itemId}\u0000${record.day}\u0000${userKey}`;
    const item = this.itemAcc.get(key);
    if (item) {
      item.events += record.events;
      item.minutes += record.minutes;
    } else {
      this.itemAcc.set(key, {
        accountId,
        kind: record.kind,
        itemId,
        day: record.day,
        userKey,
        events: record.events,
        minutes: record.minutes,
      });
    }
  }

  guideEvent(record: CanonicalGuideEvent): void {
    const accountId = record.accountId ?? noAccount;
    const userKey = this.userFor(record.userId, null).key;
    const day = this.dayOf(record.ts);
    this.noteDay(day);
    const stepId = record.stepId ?? '';
    const key = `${accountId}\u0000${userKey}\u0000${record.guideId}\u0000${stepId}\u0000${record.type}\u0000${day}`;
    const row = this.guideAcc.get(key);
    if (row) {
      row.events++;
      if (record.ts < row.firstTs) row.firstTs = record.ts;
      if (record.ts > row.lastTs) row.lastTs = record.ts;
    } else {
      this.guideAcc.set(key, {
        accountId,
        userKey,
        guideId: record.guideId,
        stepId,
        type: record.type,
        day,
        events: 1,
        firstTs: record.ts,
        lastTs: record.ts,
      });
    }
  }

  private addProperties(record: CanonicalEvent, acc: ActivityAcc): void {
    const { accountId, userKey, day } = acc;
    const eventName = record.name;
    let byEvent: Map<string, Map<string, PropertyEventRow>> | undefined;
    for (const property in record.properties) {
      if (!this.listedProperties.has(property)) continue;
      const value = record.properties[property];
      if (value === undefined || value === '') continue;
      if (byEvent === undefined) {
        acc.accountDay ??= this.accountDay(accountId, day);
        byEvent = acc.accountDay.get(eventName);
        if (byEvent === undefined) {
          byEvent = new Map();
          acc.accountDay.set(eventName, byEvent);
        }
      }
      let eventValues = byEvent.get(property);
      if (eventValues === undefined) {
        eventValues = new Map();
        byEvent.set(property, eventValues);
      }
      const ev = eventValues.get(value);
      if (ev) ev.events++;
      else eventValues.set(value, { accountId, day, eventName, property, value, events: 1 });
      acc.propertyUsers ??= new Map();
      let userValues = acc.propertyUsers.get(property);
      if (userValues === undefined) {
        userValues = new Map();
        acc.propertyUsers.set(property, userValues);
      }
      const user = userValues.get(value);
      if (user) user.events++;
      else userValues.set(value, { accountId, day, userKey, property, value, events: 1 });
    }
  }

  private accountDay(accountId: string, day: string): Map<string, Map<string, Map<string, PropertyEventRow>>> {
    const key = `${accountId}\u0000${day}`;
    let found = this.accountDays.get(key);
    if (found === undefined) {
      found = new Map();
      this.accountDays.set(key, found);
    }
    return found;
  }

  rejected(reason: string): void {
    this.rejectedCount++;
    const bucket = reason.slice(0, 120);
    this.rejectReasons[bucket] = (this.rejectReasons[bucket] ?? 0) + 1;
  }

  /** The window's rows, ready for one write transaction. */
  finish(): WindowAggregate {
    const activity: ActivityRow[] = [];
    const items: ItemRow[] = [];
    const propertyUsers: PropertyUserRow[] = [];
    for (const acc of this.activityAcc.values()) {
      if (acc.items) for (const item of acc.items.values()) items.push(item);
      if (acc.propertyUsers)
        for (const values of acc.propertyUsers.values()) for (const row of values.values()) propertyUsers.push(row);
      activity.push({
        accountId: acc.accountId,
        userKey: acc.userKey,
        day: acc.day,
        events: acc.events,
        sessions: acc.eventLevel ? countSessions(acc) : null,
        minutes: acc.eventLevel ? (acc.minutes?.size ?? 0) + acc.reportedMinutes : acc.reportedMinutes,
        firstTs: acc.firstTs,
        lastTs: acc.lastTs,
      });
    }
    for (const item of this.itemAcc.values()) items.push(item);
    const propertyEvents: PropertyEventRow[] = [];
    for (const byEvent of this.accountDays.values())
      for (const byProperty of byEvent.values())
        for (const values of byProperty.values()) for (const row of values.values()) propertyEvents.push(row);
    return {
      propertyEvents,
      propertyUsers,
      activity,
      items,
      guides: [...this.guideAcc.values()],
      keyEvents: [...this.keyEventAcc.values()],
      readableIds: this.readable,
      stats: {
        eventsRead: this.eventsRead,
        duplicates: this.duplicates,
        rejected: this.rejectedCount,
        rejectReasons: this.rejectReasons,
        minDay: this.minDay,
        maxDay: this.maxDay,
      },
    };
  }

  get eventsSoFar(): number {
    return this.eventsRead;
  }

  private userFor(vendorUserId: string, readableUserId: string | null): UserEntry {
    let user = this.userKeys.get(vendorUserId);
    if (user === undefined) {
      const key = this.options.pseudonymize(vendorUserId);
      // Two vendor ids with one key (an HMAC collision) must share the rows, as they did when the key itself was used.
      user = { key, index: this.userIndex.get(key) ?? this.userIndex.size };
      this.userIndex.set(key, user.index);
      this.userKeys.set(vendorUserId, user);
    }
    if (readableUserId && this.options.keepReadableIds && !this.readable.has(user.key))
      this.readable.set(user.key, readableUserId);
    return user;
  }

  private activity(accountId: string, user: UserEntry, day: string, eventLevel: boolean): ActivityAcc {
    const key = `${accountId}\u0000${user.index}\u0000${day}`;
    let acc = this.activityAcc.get(key);
    if (!acc) {
      acc = {
        accountId,
        userKey: user.key,
        day,
        items: null,
        propertyUsers: null,
        accountDay: null,
        events: 0,
        sessionIds: null,
        times: null,
        minutes: null,
        reportedMinutes: 0,
        firstTs: null,
        lastTs: null,
        eventLevel,
      };
      this.activityAcc.set(key, acc);
    }
    return acc;
  }

  private noteDay(day: string): void {
    if (this.minDay === null || day < this.minDay) this.minDay = day;
    if (this.maxDay === null || day > this.maxDay) this.maxDay = day;
  }
}

/** Vendor session ids count as they are; otherwise the 30-minute-gap rule with a 24-hour cap (A6). */
function countSessions(acc: ActivityAcc): number {
  let sessions = acc.sessionIds?.size ?? 0;
  const times = acc.times;
  if (times && times.length > 0) {
    times.sort((a, b) => a - b);
    let start = times[0] as number;
    let previous = start;
    sessions++;
    for (let i = 1; i < times.length; i++) {
      const t = times[i] as number;
      if (t - previous > sessionGapMs || t - start >= sessionCapMs) {
        sessions++;
        start = t;
      }
      previous = t;
    }
  }
  return sessions;
}
