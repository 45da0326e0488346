import { parentPort, workerData } from 'node:worker_threads';
import type { ParseStartData } from '../core/parseThreads';
import type { TaskStartData } from '../core/threads';
import type { WorkerStartData } from './protocol';

/**
 * The one script every core thread runs (bootstrap.mjs from source, out/main/worker.js in the desktop
 * build, the bench's esbuild bundle): the core worker a host starts, or a task thread the core starts
 * for a share of a large job (role 'task'), or a parse thread for a large export (role 'parse'). Nothing
 * new to bundle or register for any. The imports are dynamic so a thread loads only what its role
 * needs (from source: transpiles only that).
 */
const port = parentPort;
if (!port) throw new Error('The Pulse core must run inside a worker thread.');
const start = workerData as WorkerStartData | TaskStartData | ParseStartData;
if ('role' in start && start.role === 'task') {
  // By file, not through the threads and health doors: those lead to the query builder and the zod
  // contract, which a task thread does not use and whose loading was most of its start.
  const [{ runTaskThread }, { HEALTH_RECOMPUTE_TASK, healthRecomputeTask }] = await Promise.all([
    import('../core/threads/taskRunner'),
    import('../core/health/recomputeTask'),
  ]);
  await runTaskThread(port, start, { [HEALTH_RECOMPUTE_TASK]: healthRecomputeTask });
} else if ('role' in start && start.role === 'parse') {
  // A parse thread (core/parseThreads): inflates and parses vendor exports beside the core thread.
  const [{ runParseThread }, { parseJobs }] = await Promise.all([
    import('../core/parseThreads/parseThread'),
    import('../core/connectors/parseJobs'),
  ]);
  await runParseThread(port, parseJobs);
} else {
  const { runCoreWorker } = await import('./coreWorker');
  await runCoreWorker(port, start as WorkerStartData);
}
