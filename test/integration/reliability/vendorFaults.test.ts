import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../../src-main/core';
import type { FaultSpec, RunningSandboxes } from '../../../src-main/core/demo';
import type { SyncRunSummary } from '../../../src-shared/contract';
import { makeTempDir } from '../../support/tempDir';
import {
  aggregateSnapshot,
  bundleSyncChild,
  connectionRows,
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
 * What the network and the vendors throw at a sync, through the sandboxes' fault toggles and the real
 * engine on a real database: every transient fault is retried to the same data as a clean run; every
 * permanent one stops the run with a plain reason, keeps nothing partial, and the next run completes.
 * Waits are recorded instead of slept, so the suite checks how long Pulse would wait without waiting.
 */
let sb: RunningSandboxes;
let root: ReturnType<typeof makeTempDir>;
let template: WorkspaceTemplate;
let expected: WorkspaceSnapshot;
let core: Core | null = null;
let waits: number[] = [];
let workspaceCount = 0;

beforeAll(async () => {
  sb = await startSmallSandboxes();
  root = makeTempDir('pulse-vendorfaults-');
  const bundle = await bundleSyncChild();
  template = await prepareTemplate(sb, root.path, bundle);
  const cleanDir = copyWorkspace(template, join(root.path, 'clean'));
  const clean = await runSyncChild(bundle, template, cleanDir);
  expect(clean.lines.at(-1), clean.stderr).toMatchObject({ done: [{ outcome: 'succeeded' }, {}, {}] });
  expected = aggregateSnapshot(cleanDir);
});
afterEach(async () => {
  sb.clearFaults();
  await core?.close();
  core = null;
});
afterAll(async () => {
  await sb?.close();
  root?.remove();
});

async function freshCore(): Promise<{ core: Core; dir: string }> {
  const dir = copyWorkspace(template, join(root.path, `ws${++workspaceCount}`));
  waits = [];
  // Waiting moves the core's clock instead of the test's time (the rate limiter measures pauses on it).
  let skipped = 0;
  core = await openCoreOn(template, dir, {
    clock: { now: () => Date.now() + skipped },
    sleep: async (ms, signal) => {
      waits.push(ms);
      skipped += ms;
      if (signal?.aborted) throw signal.reason;
    },
  });
  return { core, dir };
}

async function syncVendor(c: Core, vendor: 'amplitude' | 'mixpanel' | 'pendo'): Promise<SyncRunSummary> {
  const connection = (await c.handlers['connections.list']({}, undefined)).find((x) => x.vendor === vendor);
  if (!connection) throw new Error(`no ${vendor} connection`);
  const [run] = await c.handlers['sync.run']({ connection: connection.id, full: false }, undefined);
  if (!run) throw new Error('no run');
  return run;
}

/** The connection's rows in this workspace equal the clean run's, and there is something to compare. */
async function expectCleanData(c: Core, dir: string, connectionId: string): Promise<void> {
  await c.close();
  core = null;
  const got = connectionRows(aggregateSnapshot(dir), connectionId);
  const want = connectionRows(expected, connectionId);
  expect(snapshotSizes(want).activity_days).toBeGreaterThan(0);
  expect(got).toEqual(want);
}

/** The sandbox's own account of faults still armed (over its HTTP toggle, as CI scripts use it). */
async function faultsLeft(): Promise<unknown[]> {
  const answer = (await (await fetch(`${sb.baseUrl}/__sandbox/faults`)).json()) as { faults: unknown[] };
  return answer.faults;
}

async function transientFault(vendor: 'amplitude' | 'mixpanel' | 'pendo', faults: FaultSpec[]) {
  const { core: c, dir } = await freshCore();
  sb.setFaults(faults);
  const run = await syncVendor(c, vendor);
  expect([run.outcome, run.errorMessage]).toEqual(['succeeded', null]);
  expect(run.retries).toBeGreaterThan(0);
  // Every fault was served (none left over), so the retries really went through them.
  expect(await faultsLeft()).toEqual([]);
  await expectCleanData(c, dir, run.connectionId);
  return run;
}

async function permanentFault(vendor: 'amplitude' | 'mixpanel' | 'pendo', fault: FaultSpec, reason: RegExp) {
  const { core: c, dir } = await freshCore();
  sb.setFaults([fault]);
  const failed = await syncVendor(c, vendor);
  expect(failed.outcome).toBe('failed');
  expect(failed.errorCode).toBe('VENDOR_BAD_RESPONSE');
  expect(failed.errorMessage).toMatch(reason);
  sb.clearFaults();
  const next = await syncVendor(c, vendor);
  expect([next.outcome, next.errorMessage]).toEqual(['succeeded', null]);
  await expectCleanData(c, dir, next.connectionId);
}

describe('rate limits and server errors', () => {
  it('a 429 storm with Retry-After: waits what the vendor asked, then the same data as a clean run', async () => {
    await transientFault('mixpanel', [
      { kind: 'rateLimit', vendor: 'mixpanel', path: '/api/2.0/export', count: 4, retryAfterSeconds: 7 },
    ]);
    expect(waits.filter((ms) => ms === 7_000).length).toBeGreaterThanOrEqual(4);
  });

  it('a 429 storm without Retry-After: backs off exponentially, then the same data as a clean run', async () => {
    await transientFault('amplitude', [{ kind: 'rateLimit', vendor: 'amplitude', path: '/api/2/export', count: 4 }]);
    const backoff = waits.filter((ms) => ms >= 500);
    expect(backoff.length).toBeGreaterThanOrEqual(4);
    // Full jitter within a doubling ceiling: the 4th wait may reach 8 s, the 1st at most 1 s.
    expect(backoff[0]).toBeLessThanOrEqual(1_000);
    expect(Math.max(...backoff)).toBeGreaterThan(1_000);
  });

  it('a burst of 5xx answers is retried to the same data as a clean run', async () => {
    await transientFault('pendo', [
      { kind: 'serverError', vendor: 'pendo', path: '/api/v1/aggregation', count: 2, status: 502 },
      { kind: 'serverError', vendor: 'pendo', path: '/api/v1/aggregation', count: 2, status: 503 },
    ]);
  });
});

describe('broken streams', () => {
  it('the connection dropped mid-stream is retried and nothing partial is kept', async () => {
    await transientFault('mixpanel', [{ kind: 'drop', vendor: 'mixpanel', path: '/api/2.0/export', count: 2, bytes: 300 }]);
  });

  it('a truncated ZIP of gzip files (Amplitude export) is retried and nothing partial is kept', async () => {
    await transientFault('amplitude', [{ kind: 'truncate', vendor: 'amplitude', path: '/api/2/export', count: 2, bytes: 400 }]);
  });

  it('a truncated Mixpanel export body is retried and nothing partial is kept', async () => {
    await transientFault('mixpanel', [{ kind: 'truncate', vendor: 'mixpanel', path: '/api/2.0/export', count: 2, bytes: 250 }]);
  });

  it('a Mixpanel "terminated early" line is retried to the full day', async () => {
    await transientFault('mixpanel', [{ kind: 'terminatedEarly', vendor: 'mixpanel', path: '/api/2.0/export', count: 2 }]);
  });

  it('a Mixpanel record split across two lines is repaired: same data as a clean run, nothing rejected', async () => {
    const { core: c, dir } = await freshCore();
    sb.setFaults([{ kind: 'splitLine', vendor: 'mixpanel', path: '/api/2.0/export', count: 3 }]);
    const run = await syncVendor(c, 'mixpanel');
    expect([run.outcome, run.eventsRejected]).toEqual(['succeeded', 0]);
    expect(await faultsLeft()).toEqual([]);
    await expectCleanData(c, dir, run.connectionId);
  });
});

describe('answers of the wrong kind', () => {
  it('an HTML error page with status 200 stops the run with a plain reason; the next run completes', async () => {
    await permanentFault('pendo', { kind: 'html200', vendor: 'pendo', path: '/api/v1/aggregation' }, /HTML|web page/i);
  });

  it('a JSON body of the wrong shape stops the run naming what was expected; the next run completes', async () => {
    await permanentFault(
      'mixpanel',
      { kind: 'wrongShape', vendor: 'mixpanel', path: '/api/2.0/export' },
      /expected|shape|format/i,
    );
  });
});
