import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { groundTruth, type RunningSandboxes, startSandboxes } from '../../../src-main/core/demo';
import type { ConnectionSummary } from '../../../src-shared/contract';
import { sandboxConnections, startTestCore } from '../../support/coreHarness';

/**
 * The engine end to end: three sandboxes speaking the vendors' protocols, the real core worker, a
 * real database file. Stored aggregates must equal the demo portfolio's ground truth exactly, also
 * after re-running windows, a full re-sync, and a worker crash in the middle of a sync.
 */
const DAYS = 10;
let sb: RunningSandboxes;
let core: Awaited<ReturnType<typeof startTestCore>>;
let connections: ConnectionSummary[];

beforeAll(async () => {
  const now = Date.now();
  sb = await startSandboxes({
    seed: 7,
    accounts: 10,
    days: DAYS,
    clock: { now: () => now },
    mixpanelQueryLimitPerHour: 100_000,
    mixpanelExportLimitPerSecond: 1_000_000,
  });
  core = await startTestCore({ allowDiagnostics: true });
  await core.client.call('settings.update', { patch: { timezone: 'UTC', backfillDays: DAYS + 1, lookbackDays: 2 } });
  connections = [];
  for (const input of sandboxConnections(sb)) connections.push(await core.client.call('connections.create', input));
});
afterAll(async () => {
  await core?.close();
  await sb?.close();
});

function db(): BetterSqlite3.Database {
  return new BetterSqlite3(join(core.dataDir, 'pulse.db'), { readonly: true });
}

function storedPerAccountDay(connectionId: string): Map<string, { events: number; users: number }> {
  const conn = db();
  try {
    const rows = conn
      .prepare(
        `select account_id, day, sum(events) as events, count(distinct user_key) as users
         from activity_days where connection_id = ? and account_id != '' group by account_id, day`,
      )
      .all(connectionId) as Array<{ account_id: string; day: string; events: number; users: number }>;
    return new Map(rows.map((r) => [`${r.account_id}|${r.day}`, { events: r.events, users: r.users }]));
  } finally {
    conn.close();
  }
}

function truthPerAccountDay(vendor: 'amplitude' | 'mixpanel' | 'pendo'): Map<string, { events: number; users: number }> {
  // Pendo processes a day after it ends: the newest Pendo window is yesterday in its own zone.
  const yesterdayInPendoZone = new Intl.DateTimeFormat('en-CA', { timeZone: sb.pendo.timeZone }).format(
    new Date(sb.portfolio.now - 86_400_000),
  );
  const truth = groundTruth(sb.portfolio, {
    vendor,
    timeZone: sb.pendo.timeZone,
    ...(vendor === 'pendo' ? { toDay: yesterdayInPendoZone } : {}),
  });
  const out = new Map<string, { events: number; users: number }>();
  for (const row of truth.userDays) {
    const key = `${row.accountId}|${row.day}`;
    const entry = out.get(key) ?? { events: 0, users: 0 };
    entry.events += row.events;
    entry.users += 1;
    out.set(key, entry);
  }
  return out;
}

/** Only days both sides cover: the back-fill starts at a day boundary, history may start earlier. */
function expectEqualOnSyncedDays(
  stored: Map<string, { events: number; users: number }>,
  truth: Map<string, { events: number; users: number }>,
) {
  const firstDay = [...stored.keys()].map((k) => k.split('|')[1] as string).sort()[0] as string;
  const relevantTruth = new Map([...truth].filter(([k]) => (k.split('|')[1] as string) >= firstDay));
  expect(stored.size).toBeGreaterThan(0);
  expect(Object.fromEntries([...stored].sort())).toEqual(Object.fromEntries([...relevantTruth].sort()));
}

