import { rmSync } from 'node:fs';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningSandboxes } from '../../../src-main/core/demo';
import { makeTempDir } from '../../support/tempDir';
import {
  aggregateSnapshot,
  bundleSyncChild,
  copyWorkspace,
  prepareTemplate,
  runSyncChild,
  seededRandom,
  snapshotSizes,
  startSmallSandboxes,
  type WorkspaceTemplate,
} from './support/faultWorkspace';

/**
 * A laptop that sleeps or crashes mid-sync: a separate Pulse process syncing the three sandboxes is
 * killed with SIGKILL at random points twenty times in a row, then runs normally. The database must
 * open, say the runs were interrupted, and hold exactly what a clean run of the same data holds.
 */
const KILLS = 20;
const SEED = Number(process.env.PULSE_FAULT_SEED ?? 20251126);
let sb: RunningSandboxes;
let root: ReturnType<typeof makeTempDir>;
let template: WorkspaceTemplate;
let bundle: string;

beforeAll(async () => {
  sb = await startSmallSandboxes();
  root = makeTempDir('pulse-killed-');
  bundle = await bundleSyncChild();
  template = await prepareTemplate(sb, root.path, bundle);
});
afterAll(async () => {
  await sb?.close();
  root?.remove();
});

describe('process killed (SIGKILL) at random points of a sync', () => {
  it(`twenty kills in a row, then a normal run: same data as a clean run (seed ${SEED})`, async () => {
    const cleanDir = copyWorkspace(template, join(root.path, 'clean'));
    const clean = await runSyncChild(bundle, template, cleanDir);
    const cleanMs = clean.syncMs;
    expect(clean.lines.at(-1), clean.stderr).toMatchObject({
      done: [{ outcome: 'succeeded' }, { outcome: 'succeeded' }, { outcome: 'succeeded' }],
    });
    const expected = aggregateSnapshot(cleanDir);
    expect(snapshotSizes(expected).activity_days).toBeGreaterThan(0);

    const faultedDir = copyWorkspace(template, join(root.path, 'killed'));
    const random = seededRandom(SEED);
    const kills: number[] = [];
    let killed = 0;
    // A run resumes what the killed one left, so it is shorter than the clean run: kill points follow
    // the length of the last run that got to finish.
    let span = cleanMs;
    for (let i = 0; i < KILLS; i++) {
      // Kill points spread over the whole sync (start-up excluded): downloads, commits, entities, health.
      const after = Math.round(random() * span * 0.8);
      kills.push(after);
      const run = await runSyncChild(bundle, template, faultedDir, { killAfterSyncStartMs: after });
      if (run.signal === 'SIGKILL') killed++;
      else if (run.syncMs > 0) span = Math.min(span, run.syncMs);
    }
    console.log(`SIGKILL seed ${SEED}: kill points (ms after sync start) ${kills.join(', ')}; ${killed} landed mid-sync`);
    expect(killed).toBeGreaterThanOrEqual(KILLS / 2);

    const db = new BetterSqlite3(join(faultedDir, 'pulse.db'), { readonly: true });
    try {
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    } finally {
      db.close();
    }

    const final = await runSyncChild(bundle, template, faultedDir);
    expect(final.lines.at(-1), final.stderr).toMatchObject({
      done: [{ outcome: 'succeeded' }, { outcome: 'succeeded' }, { outcome: 'succeeded' }],
    });
    const check = new BetterSqlite3(join(faultedDir, 'pulse.db'), { readonly: true });
    try {
      const outcomes = check.prepare('select outcome, count(*) as n from sync_runs group by outcome').all() as Array<{
        outcome: string;
        n: number;
      }>;
      const byOutcome = Object.fromEntries(outcomes.map((r) => [r.outcome, r.n]));
      // Killed runs are reported as interrupted on the next start and none is left "running". Not every kill
      // leaves a run behind: one landing before the run row is written, or after the last run finished (during the
      // health recompute), has nothing to mark, so the count is at least one rather than one per kill.
      expect(byOutcome.interrupted ?? 0).toBeGreaterThanOrEqual(1);
      expect(byOutcome.interrupted ?? 0).toBeLessThanOrEqual(killed * 3);
      expect(byOutcome.running).toBeUndefined();
      expect(byOutcome.failed).toBeUndefined();
      const message = check.prepare(`select error_message from sync_runs where outcome = 'interrupted' limit 1`).get() as {
        error_message: string;
      };
      expect(message.error_message).toMatch(/stopped while this sync was running/);
    } finally {
      check.close();
    }
    expect(aggregateSnapshot(faultedDir)).toEqual(expected);
    rmSync(faultedDir, { recursive: true, force: true });
  }, 420_000);
});
