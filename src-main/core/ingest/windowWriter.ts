import type BetterSqlite3 from 'better-sqlite3';
import { BatchInsert } from './batchInsert';
import type {
  ActivityRow,
  GuideRow,
  ItemRow,
  KeyEventRow,
  PropertyEventRow,
  PropertyUserRow,
  WindowAggregate,
} from './windowAggregator';

export interface WindowCommit {
  connectionId: string;
  stream: string;
  windowKey: string;
  runId: number;
  checkpoint: string;
  aggregate: WindowAggregate;
  now: number;
}

/**
 * Writes one window in ONE transaction: its previous rows are deleted, the new rows inserted, and the
 * stream checkpoint advanced. A crash before COMMIT leaves the previous state intact; re-running
 * the window produces the same rows. Prepared statements are cached per connection.
 */
export class WindowWriter {
  private readonly statements: ReturnType<WindowWriter['prepare']>;
  private readonly batches: ReturnType<WindowWriter['prepareBatches']>;
  /** Connection and window key of the commit being written (read by the batch row mappers). */
  private current = { connectionId: '', key: '' };
  private readonly commitTx: BetterSqlite3.Transaction<(commit: WindowCommit) => number>;

  constructor(private readonly sqlite: BetterSqlite3.Database) {
    this.statements = this.prepare();
    this.batches = this.prepareBatches();
    this.commitTx = sqlite.transaction((commit: WindowCommit) => this.write(commit));
  }

  /** Returns the number of rows written. */
  commit(commit: WindowCommit): number {
    return this.commitTx.immediate(commit);
  }

  /** Deletes every aggregate of a stream (a full re-sync starts from nothing). */
  clearStream(connectionId: string, stream: string): void {
    const s = this.statements;
    this.sqlite
      .transaction(() => {
        const prefix = `${stream}:%`;
        s.deleteActivity.run(connectionId, prefix);
        s.deleteItems.run(connectionId, prefix);
        s.deleteGuides.run(connectionId, prefix);
        s.deleteKeyEvents.run(connectionId, prefix);
        s.deletePropertyEvents.run(connectionId, prefix);
        s.deletePropertyUsers.run(connectionId, prefix);
        s.deleteWindows.run(connectionId, stream);
        s.deleteCheckpoint.run(connectionId, stream);
      })
      .immediate();
  }

  private write(commit: WindowCommit): number {
    const s = this.statements;
    const { connectionId, aggregate } = commit;
    const key = `${commit.stream}:${commit.windowKey}`;
    s.deleteActivityWindow.run(connectionId, key);
    s.deleteItemsWindow.run(connectionId, key);
    s.deleteGuidesWindow.run(connectionId, key);
    s.deleteKeyEventsWindow.run(connectionId, key);
    s.deletePropertyEventsWindow.run(connectionId, key);
    s.deletePropertyUsersWindow.run(connectionId, key);
    this.current = { connectionId, key };
    const b = this.batches;
    let rows = 0;
    // Primary-key order (after connection and window): appends at the B-tree's edge, few page splits.
    // Hand-written comparators (same order as byKeys): ≈ 0.7 s less CPU for 145k rows in the Mixpanel profile.
    rows += b.propertyEvents.run([...(aggregate.propertyEvents ?? [])].sort(comparePropertyEvents));
    rows += b.propertyUsers.run([...(aggregate.propertyUsers ?? [])].sort(comparePropertyUsers));
    rows += b.activity.run([...aggregate.activity].sort(compareActivity));
    rows += b.items.run([...aggregate.items].sort(compareItems));
    rows += b.guides.run(aggregate.guides);
    rows += b.keyEvents.run(aggregate.keyEvents);
    for (const [userKey, readable] of aggregate.readableIds) {
      s.upsertReadableUser.run(connectionId, userKey, readable, commit.now);
    }
    s.upsertCheckpoint.run(connectionId, commit.stream, commit.checkpoint, commit.now);
    s.upsertWindow.run(
      connectionId,
      commit.stream,
      commit.windowKey,
      commit.runId,
      aggregate.stats.eventsRead,
      rows,
      aggregate.stats.minDay,
      aggregate.stats.maxDay,
      commit.now,
    );
    return rows;
  }

