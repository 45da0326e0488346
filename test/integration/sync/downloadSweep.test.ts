import { existsSync, mkdirSync, readdirSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningSandboxes, startSandboxes } from '../../../src-main/core/demo';
import { sandboxConnections, startTestCore } from '../../support/coreHarness';
import { makeTempDir } from '../../support/tempDir';

/**
 * A killed Amplitude sync leaves its download folder in the OS temp directory; the next Amplitude sync
 * removes such folders once they are an hour old, and leaves alone one that may still be in use.
 * The core worker gets a private TMPDIR so other processes' folders are never touched.
 */
const HOUR = 60 * 60 * 1000;
const DEAD_PID = 99_999_999;
let sb: RunningSandboxes;
let core: Awaited<ReturnType<typeof startTestCore>>;
let temp: ReturnType<typeof makeTempDir>;
const savedTmp = process.env.TMPDIR;

beforeAll(async () => {
  temp = makeTempDir('pulse-sweep-int-');
  // read by the core worker (a copy of this environment) whenever it creates a download folder
  process.env.TMPDIR = temp.path;
  sb = await startSandboxes({ seed: 3, accounts: 3, days: 2 });
  core = await startTestCore();
  await core.client.call('settings.update', { patch: { timezone: 'UTC', backfillDays: 2, lookbackDays: 1 } });
  const amplitude = sandboxConnections(sb).find((c) => c.vendor === 'amplitude');
  if (!amplitude) throw new Error('no Amplitude sandbox connection');
  await core.client.call('connections.create', amplitude);
});
afterAll(async () => {
  await core?.close();
  await sb?.close();
  if (savedTmp === undefined) delete process.env.TMPDIR;
  else process.env.TMPDIR = savedTmp;
  temp?.remove();
});

function leftover(name: string, ageMs: number): string {
  const dir = join(temp.path, name);
  mkdirSync(dir);
  writeFileSync(join(dir, 'export.zip'), 'PK half a download');
  const at = (Date.now() - ageMs) / 1000;
  utimesSync(join(dir, 'export.zip'), at, at);
  utimesSync(dir, at, at);
  return dir;
}

describe('download folders left by killed Amplitude syncs', () => {
  it('are swept when the next sync starts, while a recent one stays', async () => {
    const killed = leftover(`pulse-amplitude-${DEAD_PID}-k1ll3d`, 3 * HOUR);
    const recent = leftover(`pulse-amplitude-${DEAD_PID}-r3c3nt`, 10 * 60 * 1000);

    const runs = await core.client.call('sync.run', { connection: null, full: false });
    expect(runs.map((r) => r.outcome)).toEqual(['succeeded']);

    expect(existsSync(killed)).toBe(false);
    expect(existsSync(recent)).toBe(true);
    // the sync's own downloads were removed as it finished
    expect(readdirSync(temp.path).filter((n) => n.startsWith('pulse-amplitude-'))).toEqual(['pulse-amplitude-99999999-r3c3nt']);
  });
});
