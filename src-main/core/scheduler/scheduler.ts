import type { Clock, Logger } from '../ports';
import { mostRecentDue, nextDue } from './dueTimes';
import type { TimerPort } from './timer';

export type ScheduledTrigger = 'schedule' | 'catch-up';

export interface ScheduleTarget {
  id: string;
  label: string;
  createdAt: number;
}

/** What the scheduler reads on every wake; the database is the source of truth, not memory. */
export interface ScheduleSource {
  /** The reporting zone and the daily time ("HH:MM", null = scheduled syncs off), read fresh each wake. */
  schedule(): Promise<{ syncTime: string | null; timeZone: string }>;
  /** Connections the schedule syncs, in the order to run them. */
  targets(): Promise<ScheduleTarget[]>;
  /** started_at of the newest 'schedule' or 'catch-up' run of the connection (any outcome), or null. */
  lastScheduledStart(connectionId: string): Promise<number | null>;
}

export interface SchedulerDeps {
  clock: Clock;
  timer: TimerPort;
  logger: Logger;
  source: ScheduleSource;
  /** Starts one run and resolves when it ends (the SyncEngine's single-flight `run`). */
  run(connectionId: string, trigger: ScheduledTrigger): Promise<unknown>;
  isRunning(connectionId: string): boolean;
  /** Longest wait between two checks, so a wake without a resume event is noticed (default 15 min). */
  maxWaitMs?: number;
  /** A run starting later than this after its due time is a catch-up (default 10 min). */
  catchUpAfterMs?: number;
}

export interface ConnectionSchedule {
  connectionId: string;
  label: string;
  /** The slot currently owed, or null when nothing is overdue. */
  overdueSince: number | null;
  nextDueAt: number | null;
  lastScheduledRunAt: number | null;
  running: boolean;
}

/**
 * Daily syncs at the settings' local time, with catch-up at start and after sleep.
 *
 * Every wake (timer, start, resume) re-derives what is due from the wall clock and `sync_runs`:
 * a connection owes the most recent slot unless a scheduled run started at or after it. So however
 * long the laptop slept, there is one catch-up run, not one per missed day; a clock jumping back
 * finds the slot already done; a zone change or DST shift recomputes slots by local date and a slot
 * that has a run is never run again. Waits are capped so a missed resume event only delays catch-up.
 * A connection created after the slot owes nothing until the next one.
 */
export class Scheduler {
  private handle: unknown = null;
  private started = false;
  private checking: Promise<void> | null = null;
  private recheck = false;
  /** Slots started by this process, so a wake during a run (before its row exists) cannot start it again. */
  private readonly startedSlots = new Set<string>();

  constructor(private readonly deps: SchedulerDeps) {}

  /** Begins scheduling; checks right away (start-up catch-up). */
  start(): Promise<void> {
    this.started = true;
    return this.wake();
  }

  /** Stops the timer; a run in flight finishes (the core's close cancels it). */
  stop(): void {
    this.started = false;
    if (this.handle !== null) this.deps.timer.clear(this.handle);
    this.handle = null;
  }

  /** Resolves when the check in progress (and its runs) has finished. */
  idle(): Promise<void> {
    return this.checking ?? Promise.resolve();
  }

  get isStarted(): boolean {
    return this.started;
  }

  /** The OS woke from sleep: catch up now rather than at the next capped timer. */
  notifyResume(): Promise<void> {
    return this.wake();
  }

  /** Re-checks now; concurrent wakes collapse into one check plus at most one more after it. */
  wake(): Promise<void> {
    if (!this.started) return Promise.resolve();
    if (this.checking) {
      this.recheck = true;
      return this.checking;
    }
    this.checking = this.checkLoop().finally(() => {
      this.checking = null;
    });
    return this.checking;
  }

  /** Per connection: what is owed, when it is next due, whether it runs now. */
  async status(): Promise<{ syncTime: string | null; timeZone: string; active: boolean; connections: ConnectionSchedule[] }> {
    const { syncTime, timeZone } = await this.deps.source.schedule();
    const now = this.deps.clock.now();
    const connections: ConnectionSchedule[] = [];
    for (const target of await this.deps.source.targets()) {
      const last = await this.deps.source.lastScheduledStart(target.id);
      const owed = syncTime === null ? null : this.owedSlot(target, last, now, syncTime, timeZone);
      connections.push({
        connectionId: target.id,
        label: target.label,
        overdueSince: owed,
        nextDueAt: syncTime === null ? null : (owed ?? nextDue(now, syncTime, timeZone)),
        lastScheduledRunAt: last,
        running: this.deps.isRunning(target.id),
      });
    }
    return { syncTime, timeZone, active: this.started, connections };
  }

  private async checkLoop(): Promise<void> {
    do {
      this.recheck = false;
      if (this.handle !== null) this.deps.timer.clear(this.handle);
      this.handle = null;
      try {
        await this.runDue();
      } catch (error) {
        this.deps.logger.log('error', 'scheduler check failed', {
          error: error instanceof Error ? error.message : String(error),
        });
      }
    } while (this.recheck && this.started);
    await this.arm();
  }

  private async runDue(): Promise<void> {
    const { syncTime, timeZone } = await this.deps.source.schedule();
    if (syncTime === null) return;
    // One connection after the other: they share the disk and, often, the vendor's rate limits.
    for (const target of await this.deps.source.targets()) {
      if (!this.started) return;
      const now = this.deps.clock.now();
      const last = await this.deps.source.lastScheduledStart(target.id);
      const slot = this.owedSlot(target, last, now, syncTime, timeZone);
      if (slot === null) continue;
      const key = `${target.id}@${slot}`;
      if (this.startedSlots.has(key) || this.deps.isRunning(target.id)) continue;
      this.startedSlots.add(key);
      const trigger: ScheduledTrigger = now - slot > (this.deps.catchUpAfterMs ?? 600_000) ? 'catch-up' : 'schedule';
      this.deps.logger.log('info', 'scheduled sync starting', { connectionId: target.id, trigger, dueAt: slot });
      try {
        await this.deps.run(target.id, trigger);
      } catch (error) {
        // The engine records its own failures; this is e.g. a connection removed meanwhile.
        this.deps.logger.log('warn', 'scheduled sync could not start', {
          connectionId: target.id,
          error: error instanceof Error ? error.message : String(error),
        });
      }
    }
    if (this.startedSlots.size > 1000) this.startedSlots.clear();
  }

  private owedSlot(target: ScheduleTarget, last: number | null, now: number, syncTime: string, timeZone: string): number | null {
    const slot = mostRecentDue(now, syncTime, timeZone);
    if (target.createdAt >= slot) return null;
    if (last !== null && last >= slot) return null;
    return slot;
  }

  private async arm(): Promise<void> {
    if (!this.started) return;
    const maxWait = this.deps.maxWaitMs ?? 900_000;
    let wait = maxWait;
    try {
      const { syncTime, timeZone } = await this.deps.source.schedule();
      if (syncTime !== null) {
        const now = this.deps.clock.now();
        wait = Math.min(maxWait, Math.max(1_000, nextDue(now, syncTime, timeZone) - now));
      }
    } catch (error) {
      this.deps.logger.log('warn', 'scheduler could not read settings', {
        error: error instanceof Error ? error.message : String(error),
      });
    }
    if (!this.started) return;
    this.handle = this.deps.timer.set(wait, () => {
      this.handle = null;
      void this.wake();
    });
  }
}
