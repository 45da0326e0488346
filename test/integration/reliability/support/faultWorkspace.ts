import { spawn } from 'node:child_process';
import { cpSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { build } from 'esbuild';
import type { Core } from '../../../../src-main/core';
import { type RunningSandboxes, type SandboxOptions, startSandboxes } from '../../../../src-main/core/demo';
import { type Clock, systemClock } from '../../../../src-main/core/ports';
import { CoreClient } from '../../../../src-main/worker';
import { openInProcessCore, sandboxConnections } from '../../../support/coreHarness';
import { fileSecretStore } from './fileSecretStore';

/** A small portfolio keeps the whole fault suite within its CI budget. */
export const FAULT_SUITE_DAYS = 6;

export async function startSmallSandboxes(options: SandboxOptions = {}): Promise<RunningSandboxes> {
  const now = Date.now();
  return startSandboxes({
    seed: 11,
    accounts: 6,
    days: FAULT_SUITE_DAYS,
    clock: { now: () => now },
    mixpanelQueryLimitPerHour: 100_000,
    mixpanelExportLimitPerSecond: 1_000_000,
    ...options,
  });
}

export interface WorkspaceTemplate {
  /** A workspace with settings and the three sandbox connections, never synced. */
  dataDir: string;
  secretsFile: string;
}

/**
 * Sets a workspace up once; tests copy it so a clean run and a faulted run share connection ids,
 * credentials and the workspace user-key secret, and their tables can be compared row for row.
 *
 * Key events found in saved funnels are only recorded from the sync that finds them on (documented:
 * "run a full sync to compute these funnels over past data"), so what a sync stores depends on what
 * earlier syncs found. A throwaway sync discovers them first and the template starts with them, so
 * every run of the suite stores the same rows whatever its history.
 */
export async function prepareTemplate(sb: RunningSandboxes, root: string, bundle: string): Promise<WorkspaceTemplate> {
  const dataDir = join(root, 'template');
  const secretsFile = join(root, 'secrets.json');
  const secrets = fileSecretStore(secretsFile);
  const client = await CoreClient.start({
    dataDir,
    host: 'test',
    secrets,
    keychain: { available: false, description: secrets.description, problem: null },
  });
  try {
    await client.call('settings.update', {
      patch: { timezone: 'UTC', backfillDays: FAULT_SUITE_DAYS + 1, lookbackDays: 2 },
    });
    for (const input of sandboxConnections(sb)) {
      // Cohort downloads poll every 2 s by default; the sandbox answers at once.
      const settings = input.vendor === 'amplitude' ? { ...input.settings, cohortPollMs: 20 } : input.settings;
      await client.call('connections.create', { ...input, settings });
    }
  } finally {
    await client.close();
  }
  const template = { dataDir, secretsFile };
  const discovery = copyWorkspace(template, join(root, 'discovery'));
  const run = await runSyncChild(bundle, template, discovery);
  if (!run.lines.at(-1)?.done) throw new Error(`The discovery sync failed: ${JSON.stringify(run.lines.at(-1))} ${run.stderr}`);
  const discovered = new BetterSqlite3(join(discovery, 'pulse.db'), { readonly: true });
  const keyEvents = discovered.prepare(`select value_json, updated_at from settings where key = 'keyEvents'`).get() as
    | { value_json: string; updated_at: number }
    | undefined;
  discovered.close();
  rmSync(discovery, { recursive: true, force: true });
  if (keyEvents) {
    const db = new BetterSqlite3(join(dataDir, 'pulse.db'));
    db.prepare(
      `insert into settings (key, value_json, updated_at) values ('keyEvents', ?, ?)
       on conflict (key) do update set value_json = excluded.value_json`,
    ).run(keyEvents.value_json, keyEvents.updated_at);
    db.close();
  }
  return template;
}

export function copyWorkspace(template: WorkspaceTemplate, target: string): string {
  cpSync(template.dataDir, target, { recursive: true });
  return target;
}

/** A core on a copy of the template, in this process (faults are toggled on the sandboxes between calls). */
export async function startCopyCore(template: WorkspaceTemplate, target: string, allowDiagnostics = false) {
  copyWorkspace(template, target);
  const secrets = fileSecretStore(template.secretsFile);
  return CoreClient.start({
    dataDir: target,
    host: 'test',
    secrets,
    keychain: { available: false, description: secrets.description, problem: null },
    allowDiagnostics,
  });
}

/**
 * Everything a sync produces, minus what legitimately differs between two runs of the same data (see
 * VOLATILE_COLUMN), with the random customer ids replaced by the customer's name.
 */
const COMPARED_TABLES = [
  'activity_days',
  'item_days',
  'guide_days',
  'key_events',
  'vendor_accounts',
  'vendor_users',
  'account_links',
  'customers',
  'catalog_items',
  'cohorts',
  'cohort_members',
  'saved_funnels',
  'sync_streams',
  'health_snapshots',
] as const;

/**
 * Ids, timestamps and run numbers differ between any two runs. So does a stream's checkpoint: it is a
 * cursor derived from the wall clock (Amplitude: "uploaded through now − 2 h"), so two runs either side
 * of an hour differ there while holding the same data. The stream rows themselves are still compared.
 */
const VOLATILE_COLUMN = /(^id$|_at$|^run_id$|^checkpoint$)/;

export type WorkspaceSnapshot = Record<string, string[]>;

export function aggregateSnapshot(dataDir: string): WorkspaceSnapshot {
  const db = new BetterSqlite3(join(dataDir, 'pulse.db'), { readonly: true, fileMustExist: true });
  try {
    const customerNames = new Map(
      (db.prepare('select id, name from customers').all() as Array<{ id: string; name: string }>).map((r) => [r.id, r.name]),
    );
    const snapshot: WorkspaceSnapshot = {};
    for (const table of COMPARED_TABLES) {
      const columns = (db.prepare(`pragma table_info(${table})`).all() as Array<{ name: string }>)
        .map((c) => c.name)
        .filter((name) => !VOLATILE_COLUMN.test(name));
      if (columns.length === 0) continue;
      const rows = db.prepare(`select ${columns.join(', ')} from ${table}`).all() as Array<Record<string, unknown>>;
      snapshot[table] = rows
        .map((row) => {
          if (typeof row.customer_id === 'string') row.customer_id = customerNames.get(row.customer_id) ?? row.customer_id;
          if (table === 'health_snapshots') row.components_json = withoutUnavailableReason(String(row.components_json));
          return JSON.stringify(row);
        })
        .sort();
    }
    return snapshot;
  } finally {
    db.close();
  }
}

/**
 * A known, history-dependent label (reported in docs/reliability.md): a health day that no later sync
 * touches keeps the "why unavailable" reason of when it was computed ('not-in-source' before the
 * customer's Pendo account was linked, 'not-computed' after). Scores, bands and coverage are compared.
 */
function withoutUnavailableReason(componentsJson: string): string {
  const components = JSON.parse(componentsJson) as Array<Record<string, unknown>>;
  return JSON.stringify(components.map(({ unavailable: _reason, ...rest }) => rest));
}

/** Row counts per table, for assertions that a comparison was not vacuous. */
export function snapshotSizes(snapshot: WorkspaceSnapshot): Record<string, number> {
  return Object.fromEntries(Object.entries(snapshot).map(([table, rows]) => [table, rows.length]));
}

export interface ChildRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  lines: Array<Record<string, unknown>>;
  stderr: string;
  /** From the first progress event to the exit. */
  syncMs: number;
}

