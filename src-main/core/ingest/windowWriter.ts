import type BetterSqlite3 from 'better-sqlite3';
import type { WindowAggregate } from './windowAggregator';

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
  private readonly commitTx: BetterSqlite3.Transaction<(commit: WindowCommit) => number>;

  constructor(private readonly sqlite: BetterSqlite3.Database) {
    this.statements = this.prepare();
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
    let rows = 0;
    for (const r of aggregate.activity) {
      s.insertActivity.run(
        connectionId,
        key,
        r.accountId,
        r.userKey,
        r.day,
        r.events,
        r.sessions,
        r.minutes,
        r.firstTs,
        r.lastTs,
      );
      rows++;
    }
    for (const r of aggregate.items) {
      s.insertItem.run(connectionId, key, r.accountId, r.kind, r.itemId, r.day, r.userKey, r.events, r.minutes);
      rows++;
    }
    for (const r of aggregate.guides) {
      s.insertGuide.run(
        connectionId,
        key,
        r.accountId,
        r.userKey,
        r.guideId,
        r.stepId,
        r.type,
        r.day,
        r.events,
        r.firstTs,
        r.lastTs,
      );
      rows++;
    }
    for (const r of aggregate.keyEvents) {
      s.insertKeyEvent.run(connectionId, key, r.accountId, r.userKey, r.eventName, r.ts);
      rows++;
    }
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

  private prepare() {
    const db = this.sqlite;
    return {
      deleteActivityWindow: db.prepare('delete from activity_days where connection_id = ? and window_key = ?'),
      deleteItemsWindow: db.prepare('delete from item_days where connection_id = ? and window_key = ?'),
      deleteGuidesWindow: db.prepare('delete from guide_days where connection_id = ? and window_key = ?'),
      deleteKeyEventsWindow: db.prepare('delete from key_events where connection_id = ? and window_key = ?'),
      deleteActivity: db.prepare('delete from activity_days where connection_id = ? and window_key like ?'),
      deleteItems: db.prepare('delete from item_days where connection_id = ? and window_key like ?'),
      deleteGuides: db.prepare('delete from guide_days where connection_id = ? and window_key like ?'),
      deleteKeyEvents: db.prepare('delete from key_events where connection_id = ? and window_key like ?'),
      deleteWindows: db.prepare('delete from sync_windows where connection_id = ? and stream = ?'),
      deleteCheckpoint: db.prepare('delete from sync_streams where connection_id = ? and stream = ?'),
      insertActivity: db.prepare(
        'insert into activity_days (connection_id, window_key, account_id, user_key, day, events, sessions, minutes, first_ts, last_ts) values (?,?,?,?,?,?,?,?,?,?)',
      ),
      insertItem: db.prepare(
        'insert into item_days (connection_id, window_key, account_id, kind, item_id, day, user_key, events, minutes) values (?,?,?,?,?,?,?,?,?)',
      ),
      insertGuide: db.prepare(
        'insert into guide_days (connection_id, window_key, account_id, user_key, guide_id, step_id, type, day, events, first_ts, last_ts) values (?,?,?,?,?,?,?,?,?,?,?)',
      ),
      insertKeyEvent: db.prepare(
        'insert or ignore into key_events (connection_id, window_key, account_id, user_key, event_name, ts) values (?,?,?,?,?,?)',
      ),
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
