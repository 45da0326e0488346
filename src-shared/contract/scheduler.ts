import type { SyncRunSummary } from './connections';

/** The scheduler's view of one connection (`scheduler.status`). Times are epoch ms, UTC. */
export interface ScheduledConnectionStatus {
  connectionId: string;
  label: string;
  /** The newest run of any trigger, for "last synced". */
  lastRun: SyncRunSummary | null;
  /** The newest scheduled or catch-up run's start; the slot logic counts only those. */
  lastScheduledRunAt: number | null;
  /** The due slot not yet run (a catch-up is pending), or null. */
  overdueSince: number | null;
  /** When the next scheduled run is due (the overdue slot if one is owed); null when scheduling is off. */
  nextDueAt: number | null;
  running: boolean;
}

export interface SchedulerStatus {
  /** "HH:MM" in `timeZone`; null = scheduled syncs off. */
  syncTime: string | null;
  timeZone: string;
  /** False where this host does not run the schedule (tests, CLI one-shot commands). */
  active: boolean;
  connections: ScheduledConnectionStatus[];
}
