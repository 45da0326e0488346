import { describe, expect, it } from 'vitest';
import type { Clock } from '../ports';
import { silentLogger } from '../ports';
import { instantOfLocalTime, mostRecentDue, nextDue } from './dueTimes';
import { type ScheduledTrigger, Scheduler, type ScheduleTarget } from './scheduler';
import type { TimerPort } from './timer';

/** A manual clock and a timer that fires only when the test moves time. */
class ManualTime implements Clock, TimerPort {
  private pending: Array<{ at: number; fire: () => void; handle: number }> = [];
  private nextHandle = 1;
  constructor(public at: number) {}
  now(): number {
    return this.at;
  }
  set(ms: number, fire: () => void): unknown {
    const handle = this.nextHandle++;
    this.pending.push({ at: this.at + ms, fire, handle });
    return handle;
  }
  clear(handle: unknown): void {
    this.pending = this.pending.filter((p) => p.handle !== handle);
  }
  get pendingCount(): number {
    return this.pending.length;
  }
  /** Fires the earliest timer due by `limit`, moving the clock to its time; false when none. */
  fireNext(limit: number): boolean {
    const due = this.pending.filter((p) => p.at <= limit).sort((a, b) => a.at - b.at)[0];
    if (!due) return false;
    this.pending = this.pending.filter((p) => p !== due);
    this.at = Math.max(this.at, due.at);
    due.fire();
    return true;
  }
  /** Sleep on a machine whose timers count awake time only: pending timers move with the clock. */
  suspend(ms: number): void {
    this.at += ms;
    for (const p of this.pending) p.at += ms;
  }
  /** Fires whatever is pending regardless of its time (a timer delivered late, after a wake). */
  fireAll(): void {
    const all = this.pending;
    this.pending = [];
    for (const p of all) p.fire();
  }
}

interface RecordedRun {
  connectionId: string;
  trigger: ScheduledTrigger;
  startedAt: number;
}

function setup(options: {
  start: number;
  timeZone: string;
  syncTime: string | null;
  targets?: ScheduleTarget[];
  runs?: RecordedRun[];
  runner?: (id: string, trigger: ScheduledTrigger, record: () => void) => Promise<unknown>;
}) {
  const time = new ManualTime(options.start);
  const state = { timeZone: options.timeZone, syncTime: options.syncTime };
  const runs: RecordedRun[] = [...(options.runs ?? [])];
  const targets = options.targets ?? [{ id: 'c1', label: 'Amplitude', createdAt: options.start - 30 * 86_400_000 }];
  const running = new Set<string>();
  const scheduler = new Scheduler({
    clock: time,
    timer: time,
    logger: silentLogger,
    source: {
      schedule: async () => ({ syncTime: state.syncTime, timeZone: state.timeZone }),
      targets: async () => targets,
      lastScheduledStart: async (id) => {
        const mine = runs.filter((r) => r.connectionId === id).map((r) => r.startedAt);
        return mine.length > 0 ? Math.max(...mine) : null;
      },
    },
    run: async (id, trigger) => {
      running.add(id);
      const record = () => runs.push({ connectionId: id, trigger, startedAt: time.now() });
      try {
        if (options.runner) return await options.runner(id, trigger, record);
        record();
        return null;
      } finally {
        running.delete(id);
      }
    },
    isRunning: (id) => running.has(id),
  });
  /** Lets time pass as an awake machine would: every timer fires at its time. */
  async function advanceTo(target: number): Promise<void> {
    while (time.fireNext(target)) await scheduler.idle();
    time.at = Math.max(time.at, target);
  }
  /** The machine sleeps: the clock jumps, the pending timer is delivered once on wake. */
  async function sleepUntil(target: number): Promise<void> {
    time.at = target;
    time.fireAll();
    await scheduler.idle();
  }
  return { time, state, runs, scheduler, advanceTo, sleepUntil, targets };
}

const H = 3_600_000;
const D = 24 * H;
const utc = (iso: string) => Date.parse(iso);

