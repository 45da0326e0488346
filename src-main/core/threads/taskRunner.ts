import { getHeapStatistics } from 'node:v8';
import { type MessagePort, resourceLimits } from 'node:worker_threads';
import type { Store } from '../store/openStore';
import { openTaskStore } from './openTaskStore';
import type { TaskStartData, TaskToCore } from './protocol';
import { toThreadError } from './threadError';
import { BY_TASK, WorkQueue } from './workQueue';

/** What a task gets on its thread: its own connection, its input, and its side of the work queue. */
export interface TaskContext {
  store: Store;
  input: unknown;
  /** The next chunk of items for this thread (ids), null when none are left or the work stopped. */
  claim(): readonly string[] | null;
  /** The item is committed: its result (integers) goes to the core with it. */
  done(item: string, result: readonly number[]): void;
  /** Runs one write transaction while the core is not writing (see WorkQueue.inWriteTurn). */
  inWriteTurn<T>(write: () => T): T;
}

export type TaskHandler = (context: TaskContext) => Promise<void>;

/** Items a task thread claims at a time: small, so neither thread idles at the end of the list. */
export const TASK_CHUNK = 4;

/**
 * The body of a task thread: opens the workspace, runs the named task until the queue is empty, and
 * reports how it ended. The thread then has nothing left to do and exits.
 */
export async function runTaskThread(port: MessagePort, start: TaskStartData, tasks: Record<string, TaskHandler>): Promise<void> {
  const send = (message: TaskToCore) => port.postMessage(message);
  const heapUsedMb = () => Math.round(getHeapStatistics().used_heap_size / 1048576);
  let store: Store;
  const handler = tasks[start.task];
  try {
    if (!handler) throw new Error(`No task named ${start.task} is registered.`);
    store = openTaskStore(start.databasePath, start.nativeBinding, start.migrations);
  } catch (error) {
    send({ kind: 'startFailed', error: toThreadError(error) });
    return;
  }
  send({ kind: 'ready', heapUsedMb: heapUsedMb(), youngGenerationMb: resourceLimits.maxYoungGenerationSizeMb ?? null });
  const queue = new WorkQueue(start.items, start.resultWidth, start.queue);
  const indexOf = new Map(start.items.map((item, index) => [item, index]));
  try {
    await handler({
      store,
      input: start.input,
      claim: () => {
        const claimed = queue.claim(BY_TASK, TASK_CHUNK);
        return claimed.length > 0 ? claimed.map((i) => start.items[i] as string) : null;
      },
      done: (item, result) => {
        const index = indexOf.get(item);
        if (index !== undefined) queue.markDone(index, result);
      },
      inWriteTurn: (write) => queue.inWriteTurn(BY_TASK, write),
    });
    send({ kind: 'finished', heapUsedMb: heapUsedMb() });
  } catch (error) {
    send({ kind: 'failed', error: toThreadError(error) });
  } finally {
    await store.close();
  }
}
