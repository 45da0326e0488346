/**
 * The core's side of parse threads: Node worker threads started from the core worker's own entry
 * script (role 'parse'), kept warm between the windows of a sync and ended after a quiet spell, at
 * core shutdown, or when a job is cancelled. One job per thread at a time; a second concurrent sync
 * gets a second thread.
 */
import { Worker } from 'node:worker_threads';
import type { Logger } from '../ports';
import type { CoreToParse, ParseJob, ParseStartData, ParseToCore } from './protocol';

/** What a running job yields to the core: a batch, the end, a failure to rethrow, or a lost thread. */
export type ParseReply =
  | { kind: 'batch'; batch: unknown }
  | { kind: 'done' }
  | { kind: 'failed'; failure: Extract<ParseToCore, { kind: 'failed' }>['failure'] }
  | { kind: 'lost'; reason: string };

export interface ParseRun {
  /** The next reply, in the order the thread sent them; 'lost' once the thread cannot go on. */
  next(): Promise<ParseReply>;
  /** The core has consumed a batch (the thread may send another). */
  ack(): void;
  /** Ends the job now (cancel): the thread is terminated, never reused; a waiting `next` gets 'lost'. */
  cancel(): Promise<void>;
  /** The job ended normally: the thread goes back to the pool. */
  release(): void;
}

export interface ParseThreads {
  /** Inputs smaller than this parse on the core's thread unless a thread is already warm (a start costs ~0.4 s). */
  readonly minBytes: number;
  /**
   * Whether the core thread also parses a share of the input while it feeds the thread's batches (true
   * by default: both cores parse). False: the thread parses everything (tests; measuring the thread alone).
   */
  readonly coreShare: boolean;
  /** True when an idle thread is ready (no start cost). */
  warm(): boolean;
  run(job: ParseJob): ParseRun;
  /** Ends the threads waiting for a job (a sync's windows are done: its thread's memory is not kept). */
  endIdle(): Promise<void>;
  /** Ends every parse thread (core shutdown). */
  close(): Promise<void>;
}

export interface WorkerParseThreadsOptions {
  /** The script the core worker was started from (a file URL string or a path). */
  entry: string;
  logger: Logger;
  minBytes?: number;
  coreShare?: boolean;
  /** An idle thread ends after this long without a job. */
  idleMs?: number;
  /** V8 limits of a parse thread; default PARSE_THREAD_LIMITS. */
  resourceLimits?: { maxOldGenerationSizeMb?: number; maxYoungGenerationSizeMb?: number };
}

/**
 * A parse thread's live heap is a batch of lines and the job's string table (a few MB); without limits V8
 * lets its garbage grow to ~60 MB of RSS before collecting. With these the 0.27M-event hot path peaked
 * 33 MB lower at the same CPU time (profileIngest.ts). A thread that runs out (a pathological line of
 * many MB) dies, and the core parses what it held.
 */
export const PARSE_THREAD_LIMITS = { maxOldGenerationSizeMb: 48, maxYoungGenerationSizeMb: 4 };

/** Spools under 1 MB (~5k Amplitude events, ~0.1 s of parsing) stay on the core's thread. */
export const DEFAULT_PARSE_THREAD_MIN_BYTES = 1 << 20;
const DEFAULT_IDLE_MS = 20_000;

interface PooledThread {
  worker: Worker;
  /** The replies of the current job, and who waits for the next one. */
  queue: ParseReply[];
  waiter: ((reply: ParseReply) => void) | null;
  dead: string | null;
  /** The thread has sent something (it started). */
  heard: boolean;
  idleTimer: NodeJS.Timeout | null;
}