describe('due times (local date, DST-correct)', () => {
  it('puts the slot at the local wall-clock time', () => {
    expect(instantOfLocalTime({ year: 2025, month: 6, day: 10 }, { hour: 9, minute: 0 }, 'Europe/Berlin')).toBe(
      utc('2025-06-10T07:00:00Z'),
    );
    expect(instantOfLocalTime({ year: 2025, month: 1, day: 10 }, { hour: 9, minute: 0 }, 'America/New_York')).toBe(
      utc('2025-01-10T14:00:00Z'),
    );
  });

  it('moves a time inside the spring-forward gap forward by the gap (02:30 → 03:30 CEST)', () => {
    expect(instantOfLocalTime({ year: 2025, month: 3, day: 30 }, { hour: 2, minute: 30 }, 'Europe/Berlin')).toBe(
      utc('2025-03-30T01:30:00Z'),
    );
  });

  it('takes the first of two occurrences on the fall-back day', () => {
    expect(instantOfLocalTime({ year: 2025, month: 10, day: 26 }, { hour: 2, minute: 30 }, 'Europe/Berlin')).toBe(
      utc('2025-10-26T00:30:00Z'),
    );
  });

  it('steps by local date, so DST days are 23 and 25 hours long', () => {
    const beforeSpring = utc('2025-03-29T12:00:00Z');
    expect(nextDue(nextDue(beforeSpring, '09:00', 'Europe/Berlin'), '09:00', 'Europe/Berlin')).toBe(utc('2025-03-31T07:00:00Z'));
    expect(nextDue(beforeSpring, '09:00', 'Europe/Berlin')).toBe(utc('2025-03-30T07:00:00Z'));
    expect(nextDue(utc('2025-03-30T07:00:00Z'), '09:00', 'Europe/Berlin') - utc('2025-03-30T07:00:00Z')).toBe(D);
    expect(utc('2025-03-30T07:00:00Z') - nextDue(utc('2025-03-29T00:00:00Z'), '09:00', 'Europe/Berlin')).toBe(23 * H);
    expect(mostRecentDue(utc('2025-10-26T12:00:00Z'), '09:00', 'Europe/Berlin')).toBe(utc('2025-10-26T08:00:00Z'));
    expect(mostRecentDue(utc('2025-10-26T07:59:00Z'), '09:00', 'Europe/Berlin')).toBe(utc('2025-10-25T07:00:00Z'));
  });

  it('handles zones with half-hour offsets and the date line', () => {
    expect(nextDue(utc('2025-06-10T00:00:00Z'), '09:00', 'Asia/Kolkata')).toBe(utc('2025-06-10T03:30:00Z'));
    expect(nextDue(utc('2025-06-10T00:00:00Z'), '09:00', 'Pacific/Kiritimati')).toBe(utc('2025-06-10T19:00:00Z'));
  });
});

