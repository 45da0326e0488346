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

/**
 * Folds one sync window's canonical records into daily rows in memory. Memory grows with distinct
 * (account, user, day, item) keys, not with events, so a window of millions of events stays small.
 */
export class WindowAggregator implements IngestSink {
  private readonly dayOf: (ts: number) => string;
  private readonly userKeys = new Map<string, string>();
  private readonly activityAcc = new Map<string, ActivityAcc>();
  private readonly itemAcc = new Map<string, ItemRow>();
  private readonly guideAcc = new Map<string, GuideRow>();
  private readonly keyEventAcc = new Map<string, KeyEventRow>();
  private readonly seenInsertIds = new Set<string>();
  private readonly listedProperties: ReadonlySet<string>;
  private readonly propertyEventAcc = new Map<string, PropertyEventRow>();
  private readonly propertyUserAcc = new Map<string, PropertyUserRow>();
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
    if (record.insertId !== null) {
      // The same insert id under two accounts is one event counted for each account (G7).
      const dedupeKey = `${record.accountId ?? noAccount}\u0000${record.insertId}`;
      if (this.seenInsertIds.has(dedupeKey)) {
        this.duplicates++;
        return;
      }
      this.seenInsertIds.add(dedupeKey);
    }
    const accountId = record.accountId ?? noAccount;
    const userKey = this.keyFor(record.userId, record.readableUserId);
    const day = this.dayOf(record.ts);
    this.noteDay(day);

    const acc = this.activity(accountId, userKey, day, true);
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

    const itemKey = `${accountId}\u0000event\u0000${record.name}\u0000${day}\u0000${userKey}`;
    const item = this.itemAcc.get(itemKey);
    if (item) item.events++;
    else this.itemAcc.set(itemKey, { accountId, kind: 'event', itemId: record.name, day, userKey, events: 1, minutes: 0 });

    if (record.properties && this.listedProperties.size > 0) this.addProperties(record, accountId, userKey, day);

    if (this.options.keyEvents.has(record.name)) {
      const key = `${accountId}\u0000${userKey}\u0000${record.name}\u0000${record.ts}`;
      if (!this.keyEventAcc.has(key)) this.keyEventAcc.set(key, { accountId, userKey, eventName: record.name, ts: record.ts });
    }
  }

  bucket(record: CanonicalBucket): void {
    this.eventsRead += record.events;
    const accountId = record.accountId ?? noAccount;
    const userKey = this.keyFor(record.userId, record.readableUserId);
    this.noteDay(record.day);
    if (record.kind === 'activity') {
      const acc = this.activity(accountId, userKey, record.day, false);
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
    const userKey = this.keyFor(record.userId, null);
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

  private addProperties(record: CanonicalEvent, accountId: string, userKey: string, day: string): void {
    for (const property in record.properties) {
      if (!this.listedProperties.has(property)) continue;
      const value = record.properties[property];
      if (value === undefined || value === '') continue;
      const eventKey = `${accountId}\u0000${day}\u0000${record.name}\u0000${property}\u0000${value}`;
      const ev = this.propertyEventAcc.get(eventKey);
      if (ev) ev.events++;
      else this.propertyEventAcc.set(eventKey, { accountId, day, eventName: record.name, property, value, events: 1 });
      const userRowKey = `${accountId}\u0000${day}\u0000${userKey}\u0000${property}\u0000${value}`;
      const user = this.propertyUserAcc.get(userRowKey);
      if (user) user.events++;
      else this.propertyUserAcc.set(userRowKey, { accountId, day, userKey, property, value, events: 1 });
    }
  }

  rejected(reason: string): void {
    this.rejectedCount++;
    const bucket = reason.slice(0, 120);
    this.rejectReasons[bucket] = (this.rejectReasons[bucket] ?? 0) + 1;
  }

  /** The window's rows, ready for one write transaction. */
  finish(): WindowAggregate {
    const activity: ActivityRow[] = [];
    for (const acc of this.activityAcc.values()) {
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
    return {
      propertyEvents: [...this.propertyEventAcc.values()],
      propertyUsers: [...this.propertyUserAcc.values()],
      activity,
      items: [...this.itemAcc.values()],
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

  private keyFor(vendorUserId: string, readableUserId: string | null): string {
    let key = this.userKeys.get(vendorUserId);
    if (key === undefined) {
      key = this.options.pseudonymize(vendorUserId);
      this.userKeys.set(vendorUserId, key);
    }
    if (readableUserId && this.options.keepReadableIds && !this.readable.has(key)) this.readable.set(key, readableUserId);
    return key;
  }

  private activity(accountId: string, userKey: string, day: string, eventLevel: boolean): ActivityAcc {
    const key = `${accountId}\u0000${userKey}\u0000${day}`;
    let acc = this.activityAcc.get(key);
    if (!acc) {
      acc = {
        accountId,
        userKey,
        day,
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