describe('sync of all three sandboxes into a real database', () => {
  it('back-fills every connection and matches the ground truth exactly', async () => {
    const runs = await core.client.call('sync.run', { connection: null, full: false });
    expect(runs.map((r) => [r.outcome, r.errorMessage])).toEqual([
      ['succeeded', null],
      ['succeeded', null],
      ['succeeded', null],
    ]);
    for (const run of runs) {
      expect(run.windowsDone).toBe(run.windowsTotal);
      expect(run.eventsRead).toBeGreaterThan(0);
    }
    const byVendor = Object.fromEntries(connections.map((c) => [c.vendor, c.id]));
    expectEqualOnSyncedDays(storedPerAccountDay(byVendor.amplitude as string), truthPerAccountDay('amplitude'));
    expectEqualOnSyncedDays(storedPerAccountDay(byVendor.mixpanel as string), truthPerAccountDay('mixpanel'));
    expectEqualOnSyncedDays(storedPerAccountDay(byVendor.pendo as string), truthPerAccountDay('pendo'));
    // Each sync's windows leave their garbage collected before the health recompute (and once more at its end).
    const log = readFileSync(join(core.dataDir, 'logs', 'pulse.log'), 'utf8');
    expect(log.match(/"sync windows done: garbage collected"/g)?.length).toBe(2 * runs.length);
  });

  it('links vendor accounts to customers across vendors and records accuracy', async () => {
    const conn = db();
    try {
      const customers = conn.prepare('select count(*) as n from customers').get() as { n: number };
      expect(customers.n).toBe(sb.portfolio.customers.filter((c) => Object.keys(c.vendorIds).length > 0).length);
      const unlinked = conn
        .prepare(
          `select count(*) as n from vendor_accounts va left join account_links al using (connection_id, account_id) where al.customer_id is null and va.account_id != ''`,
        )
        .get() as { n: number };
      expect(unlinked.n).toBe(0);
      // A customer tracked by several vendors is one customer with several links.
      const multi = sb.portfolio.customers.filter((c) => Object.keys(c.vendorIds).length > 1).length;
      const linkedToMany = conn
        .prepare('select count(*) as n from (select customer_id from account_links group by customer_id having count(*) > 1)')
        .get() as { n: number };
      expect(linkedToMany.n).toBe(multi);
    } finally {
      conn.close();
    }
    const runs = await core.client.call('sync.runs', { connection: null, limit: 3 });
    const amplitudeRun = runs.find((r) => r.connectionId === connections.find((c) => c.vendor === 'amplitude')?.id);
    expect(amplitudeRun?.accuracyPct).toBe(100);
  });

  it('re-running the recent windows and a full re-sync leave identical aggregates', async () => {
    const before = connections.map((c) => storedPerAccountDay(c.id));
    const again = await core.client.call('sync.run', { connection: null, full: false });
    expect(again.every((r) => r.outcome === 'succeeded')).toBe(true);
    expect(again.every((r) => r.windowsTotal > 0 && r.windowsTotal <= 4)).toBe(true);
    expect(connections.map((c) => storedPerAccountDay(c.id))).toEqual(before);
    const full = await core.client.call('sync.run', { connection: 'Mixpanel (demo)', full: true });
    expect(full[0]?.outcome).toBe('succeeded');
    expect(connections.map((c) => storedPerAccountDay(c.id))).toEqual(before);
  });

  it('loses at most the window in flight when the worker dies mid-sync, and resumes to the same data', async () => {
    const amplitude = connections.find((c) => c.vendor === 'amplitude') as ConnectionSummary;
    const before = storedPerAccountDay(amplitude.id);
    const firstWindowSaved = new Promise<void>((resolve) =>
      core.client.on('sync.progress', (p) => {
        if (p.connectionId === amplitude.id && p.phase === 'writing' && p.window >= 2) resolve();
      }),
    );
    const running = core.client.call('sync.run', { connection: amplitude.id, full: true }).catch((e: unknown) => e);
    await firstWindowSaved;
    await core.client.call('diagnostics.crash', {}).catch(() => undefined);
    expect(await running).toMatchObject({ code: 'CORE_RESTARTED' });

    const runsAfterCrash = await core.client.call('sync.runs', { connection: amplitude.id, limit: 1 });
    expect(runsAfterCrash[0]?.outcome).toBe('interrupted');
    const resumed = await core.client.call('sync.run', { connection: amplitude.id, full: false });
    expect(resumed[0]?.outcome).toBe('succeeded');
    expect(storedPerAccountDay(amplitude.id)).toEqual(before);
  });
});
