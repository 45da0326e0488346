import { Worker } from 'node:worker_threads';
import { migrations } from '../../../migrations';
import { TASK_THREAD_LIMITS } from './heapLimits';
import type { TaskStartData, TaskToCore } from './protocol';
import { fromThreadError } from './threadError';
import type { WorkQueue } from './workQueue';

/** How a task thread ended. */
export type TaskEnd =
  | { kind: 'finished' }
  /** An error inside an item (the error the item threw). */
  | { kind: 'failed'; error: Error }
  /** It could not start (no thread, a workspace it refused) or stopped without finishing. */
  | { kind: 'startFailed'; reason: string }
  | { kind: 'died'; reason: string };

export interface TaskThread {
  /**
   * Milliseconds from the start to the thread's workspace being open, its heap then and its young-generation
   * limit; null until then.
   */
  readonly started: { ms: number; heapUsedMb: number; youngGenerationMb: number | null } | null;
  /** The thread's heap when it finished, null until then. */
  readonly finishedHeapMb: number | null;
  readonly ended: Promise<TaskEnd>;
  /** Ends the thread now (whatever it holds stays marked as held by it in the queue). */
  terminate(): Promise<void>;
}

/** The core's way to run a named task on an extra thread; the task works through `queue` beside the core. */
export interface TaskThreads {
  start(task: string, queue: WorkQueue, input: unknown): TaskThread;
  /** Work lists shorter than this stay on the core's thread; null = each task's own default. */
  readonly minItems: number | null;
  /** Ends every task thread still running (the core is shutting down). */
  close(): Promise<void>;
}

export interface WorkerTaskThreadsOptions {
  /** The script the core worker itself was started from (a URL string or a path): it also runs tasks. */
  entry: string;
  databasePath: string;
  nativeBinding: string | null;
  minItems?: number | null;
}

/** Task threads as Node worker threads started from the core worker's own entry script. */
export function workerTaskThreads(options: WorkerTaskThreadsOptions): TaskThreads {
  const running = new Set<TaskThread>();
  const script = options.entry.startsWith('file:') ? new URL(options.entry) : options.entry;
  return {
    minItems: options.minItems ?? null,
    start(task, queue, input) {
      const data: TaskStartData = {
        role: 'task',
        task,
        databasePath: options.databasePath,
        nativeBinding: options.nativeBinding,
        migrations: migrations.map(([name]) => name),
        queue: queue.buffer,
        items: [...queue.items],
        resultWidth: queue.resultWidth,
        input,
      };
      const thread = startWorker(script, data, () => running.delete(thread));
      running.add(thread);
      return thread;
    },
    async close() {
      await Promise.all([...running].map((thread) => thread.terminate()));
    },
  };
}

function startWorker(script: URL | string, data: TaskStartData, onEnd: () => void): TaskThread {
  const startedAt = performance.now();
  let started: TaskThread['started'] = null;
  let finishedHeapMb: number | null = null;
  let worker: Worker | null = null;
  let settle!: (end: TaskEnd) => void;
  let outcome: TaskEnd | null = null;
  let terminating = false;
  const ended = new Promise<TaskEnd>((resolve) => {
    settle = (end) => {
      if (outcome) return;
      outcome = end;
      onEnd();
      resolve(end);
    };
  });
  try {
    worker = new Worker(script, { workerData: data, resourceLimits: TASK_THREAD_LIMITS });
  } catch (error) {
    settle({ kind: 'startFailed', reason: error instanceof Error ? error.message : String(error) });
  }
  worker?.on('message', (message: TaskToCore) => {
    switch (message.kind) {
      case 'ready':
        started = {
          ms: performance.now() - startedAt,
          heapUsedMb: message.heapUsedMb,
          youngGenerationMb: message.youngGenerationMb,
        };
        return;
      case 'startFailed':
        settle({ kind: 'startFailed', reason: message.error.message });
        return;
      case 'failed':
        settle({ kind: 'failed', error: fromThreadError(message.error) });
        return;
      case 'finished':
        finishedHeapMb = message.heapUsedMb;
        settle({ kind: 'finished' });
        return;
    }
  });
  // A terminate() of ours also ends in 'exit' (code 1): name it for what it was.
  const onDeath = (reason: string) => {
    const why = terminating ? 'terminated' : reason;
    settle(started ? { kind: 'died', reason: why } : { kind: 'startFailed', reason: why });
  };
  worker?.on('error', (error) => onDeath(error instanceof Error ? error.message : String(error)));
  worker?.on('exit', (code) => onDeath(`the thread exited with code ${code}`));
  return {
    get started() {
      return started;
    },
    get finishedHeapMb() {
      return finishedHeapMb;
    },
    ended,
    async terminate() {
      if (!worker) return;
      terminating = true;
      await worker.terminate();
      onDeath('terminated');
    },
  };
}
