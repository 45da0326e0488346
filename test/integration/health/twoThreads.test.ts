import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoCustomersCsv, generatePortfolio, type RunningSandboxes, startSandboxes } from '../../../src-main/core/demo';
import { memorySecretStore } from '../../../src-main/core/secrets';
import { TASK_THREAD_LIMITS } from '../../../src-main/core/threads';
import { databasePathIn } from '../../../src-main/core/workspace';
import { CoreClient, type CoreClientOptions } from '../../../src-main/worker';
import type { PortfolioHealth } from '../../../src-shared/contract';
import { sandboxConnections, startTestCore } from '../../support/coreHarness';
import { makeTempDir } from '../../support/tempDir';

/**
 * The health recompute shared between the core worker and a task thread (a second connection writing its
 * share of the customers) must store exactly what one thread stores. A synced demo workspace is copied,
 * its health and alerts are wiped (so the recompute back-fills the history and replays six weeks of
 * alerts), and each copy is recomputed through a real CoreClient: on one thread, on two, with a task
 * thread that cannot start, and with one that dies holding unfinished customers. Every snapshot, alert,
 * transition and evaluation must equal the one-thread run's (timestamps and alert ids aside: the
 * runs happen at different moments and in a different order).
 */
const DAYS = 60;
let sb: RunningSandboxes;
let source: ReturnType<typeof makeTempDir>;
const copies: Array<ReturnType<typeof makeTempDir>> = [];

beforeAll(async () => {
  const now = Date.now();
  const portfolio = generatePortfolio({ seed: 11, accounts: 48, days: DAYS, now, minUsers: 6, maxUsers: 30 });
  sb = await startSandboxes({
    portfolio,
    clock: { now: () => now },
    mixpanelQueryLimitPerHour: 100_000,
    mixpanelExportLimitPerSecond: 1_000_000,
  });
  const core = await startTestCore();
  await core.client.call('settings.update', { patch: { timezone: 'UTC', backfillDays: DAYS + 1, lookbackDays: 2 } });
  await core.client.call('customers.import', { csv: demoCustomersCsv(portfolio) });
  for (const input of sandboxConnections(sb)) await core.client.call('connections.create', input);
  const started = Date.now();
  const runs = await core.client.call('sync.run', { connection: null, full: false });
  console.log(`sync and first recompute: ${Date.now() - started} ms`);
  expect(runs.map((r) => r.outcome)).toEqual(['succeeded', 'succeeded', 'succeeded']);
  await core.client.close();
  source = { path: core.dataDir, remove: () => core.close() };
}, 900_000);

afterAll(async () => {
  await source?.remove();
  for (const copy of copies) copy.remove();
  await sb?.close();
});

/** A copy of the synced workspace without any health: the recompute starts from nothing. */
function workspaceCopy(): string {
  const path = copyOf(source.path);
  const db = new BetterSqlite3(databasePathIn(path));
  db.exec('delete from alert_transitions; delete from alerts; delete from alert_evaluations; delete from health_snapshots;');
  db.close();
  return path;
}

/** A copy of a workspace as it is (its health included). */
function copyOf(dataDir: string): string {
  const copy = makeTempDir('pulse-threads-');
  copies.push(copy);
  mkdirSync(copy.path, { recursive: true });
  copyFileSync(databasePathIn(dataDir), databasePathIn(copy.path));
  return copy.path;
}

async function recomputeIn(dataDir: string, options: Partial<CoreClientOptions>) {
  const secrets = memorySecretStore('in-memory (test)');
  const client = await CoreClient.start({
    dataDir,
    host: 'test',
    secrets,
    keychain: { available: false, description: secrets.description, problem: null },
    ...options,
  });
  try {
    // Read (and memoise) the portfolio's health first: after the recompute it must not be served stale.
    const before: PortfolioHealth = await client.call('health.portfolio', {});
    const summary = await client.call('health.recompute', {});
    const after: PortfolioHealth = await client.call('health.portfolio', {});
    return { before, summary, after };
  } finally {
    await client.close();
  }
}

function storedHealth(dataDir: string) {
  const db = new BetterSqlite3(databasePathIn(dataDir), { readonly: true });
  try {
    const snapshots = db
      .prepare(
        `select customer_id, day, score, band, coverage, components_json, config_version, as_of, provisional
         from health_snapshots order by customer_id, day`,
      )
      .all();
    const alerts = db
      .prepare(
        `select a.customer_id, a.rule, a.subject, a.status, a.severity, a.title, a.evidence_json, a.suggested_action,
           a.owner, a.opened_on, a.last_fired_on, a.closed_by, a.condition_cleared, a.note,
           (select json_group_array(json_array(t.from_status, t.to_status, t.actor, t.note))
              from (select * from alert_transitions where alert_id = a.id order by at, rowid) t) as transitions
         from alerts a order by a.customer_id, a.rule, a.subject, a.opened_on`,
      )
      .all();
    const evaluations = db
      .prepare('select customer_id, last_day, config_version from alert_evaluations order by customer_id')
      .all();
    return { snapshots, alerts, evaluations };
  } finally {
    db.close();
  }
}

