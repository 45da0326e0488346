import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../../src-main/core';
import { type RunningSandboxes, startSandboxes } from '../../../src-main/core/demo';
import type { TimerPort } from '../../../src-main/core/scheduler';
import { connectionInputSchema } from '../../../src-shared/contract';
import { openInProcessCore, sandboxConnections } from '../../support/coreHarness';
import { makeTempDir } from '../../support/tempDir';

/**
 * The scheduler with the real SyncEngine and a real database file: the slots it decides are the
 * sync_runs rows it finds on the next wake, across sleep, repeated wakes and a clock set back.
 */
const H = 3_600_000;
const time = {
  at: Date.parse('2025-06-10T06:00:00Z'), // 08:00 in Berlin
  pending: [] as Array<{ at: number; fire: () => void }>,
};
const clock = { now: () => time.at };
const timer: TimerPort = {
  set: (ms, fire) => {
    const entry = { at: time.at + ms, fire };
    time.pending.push(entry);
    return entry;
  },
  clear: (handle) => {
    time.pending = time.pending.filter((p) => p !== handle);
  },
};

let sb: RunningSandboxes;
let core: Core;
const dir = makeTempDir('pulse-scheduler-');

async function wakeAt(ms: number): Promise<void> {
  time.at = ms;
  const due = time.pending;
  time.pending = [];
  for (const p of due) p.fire();
  await core.scheduler.idle();
}

function runs(): Array<{ connection_id: string; trigger: string; started_at: number; outcome: string }> {
  return core.store.sqlite
    .prepare('select connection_id, trigger, started_at, outcome from sync_runs order by id')
    .all() as Array<{ connection_id: string; trigger: string; started_at: number; outcome: string }>;
}

beforeAll(async () => {
  sb = await startSandboxes({ seed: 3, accounts: 4, days: 5, clock, mixpanelQueryLimitPerHour: 100_000 });
  core = await openInProcessCore({
    dataDir: dir.path,
    clock,
    // Rate limits and retries wait on the manual clock: waiting moves it (a frozen clock would spin).
    sleep: async (ms) => {
      time.at += ms;
    },
    schedule: true,
    schedulerTimer: timer,
  });
  await core.handlers['settings.update'](
    { patch: { timezone: 'Europe/Berlin', syncTime: '09:00', backfillDays: 3, lookbackDays: 1 } },
    undefined,
  );
  const mixpanel = sandboxConnections(sb).find((c) => c.vendor === 'mixpanel');
  if (!mixpanel) throw new Error('no mixpanel sandbox connection');
  await core.handlers['connections.create'](connectionInputSchema.parse(mixpanel), undefined);
});

afterAll(async () => {
  await core?.close();
  await sb?.close();
  dir.remove();
});

describe('scheduled syncs with the real engine', () => {
  it('runs at 09:00 Berlin, catches up once after three days asleep, and never repeats a slot', async () => {
    await core.scheduler.idle();
    expect(runs()).toEqual([]);
    await wakeAt(Date.parse('2025-06-10T07:00:00Z'));
    expect(runs()).toMatchObject([{ trigger: 'schedule', started_at: Date.parse('2025-06-10T07:00:00Z') }]);
    expect(runs()[0]?.outcome).toBe('succeeded');

    await wakeAt(Date.parse('2025-06-13T10:00:00Z'));
    await wakeAt(Date.parse('2025-06-13T10:00:01Z'));
    await core.handlers['scheduler.resume']({}, undefined);
    await core.scheduler.idle();
    expect(runs().map((r) => r.trigger)).toEqual(['schedule', 'catch-up']);

    // The clock is set back a day by hand, then corrected: the slots it passes again are done.
    await wakeAt(Date.parse('2025-06-12T12:00:00Z'));
    await wakeAt(Date.parse('2025-06-13T11:00:00Z'));
    expect(runs()).toHaveLength(2);

    const status = await core.handlers['scheduler.status']({}, undefined);
    expect(status).toMatchObject({ syncTime: '09:00', timeZone: 'Europe/Berlin', active: true });
    expect(status.connections[0]).toMatchObject({
      overdueSince: null,
      nextDueAt: Date.parse('2025-06-14T07:00:00Z'),
      running: false,
      lastRun: { trigger: 'catch-up' },
    });
    expect(time.pending).toHaveLength(1);
    expect((time.pending[0]?.at ?? 0) - time.at).toBeLessThanOrEqual(H / 4);
  });
});
