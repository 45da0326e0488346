import { spawn } from 'node:child_process';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../../src-main/core';
import type { RunningSandboxes } from '../../../src-main/core/demo';
import { makeTempDir } from '../../support/tempDir';
import {
  aggregateSnapshot,
  bundleSyncChild,
  copyWorkspace,
  openCoreOn,
  prepareTemplate,
  runSyncChild,
  startSmallSandboxes,
  type WorkspaceSnapshot,
  type WorkspaceTemplate,
} from './support/faultWorkspace';

/**
 * The desktop app and `pulse sync` on the same workspace at once: SQLite serialises their writes (WAL,
 * a busy timeout), nothing is corrupted, and a write that cannot get the lock in time is refused with
 * a clear "in use" message instead of an internal error.
 */
let sb: RunningSandboxes;
let root: ReturnType<typeof makeTempDir>;
let template: WorkspaceTemplate;
let bundle: string;
let expected: WorkspaceSnapshot;

beforeAll(async () => {
  sb = await startSmallSandboxes();
  root = makeTempDir('pulse-twoproc-');
  bundle = await bundleSyncChild();
  template = await prepareTemplate(sb, root.path, bundle);
  const cleanDir = copyWorkspace(template, join(root.path, 'clean'));
  const clean = await runSyncChild(bundle, template, cleanDir);
  expect(clean.lines.at(-1), clean.stderr).toMatchObject({ done: [{ outcome: 'succeeded' }, {}, {}] });
  expected = aggregateSnapshot(cleanDir);
});
afterAll(async () => {
  await sb?.close();
  root?.remove();
});

/** Another process holding the workspace's write lock (BEGIN IMMEDIATE) until it is told to let go. */
async function holdWriteLock(dbPath: string, holdMs: number): Promise<{ released: Promise<void> }> {
  const script = `
    const Database = require('better-sqlite3');
    const db = new Database(process.argv[1]);
    db.exec('begin immediate');
    console.log('locked');
    setTimeout(() => { db.exec('rollback'); db.close(); console.log('released'); }, Number(process.argv[2]));
  `;
  const child = spawn(process.execPath, ['-e', script, dbPath, String(holdMs)], { cwd: process.cwd() });
  let out = '';
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('locked')) resolve();
    });
    child.on('exit', (code) => reject(new Error(`the lock holder exited early (${code})`)));
  });
  return { released: new Promise<void>((resolve) => child.on('exit', () => resolve())) };
}

describe('two Pulse processes on the same workspace', () => {
  it('the app and the CLI syncing at the same time: both finish, no corruption, same data as a clean run', async () => {
    const dir = copyWorkspace(template, join(root.path, 'both'));
    const [app, cli] = await Promise.all([runSyncChild(bundle, template, dir), runSyncChild(bundle, template, dir)]);
    for (const run of [app, cli]) {
      const last = run.lines.at(-1) as { done?: Array<{ outcome: string; error: string | null }>; error?: { code: string } };
      // Each finishes its sync; should one ever lose the race for the lock, it says so (DB_BUSY), never INTERNAL.
      if (last.error) expect(last.error.code).toBe('DB_BUSY');
      else expect(last.done?.map((r) => r.outcome)).toEqual(['succeeded', 'succeeded', 'succeeded']);
    }
    const db = new BetterSqlite3(join(dir, 'pulse.db'), { readonly: true });
    try {
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    } finally {
      db.close();
    }
    const final = await runSyncChild(bundle, template, dir);
    expect(final.lines.at(-1)).toMatchObject({ done: [{ outcome: 'succeeded' }, {}, {}] });
    expect(aggregateSnapshot(dir)).toEqual(expected);
  });

  it('while another process writes, reads go on and a write that cannot wait is refused with DB_BUSY "in use"', async () => {
    const dir = copyWorkspace(template, join(root.path, 'busy'));
    let core: Core | null = await openCoreOn(template, dir);
    try {
      // Held longer than the busy timeout (5 s), so the write gives up rather than waits.
      const lock = await holdWriteLock(join(dir, 'pulse.db'), 8_000);
      // WAL: reading is never blocked by a writer in another process.
      expect(await core.handlers['connections.list']({}, undefined)).toHaveLength(3);
      const started = Date.now();
      await expect(core.handlers['settings.update']({ patch: { weekStart: 'sunday' } }, undefined)).rejects.toMatchObject({
        code: 'DB_BUSY',
        message: expect.stringMatching(/in use by another Pulse window or process .* try again/),
      });
      // It waited for the lock (the busy timeout) before giving up.
      expect(Date.now() - started).toBeGreaterThanOrEqual(4_000);
      await lock.released;
      // Once the other process is done, the same write goes through.
      const settings = await core.handlers['settings.update']({ patch: { weekStart: 'sunday' } }, undefined);
      expect(settings.weekStart).toBe('sunday');
      await core.close();
      core = null;
    } finally {
      await core?.close();
    }
  });
});