describe('Scheduler', () => {
  it('runs at the local sync time, once per day, and not before', async () => {
    const start = utc('2025-06-10T05:00:00Z'); // 07:00 in Berlin
    const t = setup({
      start,
      timeZone: 'Europe/Berlin',
      syncTime: '09:00',
      targets: [{ id: 'c1', label: 'A', createdAt: start }],
    });
    await t.scheduler.start();
    expect(t.runs).toEqual([]);
    await t.advanceTo(utc('2025-06-10T06:59:59Z'));
    expect(t.runs).toEqual([]);
    await t.advanceTo(utc('2025-06-12T06:00:00Z'));
    expect(t.runs).toEqual([
      { connectionId: 'c1', trigger: 'schedule', startedAt: utc('2025-06-10T07:00:00Z') },
      { connectionId: 'c1', trigger: 'schedule', startedAt: utc('2025-06-11T07:00:00Z') },
    ]);
    t.scheduler.stop();
    expect(t.time.pendingCount).toBe(0);
  });

  it('catches up at start-up when the last slot was missed, then keeps the daily time', async () => {
    const start = utc('2025-06-10T10:00:00Z');
    const t = setup({
      start,
      timeZone: 'Europe/Berlin',
      syncTime: '09:00',
      runs: [{ connectionId: 'c1', trigger: 'schedule', startedAt: utc('2025-06-08T07:00:00Z') }],
    });
    await t.scheduler.start();
    expect(t.runs.slice(1)).toEqual([{ connectionId: 'c1', trigger: 'catch-up', startedAt: start }]);
    await t.advanceTo(utc('2025-06-11T08:00:00Z'));
    expect(t.runs.slice(2)).toEqual([{ connectionId: 'c1', trigger: 'schedule', startedAt: utc('2025-06-11T07:00:00Z') }]);
  });

  it('runs every connection one after another', async () => {
    const start = utc('2025-06-10T06:00:00Z');
    let active = 0;
    let maxActive = 0;
    const t = setup({
      start,
      timeZone: 'UTC',
      syncTime: '07:00',
      targets: ['a', 'b', 'c'].map((id) => ({ id, label: id, createdAt: start - D })),
      runs: ['a', 'b', 'c'].map((id) => ({ connectionId: id, trigger: 'schedule' as const, startedAt: start - H })),
      runner: async (_id, _trigger, record) => {
        active++;
        maxActive = Math.max(maxActive, active);
        record();
        await new Promise((resolve) => setTimeout(resolve, 5));
        active--;
      },
    });
    await t.scheduler.start();
    await t.advanceTo(utc('2025-06-10T07:30:00Z'));
    expect(t.runs.slice(3).map((r) => r.connectionId)).toEqual(['a', 'b', 'c']);
    expect(maxActive).toBe(1);
  });

  it('spring-forward day: 02:30 Berlin does not exist, the run happens once at 03:30 CEST', async () => {
    const start = utc('2025-03-29T11:00:00Z');
    const t = setup({
      start,
      timeZone: 'Europe/Berlin',
      syncTime: '02:30',
      targets: [{ id: 'c1', label: 'A', createdAt: start }],
    });
    await t.scheduler.start();
    await t.advanceTo(utc('2025-03-31T12:00:00Z'));
    expect(t.runs.map((r) => [r.trigger, new Date(r.startedAt).toISOString()])).toEqual([
      ['schedule', '2025-03-30T01:30:00.000Z'],
      ['schedule', '2025-03-31T00:30:00.000Z'],
    ]);
  });

  it('fall-back day: 02:30 Berlin happens twice on the wall clock, the run happens once', async () => {
    const start = utc('2025-10-24T12:00:00Z');
    const t = setup({
      start,
      timeZone: 'Europe/Berlin',
      syncTime: '02:30',
      targets: [{ id: 'c1', label: 'A', createdAt: start }],
    });
    await t.scheduler.start();
    await t.advanceTo(utc('2025-10-27T12:00:00Z'));
    expect(t.runs.map((r) => new Date(r.startedAt).toISOString())).toEqual([
      '2025-10-25T00:30:00.000Z',
      '2025-10-26T00:30:00.000Z',
      '2025-10-27T01:30:00.000Z',
    ]);
  });

  it('sleeping for three days gives ONE catch-up run, not one per missed day', async () => {
    const start = utc('2025-06-10T06:00:00Z');
    const t = setup({
      start,
      timeZone: 'Europe/Berlin',
      syncTime: '09:00',
      targets: [{ id: 'c1', label: 'A', createdAt: start }],
    });
    await t.scheduler.start();
    await t.advanceTo(utc('2025-06-10T08:00:00Z'));
    expect(t.runs).toHaveLength(1);
    await t.sleepUntil(utc('2025-06-13T10:00:00Z'));
    expect(t.runs.slice(1)).toEqual([{ connectionId: 'c1', trigger: 'catch-up', startedAt: utc('2025-06-13T10:00:00Z') }]);
    await t.scheduler.notifyResume();
    await t.advanceTo(utc('2025-06-14T06:00:00Z'));
    expect(t.runs).toHaveLength(2);
    await t.advanceTo(utc('2025-06-14T08:00:00Z'));
    expect(t.runs.slice(2).map((r) => r.trigger)).toEqual(['schedule']);
  });

  it('a wake without a resume event still catches up within the capped wait', async () => {
    const start = utc('2025-06-10T08:00:00Z');
    const t = setup({ start, timeZone: 'UTC', syncTime: '09:00', targets: [{ id: 'c1', label: 'A', createdAt: start }] });
    await t.scheduler.start();
    // The machine sleeps through the slot; its timers count awake time only and no resume event comes.
    t.time.suspend(utc('2025-06-12T12:00:00Z') - start);
    await t.advanceTo(utc('2025-06-12T12:10:00Z'));
    expect(t.runs).toEqual([]);
    await t.advanceTo(utc('2025-06-12T12:15:00Z'));
    expect(t.runs).toEqual([{ connectionId: 'c1', trigger: 'catch-up', startedAt: utc('2025-06-12T12:15:00Z') }]);
  });

  it('two wakes in a row (resume + timer) start one run', async () => {
    const start = utc('2025-06-10T10:00:00Z');
    let release: (() => void) | null = null;
    const t = setup({
      start,
      timeZone: 'UTC',
      syncTime: '09:00',
      runs: [{ connectionId: 'c1', trigger: 'schedule', startedAt: utc('2025-06-09T09:00:00Z') }],
      runner: (_id, _trigger, record) =>
        new Promise<void>((resolve) => {
          record();
          release = resolve;
        }),
    });
    const first = t.scheduler.start();
    const second = t.scheduler.notifyResume();
    const third = t.scheduler.notifyResume();
    t.time.fireAll();
    while (!release) await new Promise((resolve) => setImmediate(resolve));
    const duringRun = t.scheduler.notifyResume();
    (release as () => void)();
    await Promise.all([first, second, third, duringRun]);
    await t.scheduler.idle();
    await t.scheduler.notifyResume();
    expect(t.runs.slice(1)).toHaveLength(1);
  });

  it('never starts the same slot twice in one process, even when the run left no record', async () => {
    const start = utc('2025-06-10T10:00:00Z');
    let attempts = 0;
    const t = setup({
      start,
      timeZone: 'UTC',
      syncTime: '09:00',
      runner: async () => {
        attempts++;
        throw new Error('connection removed meanwhile');
      },
    });
    await t.scheduler.start();
    await t.scheduler.notifyResume();
    await t.scheduler.notifyResume();
    expect(attempts).toBe(1);
    await t.advanceTo(utc('2025-06-11T09:05:00Z'));
    expect(attempts).toBe(2);
  });

  it('a backwards clock jump does not re-run a done slot', async () => {
    const start = utc('2025-06-10T08:00:00Z');
    const t = setup({
      start,
      timeZone: 'UTC',
      syncTime: '09:00',
      targets: [{ id: 'c1', label: 'A', createdAt: start - D }],
      runs: [{ connectionId: 'c1', trigger: 'schedule', startedAt: utc('2025-06-09T09:00:00Z') }],
    });
    await t.scheduler.start();
    await t.advanceTo(utc('2025-06-10T09:30:00Z'));
    expect(t.runs).toHaveLength(2);
    // NTP correction: back 40 minutes, then time passes the slot again.
    await t.sleepUntil(utc('2025-06-10T08:50:00Z'));
    await t.advanceTo(utc('2025-06-10T10:00:00Z'));
    // A wrong date set by hand: a whole day back, then corrected.
    await t.sleepUntil(utc('2025-06-09T09:30:00Z'));
    await t.sleepUntil(utc('2025-06-10T10:30:00Z'));
    expect(t.runs).toHaveLength(2);
  });

  it('a time-zone change never runs the same slot again', async () => {
    const start = utc('2025-06-10T06:00:00Z');
    const t = setup({
      start,
      timeZone: 'Europe/Berlin',
      syncTime: '09:00',
      targets: [{ id: 'c1', label: 'A', createdAt: start }],
    });
    await t.scheduler.start();
    await t.advanceTo(utc('2025-06-10T08:00:00Z'));
    expect(t.runs.map((r) => r.startedAt)).toEqual([utc('2025-06-10T07:00:00Z')]);
    // Flying east: 09:00 in Tokyo today (00:00 UTC) was before the Berlin run, so today is done.
    t.state.timeZone = 'Asia/Tokyo';
    await t.scheduler.notifyResume();
    await t.advanceTo(utc('2025-06-10T23:59:00Z'));
    expect(t.runs).toHaveLength(1);
    await t.advanceTo(utc('2025-06-11T01:00:00Z'));
    expect(t.runs.map((r) => r.startedAt)).toEqual([utc('2025-06-10T07:00:00Z'), utc('2025-06-11T00:00:00Z')]);
    // And back: Berlin's slot of June 11 (07:00 UTC) is a new day's slot, run once.
    t.state.timeZone = 'Europe/Berlin';
    await t.scheduler.notifyResume();
    await t.advanceTo(utc('2025-06-11T12:00:00Z'));
    expect(t.runs.map((r) => r.startedAt)).toEqual([
      utc('2025-06-10T07:00:00Z'),
      utc('2025-06-11T00:00:00Z'),
      utc('2025-06-11T07:00:00Z'),
    ]);
    await t.scheduler.notifyResume();
    expect(t.runs).toHaveLength(3);
  });

  it('syncTime null schedules nothing; setting it takes effect within the capped wait', async () => {
    const start = utc('2025-06-10T06:00:00Z');
    const t = setup({ start, timeZone: 'UTC', syncTime: null });
    await t.scheduler.start();
    await t.advanceTo(start + 3 * D);
    expect(t.runs).toEqual([]);
    const status = await t.scheduler.status();
    expect(status.connections[0]).toMatchObject({ connectionId: 'c1', nextDueAt: null, overdueSince: null, running: false });
    t.state.syncTime = '12:00';
    await t.advanceTo(utc('2025-06-13T06:15:00Z'));
    expect(t.runs.map((r) => r.trigger)).toEqual(['catch-up']);
  });

  it('reports per connection what is overdue, when it is next due and whether it runs', async () => {
    const start = utc('2025-06-10T10:00:00Z');
    const t = setup({
      start,
      timeZone: 'UTC',
      syncTime: '09:00',
      targets: [
        { id: 'old', label: 'Old', createdAt: start - D },
        { id: 'new', label: 'New', createdAt: start },
      ],
    });
    const before = await t.scheduler.status();
    expect(before.active).toBe(false);
    expect(before.connections).toEqual([
      {
        connectionId: 'old',
        label: 'Old',
        overdueSince: utc('2025-06-10T09:00:00Z'),
        nextDueAt: utc('2025-06-10T09:00:00Z'),
        lastScheduledRunAt: null,
        running: false,
      },
      {
        connectionId: 'new',
        label: 'New',
        overdueSince: null,
        nextDueAt: utc('2025-06-11T09:00:00Z'),
        lastScheduledRunAt: null,
        running: false,
      },
    ]);
    await t.scheduler.start();
    const after = await t.scheduler.status();
    expect(after.active).toBe(true);
    expect(after.connections[0]).toMatchObject({
      overdueSince: null,
      nextDueAt: utc('2025-06-11T09:00:00Z'),
      lastScheduledRunAt: start,
    });
  });

  it('does nothing when not started, and stops cleanly', async () => {
    const t = setup({ start: utc('2025-06-10T10:00:00Z'), timeZone: 'UTC', syncTime: '09:00' });
    await t.scheduler.notifyResume();
    expect(t.runs).toEqual([]);
    await t.scheduler.start();
    expect(t.runs).toHaveLength(1);
    t.scheduler.stop();
    await t.sleepUntil(utc('2025-06-15T10:00:00Z'));
    await t.scheduler.notifyResume();
    expect(t.runs).toHaveLength(1);
  });
});
