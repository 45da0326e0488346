import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Settings } from '../../../../src-shared/contract';
import { silentLogger } from '../../ports';
import { openStore, type Store } from '../../store';
import type { MetricsContext } from '../context';

/**
 * A real SQLite workspace file with the app's migrations, filled row by row by unit tests: the metric
 * SQL runs against the same schema and indexes as in the app, no mocks.
 */
export interface TinyWorkspace {
  ctx: MetricsContext;
  store: Store;
  /** Sets "now" (epoch ms) for the injected clock. */
  setNow(ms: number): void;
  connection(id: string, vendor: 'amplitude' | 'mixpanel' | 'pendo', dataThrough?: string): void;
  customer(id: string, name: string, segment?: string | null): void;
  link(connectionId: string, accountId: string, customerId: string): void;
  activity(row: {
    connection: string;
    account: string;
    user: string;
    day: string;
    events?: number;
    sessions?: number | null;
    minutes?: number;
    window?: string;
  }): void;
  item(row: {
    connection: string;
    account: string;
    kind: 'event' | 'feature' | 'page';
    item: string;
    user: string;
    day: string;
    events?: number;
  }): void;
  keyEvent(row: { connection: string; account: string; user: string; name: string; ts: number; window?: string }): void;
  guide(row: {
    connection: string;
    account: string;
    user: string;
    guide: string;
    step: string;
    type: string;
    day: string;
    events?: number;
  }): void;
  catalog(row: {
    connection: string;
    kind: 'feature' | 'page' | 'guide' | 'event';
    item: string;
    name: string;
    core?: boolean;
    details?: unknown;
  }): void;
  close(): Promise<void>;
}

export async function tinyWorkspace(settings: Partial<MetricsContext['settings']> = {}): Promise<TinyWorkspace> {
  const dir = mkdtempSync(join(tmpdir(), 'pulse-metrics-'));
  let now = Date.parse('2024-06-15T12:00:00Z');
  const clock = { now: () => now };
  const store = await openStore({ path: join(dir, 'pulse.db'), clock, logger: silentLogger });
  const full: MetricsContext['settings'] = {
    timezone: 'UTC',
    weekStart: 'monday',
    keyEvents: ['A', 'B', 'C'],
    lookbackDays: 3,
    storeReadableUserIds: false,
    ...settings,
  } satisfies Partial<Settings>;
  const db = store.sqlite;
  return {
    ctx: { store, clock, settings: full },
    store,
    setNow: (ms) => {
      now = ms;
    },
    connection(id, vendor, dataThrough) {
      db.prepare(
        `insert into connections (id, vendor, label, region, base_url, settings_json, created_at, updated_at) values (?,?,?,?,?,?,?,?)`,
      ).run(id, vendor, `${vendor} ${id}`, 'us', null, '{}', 0, 0);
      if (dataThrough)
        db.prepare(
          `insert into sync_windows (connection_id, stream, window_key, run_id, events_read, rows_written, min_day, max_day, committed_at)
           values (?, 'events', 'w1', 1, 0, 0, '2000-01-01', ?, 1)`,
        ).run(id, dataThrough);
    },
    customer(id, name, segment = null) {
      db.prepare(
        `insert into customers (id, name, domain, owner, arr, renewal_date, segment, created_at, updated_at) values (?,?,?,?,?,?,?,?,?)`,
      ).run(id, name, null, null, null, null, segment, 0, 0);
    },
    link(connectionId, accountId, customerId) {
      db.prepare(
        `insert into vendor_accounts (connection_id, account_id, name, domain, properties_json, updated_at) values (?,?,?,?,?,?)
         on conflict do nothing`,
      ).run(connectionId, accountId, accountId, null, '{}', 0);
      db.prepare(
        `insert into account_links (connection_id, account_id, customer_id, method, confidence, linked_at) values (?,?,?,?,?,?)`,
      ).run(connectionId, accountId, customerId, 'manual', 1, 0);
    },
    activity(r) {
      db.prepare(
        `insert into activity_days (connection_id, window_key, account_id, user_key, day, events, sessions, minutes, first_ts, last_ts)
         values (?,?,?,?,?,?,?,?,null,null)`,
      ).run(
        r.connection,
        r.window ?? 'w1',
        r.account,
        r.user,
        r.day,
        r.events ?? 1,
        r.sessions === undefined ? 1 : r.sessions,
        r.minutes ?? 1,
      );
    },
    item(r) {
      db.prepare(
        `insert into item_days (connection_id, window_key, account_id, kind, item_id, day, user_key, events, minutes) values (?,?,?,?,?,?,?,?,0)`,
      ).run(r.connection, 'w1', r.account, r.kind, r.item, r.day, r.user, r.events ?? 1);
    },
    keyEvent(r) {
      db.prepare(
        `insert into key_events (connection_id, window_key, account_id, user_key, event_name, ts) values (?,?,?,?,?,?)`,
      ).run(r.connection, r.window ?? 'w1', r.account, r.user, r.name, r.ts);
    },
    guide(r) {
      db.prepare(
        `insert into guide_days (connection_id, window_key, account_id, user_key, guide_id, step_id, type, day, events, first_ts, last_ts)
         values (?,?,?,?,?,?,?,?,?,0,0)`,
      ).run(r.connection, 'w1', r.account, r.user, r.guide, r.step, r.type, r.day, r.events ?? 1);
    },
    catalog(r) {
      db.prepare(
        `insert into catalog_items (connection_id, kind, item_id, name, group_name, is_core, details_json, updated_at) values (?,?,?,?,?,?,?,0)`,
      ).run(r.connection, r.kind, r.item, r.name, null, r.core ? 1 : 0, JSON.stringify(r.details ?? {}));
    },
    async close() {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
