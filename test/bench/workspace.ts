import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { silentLogger } from '../../src-main/core/ports';
import { openStore } from '../../src-main/core/store';
import { databasePathIn } from '../../src-main/core/workspace';

/**
 * A synced-looking workspace of N customers × ~U users × D days, written straight into the real tables
 * of a real SQLite file opened through the real store (so every migration, index and pragma applies).
 * Syncing that much through the vendor sandboxes would take an hour; what ingest would leave behind is
 * what the queries read, so we write exactly that: CRM customers, two connections (Amplitude for two
 * thirds, Mixpanel for a third, and every tenth customer on both so the primary-source choice runs),
 * vendor accounts and links, per-user activity days, event item days, key-event timestamps, the event
 * catalogue, vendor users, and one committed daily sync window per day and connection. Usage follows
 * the demo's stories (growing, steady, declining, churning) with weekday dips, deterministically
 * seeded, so health and alerts have something to find. Health itself is computed by the real code
 * afterwards (the bench calls health.recompute).
 */
export interface WorkspaceSize {
  customers: number;
  usersPerCustomer: number;
  days: number;
}

export interface BuiltWorkspace {
  dataDir: string;
  size: WorkspaceSize;
  rows: { activityDays: number; itemDays: number; keyEvents: number };
  /** The last synced day (yesterday, UTC). */
  lastDay: string;
  reused: boolean;
}

export const KEY_EVENTS = ['signup_completed', 'report_exported', 'invite_sent'];
const EVENT_NAMES = [
  'page_viewed',
  'dashboard_opened',
  'report_viewed',
  'report_exported',
  'search_performed',
  'filter_applied',
  'comment_added',
  'task_created',
  'task_completed',
  'invite_sent',
  'integration_connected',
  'settings_changed',
  'file_uploaded',
  'chart_created',
  'alert_configured',
  'export_scheduled',
  'signup_completed',
  'workflow_run',
  'api_key_created',
  'billing_viewed',
];
const STORIES = ['growing', 'steady', 'steady', 'declining', 'churning'] as const;
const DAY_MS = 86_400_000;
const BUILDER_VERSION = 3;

/** mulberry32: small, fast, deterministic. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const utcDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const userKey = (customer: number, user: number) =>
  createHash('sha256').update(`bench-user-${customer}-${user}`).digest('base64url').slice(0, 22);

/** How active a customer is on day index d of D (1 = its usual level). */
function storyLevel(story: (typeof STORIES)[number], d: number, days: number, churnAt: number): number {
  const t = d / Math.max(1, days - 1);
  switch (story) {
    case 'growing':
      return 0.5 + 0.8 * t;
    case 'steady':
      return 1;
    case 'declining':
      return 1.2 - 0.9 * t;
    case 'churning':
      return d < churnAt ? 1 : Math.max(0.02, 1 - (d - churnAt) / 20);
  }
}

/**
 * Builds (or reuses) the workspace. The file is cached under the OS temp folder keyed by size, the
 * builder version and the last day, so repeated bench runs on the same day skip the minutes of inserts;
 * the bench works on that folder directly (health recompute is idempotent), and a newer migration is
 * applied to it by the store on open, as it would be to a user's workspace.
 */