/**
 * Bundles `syncChild.ts` into one file so that each child process starts in well under a second: the
 * suite starts twenty-odd Pulse processes, and loading the core through tsx costs ~10 s of CPU each.
 */
export async function bundleSyncChild(): Promise<string> {
  // Inside the repository so that the native modules left out of the bundle resolve from node_modules.
  const outfile = join(process.cwd(), 'node_modules', '.cache', 'pulse-reliability', `syncChild-${process.pid}.mjs`);
  await build({
    entryPoints: [join(import.meta.dirname, 'syncChild.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    external: ['better-sqlite3', 'keytar', 'electron'],
    banner: { js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);" },
    logLevel: 'silent',
  });
  return outfile;
}

/**
 * Runs the bundled sync child as a separate Pulse process. `killAfterSyncStartMs` sends SIGKILL that long after
 * the sync reported its first progress (process start-up is not part of the sync being interrupted).
 */
export function runSyncChild(
  bundle: string,
  template: WorkspaceTemplate,
  dataDir: string,
  options: { killAfterSyncStartMs?: number } = {},
) {
  const child = spawn(process.execPath, [bundle, dataDir, template.secretsFile], {
    cwd: process.cwd(),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let stderr = '';
  let timer: NodeJS.Timeout | null = null;
  let syncStarted: number | null = null;
  child.stdout.on('data', (chunk: Buffer) => {
    out += chunk.toString();
    if (syncStarted === null && out.includes('"progress"')) {
      syncStarted = Date.now();
      if (options.killAfterSyncStartMs !== undefined) {
        timer = setTimeout(() => child.kill('SIGKILL'), options.killAfterSyncStartMs);
      }
    }
  });
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  return new Promise<ChildRun>((resolve) => {
    child.on('close', (code, signal) => {
      if (timer) clearTimeout(timer);
      const lines = out
        .split('\n')
        .filter((line) => line.startsWith('{'))
        .map((line) => JSON.parse(line) as Record<string, unknown>);
      resolve({ code, signal, lines, stderr, syncMs: syncStarted === null ? 0 : Date.now() - syncStarted });
    });
  });
}

/** A seeded generator (mulberry32) so a failing kill sequence can be replayed from the printed seed. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * The core in this process on a workspace copy (the way the worker runs it), so a test can reach the
 * real SQLite connection, e.g. to cap its size with `PRAGMA max_page_count` (a per-connection limit).
 */
export async function openCoreOn(
  template: WorkspaceTemplate,
  dataDir: string,
  options: { sleep?: (ms: number, signal?: AbortSignal) => Promise<void>; clock?: Clock } = {},
): Promise<Core> {
  return openInProcessCore({
    ...(options.sleep ? { sleep: options.sleep } : {}),
    dataDir,
    clock: options.clock ?? systemClock,
    secrets: fileSecretStore(template.secretsFile),
  });
}

/** The rows one connection owns (usage, users, accounts, catalogue, checkpoints), for per-vendor faults. */
export function connectionRows(snapshot: WorkspaceSnapshot, connectionId: string): WorkspaceSnapshot {
  const owned = ['activity_days', 'item_days', 'guide_days', 'key_events', 'vendor_accounts', 'vendor_users'];
  const extra = ['catalog_items', 'cohorts', 'cohort_members', 'saved_funnels', 'sync_streams'];
  const out: WorkspaceSnapshot = {};
  for (const table of [...owned, ...extra]) {
    out[table] = (snapshot[table] ?? []).filter((row) => row.includes(`"connection_id":"${connectionId}"`));
  }
  return out;
}
