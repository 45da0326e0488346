import { spawnSync } from 'node:child_process';
import { chmodSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../../src-main/core';
import type { RunningSandboxes } from '../../../src-main/core/demo';
import type { SyncRunSummary } from '../../../src-shared/contract';
import { makeTempDir } from '../../support/tempDir';
import {
  aggregateSnapshot,
  bundleSyncChild,
  copyWorkspace,
  openCoreOn,
  prepareTemplate,
  runSyncChild,
  snapshotSizes,
  startSmallSandboxes,
  type WorkspaceSnapshot,
  type WorkspaceTemplate,
} from './support/faultWorkspace';

/**
 * The disk and the database file misbehaving under a real workspace: a disk that fills up during a
 * sync, a data folder Pulse may not write to, a damaged file, a file from a newer Pulse. Each ends
 * with a clear message, nothing half-written, and (where the workspace can be repaired) the same data
 * as a clean run once the cause is gone.
 */
let sb: RunningSandboxes;
let root: ReturnType<typeof makeTempDir>;
let template: WorkspaceTemplate;
let expected: WorkspaceSnapshot;

beforeAll(async () => {
  sb = await startSmallSandboxes();
  root = makeTempDir('pulse-dbfaults-');
  const bundle = await bundleSyncChild();
  template = await prepareTemplate(sb, root.path, bundle);
  const cleanDir = copyWorkspace(template, join(root.path, 'clean'));
  const clean = await runSyncChild(bundle, template, cleanDir);
  expect(clean.lines.at(-1), clean.stderr).toMatchObject({ done: [{ outcome: 'succeeded' }, {}, {}] });
  expected = aggregateSnapshot(cleanDir);
  expect(snapshotSizes(expected).activity_days).toBeGreaterThan(0);
});
afterAll(async () => {
  await sb?.close();
  root?.remove();
});

function integrity(dataDir: string): string {
  const db = new BetterSqlite3(join(dataDir, 'pulse.db'), { readonly: true });
  try {
    return String(db.pragma('integrity_check', { simple: true }));
  } finally {
    db.close();
  }
}

describe('disk full during a write', () => {
  it('a sync that fills the disk (SQLite max_page_count) fails with DB_FULL, keeps whole windows only, and a later run equals a clean run', async () => {
    const dir = copyWorkspace(template, join(root.path, 'full'));
    let core: Core | null = await openCoreOn(template, dir);
    try {
      const pages = Number(core.store.sqlite.pragma('page_count', { simple: true }));
      // A cap per connection, like a disk with a few pages left: the first windows fit, a later one does not.
      core.store.sqlite.pragma(`max_page_count = ${pages + 40}`);
      let runs: SyncRunSummary[] = [];
      let thrown: unknown = null;
      try {
        runs = await core.handlers['sync.run']({ connection: null, full: false }, undefined);
      } catch (error) {
        thrown = error;
      }
      // Recorded as a failed run when the record still fits; otherwise the call itself fails with it.
      const failure = runs.find((r) => r.outcome === 'failed') ?? (thrown as { code: string; message: string } | null);
      const code = failure && 'errorCode' in failure ? failure.errorCode : (failure as { code?: string } | null)?.code;
      const message = failure && 'errorMessage' in failure ? failure.errorMessage : (failure as { message?: string })?.message;
      expect(code).toBe('DB_FULL');
      expect(message).toContain(join(dir, 'pulse.db'));
      expect(message).toMatch(/disk .* is full\. Nothing from the interrupted write was kept/);

      // No partial window: every committed window's rows are all there (the counts it recorded).
      const partial = core.store.sqlite
        .prepare(
          `select w.window_key, w.rows_written, (select count(*) from activity_days a
             where a.connection_id = w.connection_id and a.window_key = w.stream || ':' || w.window_key) as activity_rows
           from sync_windows w where w.rows_written > 0 and activity_rows = 0`,
        )
        .all();
      expect(partial).toEqual([]);

      core.store.sqlite.pragma('max_page_count = 1073741823');
      await core.close();
      core = null;
      expect(integrity(dir)).toBe('ok');
      core = await openCoreOn(template, dir);
      const after = await core.handlers['sync.run']({ connection: null, full: false }, undefined);
      expect(after.map((r) => r.outcome)).toEqual(['succeeded', 'succeeded', 'succeeded']);
    } finally {
      await core?.close();
    }
    expect(aggregateSnapshot(dir)).toEqual(expected);
  });
});

/**
 * chmod does not stop root, and CI runs as root: there the folder is made immutable (chattr +i),
 * which stops root too. Without either (root without CAP_LINUX_IMMUTABLE) the test says so and skips.
 */
function makeFolderReadOnly(dir: string): { undo(): void } | { skip: string } {
  if (process.getuid?.() !== 0) {
    chmodSync(dir, 0o555);
    return { undo: () => chmodSync(dir, 0o755) };
  }
  const locked = spawnSync('chattr', ['+i', dir], { encoding: 'utf8' });
  if (locked.status !== 0) {
    return {
      skip: `running as root and chattr +i is not permitted here (${(locked.stderr || locked.error?.message || '').trim()})`,
    };
  }
  return { undo: () => spawnSync('chattr', ['-i', dir]) };
}

describe('a read-only data folder', () => {
  it('opening the workspace fails with DB_READ_ONLY naming the file, and the file is unchanged', async (ctx) => {
    const dir = copyWorkspace(template, join(root.path, 'readonly'));
    const before = readFileSync(join(dir, 'pulse.db'));
    const lock = makeFolderReadOnly(dir);
    if ('skip' in lock) {
      console.warn(`Skipping the read-only folder test: ${lock.skip}`);
      return ctx.skip();
    }
    try {
      // A write really is refused (not just assumed), whoever runs the test.
      expect(() => writeFileSync(join(dir, 'probe'), 'x')).toThrow();
      await expect(openCoreOn(template, dir)).rejects.toMatchObject({
        code: 'DB_READ_ONLY',
        message: expect.stringContaining(join(dir, 'pulse.db')),
      });
    } finally {
      lock.undo();
    }
    expect(readFileSync(join(dir, 'pulse.db')).equals(before)).toBe(true);
  });
});

describe('a damaged or newer database file', () => {
  it('a corrupt file: DB_CORRUPT pointing at the backups, the file left as it was', async () => {
    const dir = copyWorkspace(template, join(root.path, 'corrupt'));
    const file = join(dir, 'pulse.db');
    const bytes = readFileSync(file);
    // Keep the header, scramble the pages behind it: opens as SQLite, fails on the first real read.
    for (let i = 4096; i < bytes.length; i += 7) bytes[i] = (bytes[i] ?? 0) ^ 0x5a;
    writeFileSync(file, bytes);
    rmSync(join(dir, 'pulse.db-wal'), { force: true });
    rmSync(join(dir, 'pulse.db-shm'), { force: true });
    await expect(openCoreOn(template, dir)).rejects.toMatchObject({
      code: 'DB_CORRUPT',
      message: expect.stringMatching(/damaged .* backups folder/),
    });
    expect(readFileSync(file).equals(bytes)).toBe(true);
  });

  it('a file from a newer Pulse: DB_NEWER_VERSION, and the file is untouched', async () => {
    const dir = copyWorkspace(template, join(root.path, 'newer'));
    const file = join(dir, 'pulse.db');
    const db = new BetterSqlite3(file);
    db.prepare('insert into schema_migrations (name, applied_at) values (?, ?)').run('9999_from_the_future', Date.now());
    db.pragma('user_version = 9999');
    db.close();
    const bytes = readFileSync(file);
    await expect(openCoreOn(template, dir)).rejects.toMatchObject({
      code: 'DB_NEWER_VERSION',
      message: expect.stringContaining('newer version of Pulse'),
    });
    expect(readFileSync(file).equals(bytes)).toBe(true);
  });
});