export function workerParseThreads(options: WorkerParseThreadsOptions): ParseThreads {
  const script = options.entry.startsWith('file:') ? new URL(options.entry) : options.entry;
  const idle: PooledThread[] = [];
  const all = new Set<PooledThread>();
  const idleMs = options.idleMs ?? DEFAULT_IDLE_MS;

  function deliver(thread: PooledThread, reply: ParseReply): void {
    if (thread.waiter) {
      const waiter = thread.waiter;
      thread.waiter = null;
      waiter(reply);
    } else thread.queue.push(reply);
  }

  function lose(thread: PooledThread, reason: string): void {
    if (thread.dead) return;
    thread.dead = reason;
    options.logger.log(
      'warn',
      thread.heard
        ? 'parse thread died; the core thread parses what it held'
        : 'parse thread could not start; the core thread parses the export',
      { reason },
    );
    all.delete(thread);
    const at = idle.indexOf(thread);
    if (at >= 0) idle.splice(at, 1);
    if (thread.idleTimer) clearTimeout(thread.idleTimer);
    deliver(thread, { kind: 'lost', reason });
  }

  function startThread(): PooledThread {
    const data: ParseStartData = { role: 'parse' };
    const worker = new Worker(script, { workerData: data, resourceLimits: options.resourceLimits ?? PARSE_THREAD_LIMITS });
    const thread: PooledThread = { worker, queue: [], waiter: null, dead: null, heard: false, idleTimer: null };
    all.add(thread);
    worker.on('message', (message: ParseToCore) => {
      thread.heard = true;
      if (message.kind === 'ready') return;
      if (message.kind === 'crashed') {
        lose(thread, message.message);
        void worker.terminate();
      } else deliver(thread, message);
    });
    worker.on('error', (error) => lose(thread, error instanceof Error ? error.message : String(error)));
    worker.on('exit', (code) => lose(thread, `the parse thread exited with code ${code}`));
    return thread;
  }

  return {
    minBytes: options.minBytes ?? DEFAULT_PARSE_THREAD_MIN_BYTES,
    coreShare: options.coreShare ?? true,
    warm: () => idle.length > 0,
    run(job) {
      let thread = idle.pop();
      if (thread?.idleTimer) clearTimeout(thread.idleTimer);
      if (!thread) {
        try {
          thread = startThread();
        } catch (error) {
          const reason = error instanceof Error ? error.message : String(error);
          options.logger.log('warn', 'parse thread could not start; parsing on the core thread', { reason });
          return lostRun(reason);
        }
      }
      const current = thread;
      current.queue = [];
      current.worker.postMessage({ kind: 'job', job } satisfies CoreToParse);
      let finished = false;
      return {
        next() {
          const queued = current.queue.shift();
          if (queued) return Promise.resolve(queued);
          if (current.dead) return Promise.resolve({ kind: 'lost', reason: current.dead });
          return new Promise<ParseReply>((resolve) => (current.waiter = resolve));
        },
        ack() {
          if (!current.dead) current.worker.postMessage({ kind: 'ack' } satisfies CoreToParse);
        },
        async cancel() {
          if (finished) return;
          finished = true;
          current.dead ??= 'cancelled';
          all.delete(current);
          deliver(current, { kind: 'lost', reason: 'cancelled' });
          await current.worker.terminate();
        },
        release() {
          if (finished) return;
          finished = true;
          if (current.dead) return;
          current.queue = [];
          current.waiter = null;
          current.idleTimer = setTimeout(() => {
            const at = idle.indexOf(current);
            if (at >= 0) idle.splice(at, 1);
            all.delete(current);
            current.dead = 'idle';
            void current.worker.terminate();
          }, idleMs);
          current.idleTimer.unref();
          idle.push(current);
        },
      };
    },
    async endIdle() {
      const ending = idle.splice(0);
      for (const thread of ending) {
        if (thread.idleTimer) clearTimeout(thread.idleTimer);
        all.delete(thread);
        thread.dead = 'idle';
      }
      await Promise.all(ending.map((thread) => thread.worker.terminate()));
    },
    async close() {
      const threads = [...all];
      idle.length = 0;
      all.clear();
      for (const thread of threads) {
        if (thread.idleTimer) clearTimeout(thread.idleTimer);
        thread.dead ??= 'closed';
        deliver(thread, { kind: 'lost', reason: 'closed' });
      }
      await Promise.all(threads.map((thread) => thread.worker.terminate()));
    },
  };
}

function lostRun(reason: string): ParseRun {
  return {
    next: () => Promise.resolve({ kind: 'lost', reason }),
    ack() {},
    async cancel() {},
    release() {},
  };
}
