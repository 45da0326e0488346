import type { HealthConfigState } from '../../../src-shared/contract/health';
import type { MetricsContext } from '../metrics/context';
import type { TaskHandler } from '../threads/taskRunner';
import { type RecomputeSummary, recomputeHealth } from './recompute';

/**
 * The health recompute as a task thread runs it. Its own module, imported by file rather than through
 * the health and metrics doors, so a task thread loads the recompute's modules only: the doors also
 * lead to the query builder and the zod contract, whose loading was most of a thread's ~450 ms start.
 */

/** The task name both sides agree on (the worker entry registers `healthRecomputeTask` under it). */
export const HEALTH_RECOMPUTE_TASK = 'health.recompute';

/** What the task thread needs besides its connection: exactly the core's inputs. */
export interface HealthTaskInput {
  config: HealthConfigState;
  now: number;
  settings: MetricsContext['settings'];
  /** The core clock's distance from the system clock (a test's fixed clock): "today" is the same on both threads. */
  clockOffset: number;
  fromDay: string | null;
  full: boolean;
}

export const RESULT_WIDTH = 6;

export function toResult(s: RecomputeSummary): number[] {
  return [s.customers, s.snapshots, s.alerts.opened, s.alerts.refreshed, s.alerts.resolved, s.alertDays];
}

/** The task thread's side: the same `recomputeHealth` over the customers it claims, on its own connection. */
export const healthRecomputeTask: TaskHandler = async ({ store, input, claim, done, inWriteTurn }) => {
  const task = input as HealthTaskInput;
  const ctx: MetricsContext = { store, clock: { now: () => Date.now() + task.clockOffset }, settings: task.settings };
  await recomputeHealth(ctx, task.config, task.now, {
    fromDay: task.fromDay,
    full: task.full,
    claim,
    inWriteTurn,
    // Between customers the thread's timers run (a test's watchdog); costs microseconds.
    yieldBetween: () => new Promise((resolve) => setImmediate(resolve)),
    onCustomerDone: (id, summary) => done(id, toResult(summary)),
  });
};
