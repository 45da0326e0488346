import type { HealthConfigState } from '../../../src-shared/contract';
import type { MetricsContext } from '../metrics';
import type { Logger } from '../ports';
import { shareWork, type TaskThreads } from '../threads';
import { type RecomputeOptions, type RecomputeSummary, recomputeHealth } from './recompute';
import { HEALTH_RECOMPUTE_TASK, type HealthTaskInput, RESULT_WIDTH, toResult } from './recomputeTask';

export { HEALTH_RECOMPUTE_TASK, healthRecomputeTask } from './recomputeTask';

/**
 * From this many customers a recompute is shared with a second thread. A task thread costs its start
 * (to an open workspace from the bundled, chunk-split worker 0.08-0.2 s since it loads only the
 * recompute's modules, recomputeTask.ts; 0.39-0.75 s before; 1.3-2.0 s from source through tsx) and
 * 20-45 MB of heap; one customer after a sync costs ~3 ms of CPU. The core keeps working while the
 * thread starts, so the thread saves about (customers × 3 ms − start) / 2: at 250 customers a third
 * of a second, below that mostly a start the core then cancels.
 */
export const TWO_THREADS_FROM = 250;

/**
 * `recomputeHealth` over two threads when there are enough customers and the core can start a task
 * thread: the core and the thread take chunks of customers from one queue and each writes its own
 * (each customer in its own transaction, as on one thread), so the stored results are the same. Without
 * `threads` (a core opened in-process) or below the threshold, it is `recomputeHealth` itself.
 */
export async function recomputeOnThreads(
  ctx: MetricsContext,
  config: HealthConfigState,
  now: number,
  options: RecomputeOptions,
  threads: TaskThreads | null,
  logger: Logger,
): Promise<RecomputeSummary> {
  if (!threads || options.readWholeHistory || options.claim) return recomputeHealth(ctx, config, now, options);
  const wanted = options.customerIds ? new Set(options.customerIds) : null;
  const ids = (ctx.store.sqlite.prepare('select id from customers order by id').all() as Array<{ id: string }>)
    .map((row) => row.id)
    .filter((id) => !wanted || wanted.has(id));
  if (ids.length < (threads.minItems ?? TWO_THREADS_FROM)) return recomputeHealth(ctx, config, now, options);
  const input: HealthTaskInput = {
    config,
    now,
    settings: ctx.settings,
    clockOffset: ctx.clock.now() - Date.now(),
    fromDay: options.fromDay ?? null,
    full: options.full ?? false,
  };
  const outcome = await shareWork({
    threads,
    task: HEALTH_RECOMPUTE_TASK,
    input,
    items: ids,
    resultWidth: RESULT_WIDTH,
    logger,
    runHere: (claim, inWriteTurn) => recomputeHealth(ctx, config, now, { ...options, customerIds: null, claim, inWriteTurn }),
  });
  const summary: RecomputeSummary = {
    customers: 0,
    snapshots: 0,
    alerts: { opened: 0, refreshed: 0, resolved: 0 },
    alertDays: 0,
  };
  for (const part of [...outcome.here.map(toResult), ...outcome.there]) {
    const [customers = 0, snapshots = 0, opened = 0, refreshed = 0, resolved = 0, alertDays = 0] = part;
    summary.customers += customers;
    summary.snapshots += snapshots;
    summary.alerts.opened += opened;
    summary.alerts.refreshed += refreshed;
    summary.alerts.resolved += resolved;
    summary.alertDays += alertDays;
  }
  logger.log('info', 'health recompute shared with a task thread', {
    customers: ids.length,
    byTaskThread: outcome.there.length,
    threadStartMs: outcome.thread.startMs === null ? null : Math.round(outcome.thread.startMs),
    threadHeapMb: outcome.thread.heapUsedMb,
    threadYoungGenerationMb: outcome.thread.youngGenerationMb,
    turnWaitMs: { core: Math.round(outcome.turnWaitMs.core), task: Math.round(outcome.turnWaitMs.task) },
    fallback: outcome.thread.fallback,
  });
  return summary;
}
