import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { groundTruth, type RunningSandboxes, startSandboxes } from '../../../src-main/core/demo';
import type { ConnectionSummary } from '../../../src-shared/contract';
import { sandboxConnections, startTestCore } from '../../support/coreHarness';

/**
 * A Mixpanel back-fill under the raw export's real budget (60 requests an hour, 3 a second; no
 * `requestsPerHour` override): a day per request, 90 days waited about an hour for the budget. Complete
 * days now share a request (sized by the events a day holds), and every day is still its own window,
 * committed with its checkpoint, equal to the ground truth.
 */
const DAYS = 60;
const EXPORT = 'mixpanel GET /api/2.0/export';
let sb: RunningSandboxes;
let core: Awaited<ReturnType<typeof startTestCore>>;
let mixpanel: ConnectionSummary;

beforeAll(async () => {
  const now = Date.now();
  sb = await startSandboxes({
    seed: 41,
    accounts: 6,
    days: DAYS,
    clock: { now: () => now },
    // The sandbox's own limiters run on this fixed clock and would never refill; the engine's limiter
    // (real clock) is the one under test.
    mixpanelQueryLimitPerHour: 100_000,
    mixpanelExportLimitPerSecond: 1_000_000,
  });
  core = await startTestCore({});
  await core.client.call('settings.update', { patch: { timezone: 'UTC', backfillDays: DAYS, lookbackDays: 2 } });
  const input = sandboxConnections(sb).find((c) => c.vendor === 'mixpanel');
  if (!input) throw new Error('no Mixpanel sandbox connection');
  const { requestsPerHour: _override, ...settings } = input.settings as Record<string, unknown>;
  mixpanel = await core.client.call('connections.create', { ...input, settings: settings as typeof input.settings });
});
afterAll(async () => {
  await core?.close();
  await sb?.close();
});

async function exportRequests(): Promise<number> {
  const stats = (await (await fetch(`${sb.baseUrl}/__sandbox/stats`)).json()) as { byPath: Record<string, number> };
  return stats.byPath[EXPORT] ?? 0;
}

function stored(): { perAccountDay: Record<string, string>; windows: string[] } {
  const db = new BetterSqlite3(join(core.dataDir, 'pulse.db'), { readonly: true });
  try {
    const rows = db
      .prepare(
        `select account_id, day, sum(events) as events, count(distinct user_key) as users
         from activity_days where connection_id = ? and account_id != '' group by account_id, day`,
      )
      .all(mixpanel.id) as Array<{ account_id: string; day: string; events: number; users: number }>;
    const windows = db
      .prepare('select window_key from sync_windows where connection_id = ? order by window_key')
      .all(mixpanel.id) as Array<{ window_key: string }>;
    return {
      perAccountDay: Object.fromEntries(rows.map((r) => [`${r.account_id}|${r.day}`, `${r.events}/${r.users}`])),
      windows: windows.map((w) => w.window_key),
    };
  } finally {
    db.close();
  }
}

function truth(fromDay: string): Record<string, string> {
  const perKey = new Map<string, { events: number; users: number }>();
  for (const row of groundTruth(sb.portfolio, { vendor: 'mixpanel', timeZone: 'UTC' }).userDays) {
    if (row.day < fromDay) continue;
    const key = `${row.accountId}|${row.day}`;
    const entry = perKey.get(key) ?? { events: 0, users: 0 };
    entry.events += row.events;
    entry.users += 1;
    perKey.set(key, entry);
  }
  return Object.fromEntries([...perKey].map(([k, v]) => [k, `${v.events}/${v.users}`]));
}

const sorted = (record: Record<string, string>) => Object.fromEntries(Object.entries(record).sort());

describe('Mixpanel back-fill under the export budget', () => {
  it('fetches 61 day windows in a handful of export requests, each day committed on its own, equal to the ground truth', async () => {
    const downloading: string[] = [];
    core.client.on('sync.progress', (p) => {
      if (p.connectionId === mixpanel.id && p.phase === 'downloading' && p.message) downloading.push(p.message);
    });
    const before = await exportRequests();
    const [run] = await core.client.call('sync.run', { connection: mixpanel.id, full: false });
    expect([run?.outcome, run?.errorMessage]).toEqual(['succeeded', null]);
    expect(run?.windowsTotal).toBe(DAYS + 1);
    expect(run?.windowsDone).toBe(DAYS + 1);
    // One day first (the volume is unknown), then groups doubling (2, 4, 8, 16) up to 30 complete days,
    // then today alone: 7 requests where a request per day made 61 (and waited for the hourly budget).
    expect((await exportRequests()) - before).toBeLessThanOrEqual(7);
    expect(downloading.some((m) => /^Windows \d{4}-\d\d-\d\d to \d{4}-\d\d-\d\d$/.test(m))).toBe(true);
    const { perAccountDay, windows } = stored();
    expect(windows).toHaveLength(DAYS + 1);
    const firstDay = windows[0] as string;
    expect(Object.keys(perAccountDay).length).toBeGreaterThan(DAYS);
    expect(sorted(perAccountDay)).toEqual(sorted(truth(firstDay)));
    // The garbage of each multi-day request's aggregates is collected before the next request.
    const log = readFileSync(join(core.dataDir, 'logs', 'pulse.log'), 'utf8');
    expect(log.match(/"sync window group done: garbage collected"/g)?.length).toBeGreaterThanOrEqual(2);
  });

  it('fetches a group cut off mid-download again whole: nothing lost, nothing counted twice', async () => {
    const before = stored();
    // The full re-sync asks for its first day alone, then for the next two days together: that request
    // is cut after 2 kB and the connection reset.
    const secondDay = before.windows[1] as string;
    sb.addFault({ kind: 'drop', vendor: 'mixpanel', path: `from_date=${secondDay}&to_date=`, bytes: 2_000, count: 1 });
    const [run] = await core.client.call('sync.run', { connection: mixpanel.id, full: true });
    expect([run?.outcome, run?.errorMessage]).toEqual(['succeeded', null]);
    expect(run?.retries).toBe(1);
    const log = readFileSync(join(core.dataDir, 'logs', 'pulse.log'), 'utf8');
    expect(log).toMatch(/"window failed, retrying".*"window":"\d{4}-\d\d-\d\d to \d{4}-\d\d-\d\d"/);
    expect(stored()).toEqual(before);
  });

  it('a later sync re-fetches the recent days in one request, then today, and leaves the same data', async () => {
    const before = stored();
    const requests = await exportRequests();
    const [run] = await core.client.call('sync.run', { connection: mixpanel.id, full: false });
    expect(run?.outcome).toBe('succeeded');
    // Lookback 2: the two complete days (sized by the stored windows' volume) together, then today.
    expect(run?.windowsTotal).toBe(3);
    expect((await exportRequests()) - requests).toBe(2);
    expect(stored()).toEqual(before);
  });
});