function logOf(dataDir: string): string {
  return readFileSync(join(dataDir, 'logs', 'pulse.log'), 'utf8');
}

/** The log line the shared recompute writes, parsed. */
function sharedRun(
  dataDir: string,
): { customers: number; byTaskThread: number; threadYoungGenerationMb: number | null; fallback: string | null } | null {
  const line = logOf(dataDir)
    .split('\n')
    .find((l) => l.includes('health recompute shared with a task thread'));
  return line ? JSON.parse(line) : null;
}

/** The summary the last recompute logged (it counts the evaluated days too). */
function lastRecompute(dataDir: string): { customers: number; alertDays: number } | null {
  const line = logOf(dataDir)
    .split('\n')
    .findLast((l) => l.includes('"health recomputed"'));
  return line ? JSON.parse(line) : null;
}

const rowsOf = (p: PortfolioHealth) => p.rows.map((r) => [r.customer.id, r.score, r.band, r.openAlerts]);

describe('health recompute on two threads', () => {
  let reference: { dir: string; summary: unknown; after: PortfolioHealth; stored: ReturnType<typeof storedHealth> };

  beforeAll(async () => {
    const dir = workspaceCopy();
    const started = Date.now();
    const run = await recomputeIn(dir, { taskEntry: null });
    console.log(`one-thread recompute (with the core's start): ${Date.now() - started} ms`);
    reference = { dir, summary: run.summary, after: run.after, stored: storedHealth(dir) };
    expect(sharedRun(dir)).toBeNull();
  }, 300_000);

  it('the one-thread reference recomputed a real history', () => {
    expect(reference.stored.snapshots.length).toBeGreaterThan(48 * 40);
    expect(reference.stored.alerts.length).toBeGreaterThan(0);
    expect(reference.stored.evaluations.length).toBeGreaterThan(10);
  });

  it('stores exactly what one thread stores, with the task thread doing part of the customers', async () => {
    const dir = workspaceCopy();
    const run = await recomputeIn(dir, { taskThreadsFrom: 1 });
    const shared = sharedRun(dir);
    expect(shared?.fallback).toBeNull();
    expect(shared?.byTaskThread).toBeGreaterThan(0);
    expect(shared?.byTaskThread).toBeLessThan(shared?.customers ?? 0);
    // The thread runs with its own small young generation (a recompute's garbage, not the core's default).
    expect(shared?.threadYoungGenerationMb).toBe(TASK_THREAD_LIMITS.maxYoungGenerationSizeMb);
    expect(run.summary).toEqual(reference.summary);
    expect(storedHealth(dir)).toEqual(reference.stored);
    // The core's memoised portfolio saw the task thread's commits.
    expect(rowsOf(run.after)).toEqual(rowsOf(reference.after));
    expect(rowsOf(run.after)).not.toEqual(rowsOf(run.before));
  }, 300_000);

  it('stores what one thread stores on the next recompute too (one alert day each, worked out before the write turn)', async () => {
    // What follows a daily sync: the history is there, so each customer's provisional days are scored
    // again and one day evaluated; its alerts are worked out before the write turn on both threads.
    const oneThread = copyOf(reference.dir);
    const twoThreads = copyOf(reference.dir);
    const one = await recomputeIn(oneThread, { taskEntry: null });
    // A recompute this short would be over before the task thread started: the core lets it go first.
    const two = await recomputeIn(twoThreads, {
      taskThreadsFrom: 1,
      entry: new URL('../../support/taskHeadStartEntry.mjs', import.meta.url),
    });
    expect(sharedRun(twoThreads)?.byTaskThread).toBeGreaterThan(0);
    expect(lastRecompute(oneThread)).toMatchObject({ alertDays: one.summary.customers });
    expect(two.summary).toEqual(one.summary);
    expect(storedHealth(twoThreads)).toEqual(storedHealth(oneThread));
  }, 300_000);

  it('recomputes everything on the core thread when the task thread cannot start, and says so', async () => {
    const dir = workspaceCopy();
    const run = await recomputeIn(dir, { taskThreadsFrom: 1, taskEntry: join(source.path, 'no-such-entry.mjs') });
    expect(sharedRun(dir)?.fallback).toMatch(/could not start/);
    expect(sharedRun(dir)?.byTaskThread).toBe(0);
    expect(run.summary).toEqual(reference.summary);
    expect(storedHealth(dir)).toEqual(reference.stored);
  }, 300_000);

  it('takes over the customers a task thread held when it died mid-way', async () => {
    const dir = workspaceCopy();
    const run = await recomputeIn(dir, {
      taskThreadsFrom: 1,
      taskEntry: new URL('../../support/dyingTaskEntry.mjs', import.meta.url),
    });
    const shared = sharedRun(dir);
    expect(shared?.fallback).toMatch(/task thread stopped/);
    expect(shared?.byTaskThread).toBeGreaterThanOrEqual(2);
    expect(logOf(dir)).toMatch(/its [1-9]\d* unfinished items run on the core's thread/);
    expect(run.summary).toEqual(reference.summary);
    expect(storedHealth(dir)).toEqual(reference.stored);
  }, 300_000);
});
