import { join } from 'node:path';
import { makeTempDir } from '../../../test/support/tempDir';
import { addDays, type MetricsContext } from '../metrics';
import { silentLogger } from '../ports';
import { openStore, type Store } from '../store';

/**
 * A tiny real workspace for unit tests of health and alerts: a real SQLite file with every migration,
 * filled by hand with a few users' daily activity, so the engine runs over exactly what a sync writes.
 * Today is `today` (UTC, the reporting zone); `dataThrough` is the newest synced day (default
 * yesterday); with lookbackDays 2, the last two synced days are provisional.
 */
export interface TestWorkspace {
  store: Store;
  ctx: MetricsContext;
  today: string;
  /** Adds a connection (amplitude = event-level, pendo = buckets + guides) with synced history [from, through]. */
  connection(id: string, vendor: 'amplitude' | 'pendo', history: { from: string; through: string }): void;
  customer(
    id: string,
    options?: { owner?: string | null; name?: string; accounts?: Array<[connectionId: string, accountId: string]> },
  ): void;
  /** One user active on each of the days (events per day). */
  activity(connectionId: string, accountId: string, user: string, days: readonly string[], events?: number): void;
  /** One user using a feature (Pendo feature id or Amplitude event name) on each of the days. */
  feature(connectionId: string, accountId: string, user: string, feature: string, days: readonly string[]): void;
  catalogFeature(connectionId: string, id: string, name: string, core: boolean): void;
  guide(connectionId: string, id: string, name: string, steps: string[]): void;
  guideEvent(connectionId: string, accountId: string, user: string, guide: string, step: string, type: string, day: string): void;
  close(): Promise<void>;
}

export async function createTestWorkspace(
  options: { today?: string; lookbackDays?: number; keyEvents?: string[] } = {},
): Promise<TestWorkspace> {
  const today = options.today ?? '2026-03-20';
  const now = Date.parse(`${today}T12:00:00Z`);
  const dir = makeTempDir('pulse-health-');
  const clock = { now: () => now };
  const store = await openStore({ path: join(dir.path, 'pulse.db'), clock, logger: silentLogger });
  const ctx: MetricsContext = {
    store,
    clock,
    settings: {
      timezone: 'UTC',
      weekStart: 'monday',
      keyEvents: options.keyEvents ?? [],
      lookbackDays: options.lookbackDays ?? 2,
      storeReadableUserIds: false,
    },
  };
  const db = store.sqlite;
  return {
    store,
    ctx,
    today,
    connection(id, vendor, history) {
      db.prepare(
        `insert into connections (id, vendor, label, region, base_url, settings_json, created_at, updated_at)
         values (?, ?, ?, 'us', null, '{}', ?, ?)`,
      ).run(id, vendor, `${vendor} ${id}`, now, now);
      db.prepare(
        `insert into sync_windows (connection_id, stream, window_key, run_id, events_read, rows_written, min_day, max_day, committed_at)
         values (?, 'events', 'all', 1, 0, 0, ?, ?, ?)`,
      ).run(id, history.from, history.through, now);
    },
    customer(id, o = {}) {
      db.prepare('insert into customers (id, name, owner, created_at, updated_at) values (?, ?, ?, ?, ?)').run(
        id,
        o.name ?? `Customer ${id}`,
        o.owner === undefined ? 'Alex CSM' : o.owner,
        now,
        now,
      );
      for (const [connectionId, accountId] of o.accounts ?? []) {
        db.prepare(
          `insert into account_links (connection_id, account_id, customer_id, method, confidence, linked_at) values (?, ?, ?, 'id', 1, ?)`,
        ).run(connectionId, accountId, id, now);
      }
    },
    activity(connectionId, accountId, user, days, events = 3) {
      const insert = db.prepare(
        `insert into activity_days (connection_id, window_key, account_id, user_key, day, events, sessions, minutes, first_ts, last_ts)
         values (?, 'w', ?, ?, ?, ?, 1, 5, null, null)`,
      );
      for (const day of days) insert.run(connectionId, accountId, user, day, events);
    },
    feature(connectionId, accountId, user, feature, days) {
      const vendor = (db.prepare('select vendor from connections where id = ?').get(connectionId) as { vendor: string }).vendor;
      const insert = db.prepare(
        `insert into item_days (connection_id, window_key, account_id, kind, item_id, day, user_key, events, minutes) values (?, 'w', ?, ?, ?, ?, ?, 1, 1)`,
      );
      for (const day of days) insert.run(connectionId, accountId, vendor === 'pendo' ? 'feature' : 'event', feature, day, user);
    },
    catalogFeature(connectionId, id, name, core) {
      const vendor = (db.prepare('select vendor from connections where id = ?').get(connectionId) as { vendor: string }).vendor;
      db.prepare(
        `insert into catalog_items (connection_id, kind, item_id, name, group_name, is_core, details_json, updated_at) values (?, ?, ?, ?, null, ?, '{}', ?)`,
      ).run(connectionId, vendor === 'pendo' ? 'feature' : 'event', id, name, core ? 1 : 0, now);
    },
    guide(connectionId, id, name, steps) {
      db.prepare(
        `insert into catalog_items (connection_id, kind, item_id, name, group_name, is_core, details_json, updated_at) values (?, 'guide', ?, ?, null, 0, ?, ?)`,
      ).run(connectionId, id, name, JSON.stringify({ stepIds: steps }), now);
    },
    guideEvent(connectionId, accountId, user, guide, step, type, day) {
      const ts = Date.parse(`${day}T10:00:00Z`);
      db.prepare(
        `insert into guide_days (connection_id, window_key, account_id, user_key, guide_id, step_id, type, day, events, first_ts, last_ts)
         values (?, 'w', ?, ?, ?, ?, ?, ?, 1, ?, ?)`,
      ).run(connectionId, accountId, user, guide, step, type, day, ts, ts);
    },
    async close() {
      await store.close();
      dir.remove();
    },
  };
}

/** Every day of [from, to]. */
export function daysFrom(from: string, to: string): string[] {
  const out: string[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) out.push(d);
  return out;
}