export async function buildBenchWorkspace(size: WorkspaceSize, log: (line: string) => void): Promise<BuiltWorkspace> {
  const now = Date.now();
  const todayMs = Math.floor(now / DAY_MS) * DAY_MS;
  const firstMs = todayMs - size.days * DAY_MS;
  const lastDay = utcDay(todayMs - DAY_MS);
  const key = createHash('sha256')
    .update(JSON.stringify([BUILDER_VERSION, size, lastDay]))
    .digest('hex')
    .slice(0, 12);
  const root = join(tmpdir(), 'pulse-bench');
  const dataDir = join(root, `ws-${size.customers}x${size.usersPerCustomer}x${size.days}-${key}`);
  const marker = join(dataDir, 'bench-built.json');
  if (existsSync(marker)) {
    const saved = JSON.parse(readFileSync(marker, 'utf8')) as BuiltWorkspace;
    log(`workspace: reusing ${dataDir}`);
    return { ...saved, reused: true };
  }
  // Older builds of this size are removed: each is hundreds of MB.
  const prefix = `ws-${size.customers}x${size.usersPerCustomer}x${size.days}-`;
  for (const entry of existsSync(root) ? readdirSync(root) : [])
    if (entry.startsWith(prefix)) rmSync(join(root, entry), { recursive: true, force: true });
  const building = `${dataDir}.building`;
  mkdirSync(building, { recursive: true });

  const store = await openStore({ path: databasePathIn(building), clock: { now: () => Date.now() }, logger: silentLogger });
  const db = store.sqlite;
  db.pragma('synchronous = OFF');
  db.pragma('cache_size = -262144');
  const started = Date.now();

  const connections = [
    { id: 'bench-amplitude', vendor: 'amplitude', label: 'Amplitude (bench)' },
    { id: 'bench-mixpanel', vendor: 'mixpanel', label: 'Mixpanel (bench)' },
  ] as const;
  const insertConnection = db.prepare(
    `insert into connections (id, vendor, label, region, base_url, settings_json, created_at, updated_at)
     values (?, ?, ?, 'us', null, ?, ?, ?)`,
  );
  const insertCustomer = db.prepare(
    `insert into customers (id, name, domain, owner, arr, renewal_date, segment, created_at, updated_at)
     values (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertAccount = db.prepare(
    `insert into vendor_accounts (connection_id, account_id, name, domain, properties_json, updated_at) values (?, ?, ?, ?, '{}', ?)`,
  );
  const insertLink = db.prepare(
    `insert into account_links (connection_id, account_id, customer_id, method, confidence, linked_at) values (?, ?, ?, 'domain', 1, ?)`,
  );
  const insertUser = db.prepare(
    `insert into vendor_users (connection_id, user_key, readable_id, account_ids_json, properties_json, updated_at)
     values (?, ?, null, ?, '{}', ?)`,
  );
  const insertActivity = db.prepare(
    `insert into activity_days (connection_id, window_key, account_id, user_key, day, events, sessions, minutes, first_ts, last_ts)
     values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertItem = db.prepare(
    `insert into item_days (connection_id, window_key, account_id, kind, item_id, day, user_key, events, minutes)
     values (?, ?, ?, 'event', ?, ?, ?, ?, ?)`,
  );
  const insertKeyEvent = db.prepare(
    `insert or ignore into key_events (connection_id, window_key, account_id, user_key, event_name, ts) values (?, ?, ?, ?, ?, ?)`,
  );
  const insertCatalog = db.prepare(
    `insert into catalog_items (connection_id, kind, item_id, name, group_name, is_core, details_json, updated_at)
     values (?, 'event', ?, ?, null, ?, '{}', ?)`,
  );
  const insertWindow = db.prepare(
    `insert into sync_windows (connection_id, stream, window_key, run_id, events_read, rows_written, min_day, max_day, committed_at)
     values (?, 'events', ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertStream = db.prepare(
    `insert into sync_streams (connection_id, stream, checkpoint, updated_at) values (?, 'events', ?, ?)`,
  );
  const insertRun = db.prepare(
    `insert into sync_runs (connection_id, trigger, full_resync, started_at, finished_at, outcome, windows_total, windows_done,
       events_read, rows_written) values (?, 'manual', 1, ?, ?, 'succeeded', ?, ?, ?, ?)`,
  );

  const owners = [
    'Ana Silva',
    'Ben Okafor',
    'Chloé Martin',
    'Dev Patel',
    'Emma Larsen',
    'Farah Haddad',
    'Gus Weber',
    'Hana Sato',
  ];
  const segments = ['Enterprise', 'Mid-market', 'SMB'];
  const rows = { activityDays: 0, itemDays: 0, keyEvents: 0 };
  const eventsPerWindow = new Map<string, number>();

  db.transaction(() => {
    for (const c of connections)
      insertConnection.run(c.id, c.vendor, c.label, c.vendor === 'mixpanel' ? '{"projectId":"1"}' : '{}', now, now);
    for (const c of connections)
      EVENT_NAMES.forEach((name, i) => {
        insertCatalog.run(c.id, name, name.replace(/_/g, ' '), i < 6 ? 1 : 0, now);
      });
  })();

  // Customers, accounts, links and users first; then the usage day by day (the order sync writes it in,
  // and the primary-key order of every aggregate table, which keeps the inserts fast).
  interface Member {
    connectionId: string;
    accountId: string;
    keys: string[];
    propensity: number[];
    favourite: number[];
    story: (typeof STORIES)[number];
    churnAt: number;
  }
  const members: Member[] = [];
  const rnd = random(7919);
  db.transaction(() => {
    for (let c = 0; c < size.customers; c++) {
      const story = STORIES[c % STORIES.length] as (typeof STORIES)[number];
      const churnAt = Math.floor(size.days * (0.6 + 0.35 * rnd()));
      const id = `cust-${String(c).padStart(5, '0')}`;
      const domain = `customer${c}.example.com`;
      const users = Math.max(5, Math.round(size.usersPerCustomer * (0.5 + rnd())));
      insertCustomer.run(
        id,
        `Customer ${String(c).padStart(4, '0')} ${['Labs', 'Systems', 'Health', 'Retail', 'Logistics'][c % 5]}`,
        domain,
        owners[c % owners.length],
        Math.round(5_000 + rnd() * 495_000),
        utcDay(todayMs + Math.floor(rnd() * 365 - 30) * DAY_MS),
        segments[c % segments.length],
        now,
        now,
      );
      const propensity = Array.from({ length: users }, () => 0.05 + 0.55 * rnd() ** 1.5);
      const favourite = Array.from({ length: users }, () => Math.floor(rnd() * EVENT_NAMES.length));
      const keys = Array.from({ length: users }, (_, u) => userKey(c, u));
      const onConnections = c % 10 === 0 ? [0, 1] : c % 3 === 2 ? [1] : [0];
      for (const index of onConnections) {
        const connection = connections[index] as (typeof connections)[number];
        const accountId = `acct-${c}`;
        insertAccount.run(connection.id, accountId, `Customer ${c}`, domain, now);
        insertLink.run(connection.id, accountId, id, now);
        // The second source of a two-source customer sees only some of the users, as in real portfolios.
        const member: Member = {
          connectionId: connection.id,
          accountId,
          keys: [],
          propensity: [],
          favourite: [],
          story,
          churnAt,
        };
        for (let u = 0; u < users; u++) {
          if (index !== onConnections[0] && rnd() > 0.4) continue;
          member.keys.push(keys[u] as string);
          member.propensity.push(propensity[u] as number);
          member.favourite.push(favourite[u] as number);
          insertUser.run(connection.id, keys[u], JSON.stringify([accountId]), now);
        }
        members.push(member);
      }
    }
  })();
  members.sort((a, b) =>
    a.connectionId === b.connectionId ? (a.accountId < b.accountId ? -1 : 1) : a.connectionId < b.connectionId ? -1 : 1,
  );

  for (let d = 0; d < size.days; d++) {
    const dayMs = firstMs + d * DAY_MS;
    const day = utcDay(dayMs);
    const windowKey = `events:${day}`;
    const weekend = [0, 6].includes(new Date(dayMs).getUTCDay());
    db.transaction(() => {
      for (const m of members) {
        const level = storyLevel(m.story, d, size.days, m.churnAt) * (weekend ? 0.25 : 1);
        const order = m.keys.map((_, u) => u).sort((a, b) => ((m.keys[a] as string) < (m.keys[b] as string) ? -1 : 1));
        for (const u of order) {
          const p = m.propensity[u] as number;
          if (rnd() >= p * level) continue;
          const key = m.keys[u] as string;
          const events = 1 + Math.floor(rnd() * 40 * p + rnd() * 6);
          const sessions = 1 + Math.floor(rnd() * 3);
          const minutes = Math.max(1, Math.round(events * (0.5 + rnd())));
          const firstTs = dayMs + Math.floor((8 + rnd() * 4) * 3_600_000);
          insertActivity.run(
            m.connectionId,
            windowKey,
            m.accountId,
            key,
            day,
            events,
            sessions,
            minutes,
            firstTs,
            firstTs + minutes * 60_000,
          );
          rows.activityDays++;
          // Most of a user's events are their favourite event; some days one other event too.
          const items = new Map<number, number>([[m.favourite[u] as number, events]]);
          if (events > 1 && rnd() < 0.6) {
            const other = Math.floor(rnd() * EVENT_NAMES.length);
            const share = Math.max(1, Math.floor(events / 3));
            items.set(m.favourite[u] as number, events - share);
            items.set(other, (items.get(other) ?? 0) + share);
          }
          for (const [item, n] of items) {
            const name = EVENT_NAMES[item] as string;
            insertItem.run(
              m.connectionId,
              windowKey,
              m.accountId,
              name,
              day,
              key,
              n,
              Math.max(1, Math.round((minutes * n) / events)),
            );
            rows.itemDays++;
            if (KEY_EVENTS.includes(name)) {
              insertKeyEvent.run(m.connectionId, windowKey, m.accountId, key, name, firstTs + Math.floor(rnd() * 3_600_000));
              rows.keyEvents++;
            }
          }
          const windowId = `${m.connectionId}|${day}`;
          eventsPerWindow.set(windowId, (eventsPerWindow.get(windowId) ?? 0) + events);
        }
      }
    })();
    if ((d + 1) % 73 === 0)
      log(`workspace: day ${d + 1}/${size.days}, ${rows.activityDays.toLocaleString('en-US')} activity days`);
  }

  db.transaction(() => {
    for (const connection of connections) {
      const run = insertRun.run(connection.id, now - 60_000, now, size.days, size.days, 0, 0).lastInsertRowid as number;
      let total = 0;
      for (let d = 0; d < size.days; d++) {
        const day = utcDay(firstMs + d * DAY_MS);
        const events = eventsPerWindow.get(`${connection.id}|${day}`) ?? 0;
        total += events;
        insertWindow.run(connection.id, day, run, events, events, day, day, now - (size.days - d));
      }
      db.prepare('update sync_runs set events_read = ?, rows_written = ? where id = ?').run(total, total, run);
      insertStream.run(connection.id, JSON.stringify({ through: lastDay }), now);
    }
  })();
  // No ANALYZE: the app never runs it, so the planner sees what it sees on a real workspace.
  db.pragma('synchronous = NORMAL');
  await store.close();
  const built: BuiltWorkspace = { dataDir, size, rows, lastDay, reused: false };
  renameSync(building, dataDir);
  writeFileSync(marker, JSON.stringify(built));
  log(
    `workspace: built in ${((Date.now() - started) / 1000).toFixed(1)} s: ${rows.activityDays.toLocaleString('en-US')} activity days, ` +
      `${rows.itemDays.toLocaleString('en-US')} item days, ${rows.keyEvents.toLocaleString('en-US')} key events`,
  );
  return built;
}