  private prepareBatches() {
    const db = this.sqlite;
    const head = (out: unknown[], at: number): void => {
      out[at] = this.current.connectionId;
      out[at + 1] = this.current.key;
    };
    return {
      activity: new BatchInsert<ActivityRow>(
        db,
        'insert into activity_days (connection_id, window_key, account_id, user_key, day, events, sessions, minutes, first_ts, last_ts)',
        10,
        (r, o, i) => {
          head(o, i);
          o[i + 2] = r.accountId;
          o[i + 3] = r.userKey;
          o[i + 4] = r.day;
          o[i + 5] = r.events;
          o[i + 6] = r.sessions;
          o[i + 7] = r.minutes;
          o[i + 8] = r.firstTs;
          o[i + 9] = r.lastTs;
        },
      ),
      items: new BatchInsert<ItemRow>(
        db,
        'insert into item_days (connection_id, window_key, account_id, kind, item_id, day, user_key, events, minutes)',
        9,
        (r, o, i) => {
          head(o, i);
          o[i + 2] = r.accountId;
          o[i + 3] = r.kind;
          o[i + 4] = r.itemId;
          o[i + 5] = r.day;
          o[i + 6] = r.userKey;
          o[i + 7] = r.events;
          o[i + 8] = r.minutes;
        },
      ),
      guides: new BatchInsert<GuideRow>(
        db,
        'insert into guide_days (connection_id, window_key, account_id, user_key, guide_id, step_id, type, day, events, first_ts, last_ts)',
        11,
        (r, o, i) => {
          head(o, i);
          o[i + 2] = r.accountId;
          o[i + 3] = r.userKey;
          o[i + 4] = r.guideId;
          o[i + 5] = r.stepId;
          o[i + 6] = r.type;
          o[i + 7] = r.day;
          o[i + 8] = r.events;
          o[i + 9] = r.firstTs;
          o[i + 10] = r.lastTs;
        },
      ),
      keyEvents: new BatchInsert<KeyEventRow>(
        db,
        'insert or ignore into key_events (connection_id, window_key, account_id, user_key, event_name, ts)',
        6,
        (r, o, i) => {
          head(o, i);
          o[i + 2] = r.accountId;
          o[i + 3] = r.userKey;
          o[i + 4] = r.eventName;
          o[i + 5] = r.ts;
        },
      ),
      propertyEvents: new BatchInsert<PropertyEventRow>(
        db,
        'insert into property_event_days (connection_id, window_key, account_id, day, event_name, property, value, events)',
        8,
        (r, o, i) => {
          head(o, i);
          o[i + 2] = r.accountId;
          o[i + 3] = r.day;
          o[i + 4] = r.eventName;
          o[i + 5] = r.property;
          o[i + 6] = r.value;
          o[i + 7] = r.events;
        },
      ),
      propertyUsers: new BatchInsert<PropertyUserRow>(
        db,
        'insert into property_user_days (connection_id, window_key, account_id, day, user_key, property, value, events)',
        8,
        (r, o, i) => {
          head(o, i);
          o[i + 2] = r.accountId;
          o[i + 3] = r.day;
          o[i + 4] = r.userKey;
          o[i + 5] = r.property;
          o[i + 6] = r.value;
          o[i + 7] = r.events;
        },
      ),
    };
  }

  private prepare() {
    const db = this.sqlite;
    return {
      deleteActivityWindow: db.prepare('delete from activity_days where connection_id = ? and window_key = ?'),
      deleteItemsWindow: db.prepare('delete from item_days where connection_id = ? and window_key = ?'),
      deleteGuidesWindow: db.prepare('delete from guide_days where connection_id = ? and window_key = ?'),
      deleteKeyEventsWindow: db.prepare('delete from key_events where connection_id = ? and window_key = ?'),
      deletePropertyEventsWindow: db.prepare('delete from property_event_days where connection_id = ? and window_key = ?'),
      deletePropertyUsersWindow: db.prepare('delete from property_user_days where connection_id = ? and window_key = ?'),
      deletePropertyEvents: db.prepare('delete from property_event_days where connection_id = ? and window_key like ?'),
      deletePropertyUsers: db.prepare('delete from property_user_days where connection_id = ? and window_key like ?'),
      deleteActivity: db.prepare('delete from activity_days where connection_id = ? and window_key like ?'),
      deleteItems: db.prepare('delete from item_days where connection_id = ? and window_key like ?'),
      deleteGuides: db.prepare('delete from guide_days where connection_id = ? and window_key like ?'),
      deleteKeyEvents: db.prepare('delete from key_events where connection_id = ? and window_key like ?'),
      deleteWindows: db.prepare('delete from sync_windows where connection_id = ? and stream = ?'),
      deleteCheckpoint: db.prepare('delete from sync_streams where connection_id = ? and stream = ?'),
      upsertReadableUser: db.prepare(
        `insert into vendor_users (connection_id, user_key, readable_id, updated_at) values (?,?,?,?)
         on conflict (connection_id, user_key) do update set readable_id = excluded.readable_id, updated_at = excluded.updated_at`,
      ),
      upsertCheckpoint: db.prepare(
        `insert into sync_streams (connection_id, stream, checkpoint, updated_at) values (?,?,?,?)
         on conflict (connection_id, stream) do update set checkpoint = excluded.checkpoint, updated_at = excluded.updated_at`,
      ),
      upsertWindow: db.prepare(
        `insert into sync_windows (connection_id, stream, window_key, run_id, events_read, rows_written, min_day, max_day, committed_at)
         values (?,?,?,?,?,?,?,?,?)
         on conflict (connection_id, stream, window_key) do update set run_id = excluded.run_id, events_read = excluded.events_read,
           rows_written = excluded.rows_written, min_day = excluded.min_day, max_day = excluded.max_day, committed_at = excluded.committed_at`,
      ),
    };
  }
}

// Text keys compare by UTF-16 code units (as byKeys and JavaScript's < do); numbers numerically.
const cmp = (x: string | number, y: string | number): number => (x < y ? -1 : x > y ? 1 : 0);

function comparePropertyEvents(a: PropertyEventRow, b: PropertyEventRow): number {
  return (
    cmp(a.accountId, b.accountId) ||
    cmp(a.day, b.day) ||
    cmp(a.eventName, b.eventName) ||
    cmp(a.property, b.property) ||
    cmp(a.value, b.value)
  );
}

function comparePropertyUsers(a: PropertyUserRow, b: PropertyUserRow): number {
  return (
    cmp(a.accountId, b.accountId) ||
    cmp(a.day, b.day) ||
    cmp(a.userKey, b.userKey) ||
    cmp(a.property, b.property) ||
    cmp(a.value, b.value)
  );
}

function compareActivity(a: ActivityRow, b: ActivityRow): number {
  return cmp(a.accountId, b.accountId) || cmp(a.userKey, b.userKey) || cmp(a.day, b.day);
}

function compareItems(a: ItemRow, b: ItemRow): number {
  return (
    cmp(a.accountId, b.accountId) ||
    cmp(a.kind, b.kind) ||
    cmp(a.itemId, b.itemId) ||
    cmp(a.day, b.day) ||
    cmp(a.userKey, b.userKey)
  );
}
