import type { Logger } from '../ports';
import type { TaskThreads } from './taskThreads';
import { BY_OWNER, WorkQueue } from './workQueue';

/** Items the core claims at a time: small, so neither thread idles at the end of the list. */
export const OWNER_CHUNK = 4;

export interface SharedWorkOptions<R> {
  threads: TaskThreads;
  /** The registered task the extra thread runs (it must do exactly what `runHere` does for its items). */
  task: string;
  input: unknown;
  items: readonly string[];
  /** Integers the task thread reports per item (its result), summed by the caller. */
  resultWidth: number;
  logger: Logger;
  /**
   * Does the core's share: pulls chunks of items with `claim` until it returns null, and runs each write
   * transaction through `inWriteTurn`.
   */
  runHere(claim: () => readonly string[] | null, inWriteTurn: <T>(write: () => T) => T): Promise<R>;
}

export interface SharedWorkOutcome<R> {
  /** The core's own results (its share, then whatever it took over from a failed thread). */
  here: R[];
  /** The task thread's per-item results. */
  there: number[][];
  /** How the extra thread went: its start cost and heap, or why the core did its items. */
  thread: { startMs: number | null; heapUsedMb: number | null; youngGenerationMb: number | null; fallback: string | null };
  /** Milliseconds the core and the task thread each waited for the other's write turn. */
  turnWaitMs: { core: number; task: number };
}

/**
 * Works through `items` on the core's thread and one task thread at once, both claiming small chunks from
 * a shared queue. If the thread cannot start or dies, the core recomputes whatever it held (and logs
 * so); an error inside an item on either thread stops both (after their current item) and is thrown, as
 * on one thread.
 */
export async function shareWork<R>(options: SharedWorkOptions<R>): Promise<SharedWorkOutcome<R>> {
  const queue = new WorkQueue(options.items, options.resultWidth);
  const thread = options.threads.start(options.task, queue, options.input);
  let failure: Error | null = null;
  const ended = thread.ended.then((end) => {
    if (end.kind === 'failed') {
      failure = end.error;
      queue.stop();
    }
    return end;
  });
  const claimFrom = (indexes: () => number[]) => () => {
    if (failure) return null;
    const claimed = indexes();
    return claimed.length > 0 ? claimed.map((i) => queue.items[i] as string) : null;
  };
  const inWriteTurn = <T>(write: () => T): T => queue.inWriteTurn(BY_OWNER, write);
  const here: R[] = [];
  try {
    here.push(
      await options.runHere(
        claimFrom(() => queue.claim(BY_OWNER, OWNER_CHUNK)),
        inWriteTurn,
      ),
    );
  } catch (error) {
    queue.stop();
    // The thread finishes the item in hand (its own transaction) and exits; a core error wins.
    if (queue.heldByTask() === 0) await thread.terminate();
    await ended;
    throw error;
  }
  // Nothing is free any more: a thread holding nothing (still starting, or done) has nothing left to do.
  if (queue.heldByTask() === 0 && !failure) await thread.terminate();
  const end = await ended;
  if (failure) throw failure;
  let fallback: string | null = null;
  if (end.kind === 'died' || end.kind === 'startFailed') {
    const unfinished = queue.takeOverUnfinished();
    fallback = `${end.kind === 'died' ? 'the task thread stopped' : 'the task thread could not start'} (${end.reason})`;
    // 'terminated' is the core's own doing above, with nothing held: not worth a log line.
    if (end.reason !== 'terminated' || unfinished.length > 0) {
      options.logger.log(
        'warn',
        `${options.task}: ${fallback}; its ${unfinished.length} unfinished items run on the core's thread`,
        {
          task: options.task,
          unfinished: unfinished.length,
        },
      );
    }
    if (unfinished.length > 0) {
      const left = [...unfinished];
      here.push(
        await options.runHere(
          claimFrom(() => left.splice(0, OWNER_CHUNK)),
          inWriteTurn,
        ),
      );
    }
    if (end.reason === 'terminated' && unfinished.length === 0) fallback = null;
  }
  return {
    here,
    there: queue.taskResults(),
    thread: {
      startMs: thread.started?.ms ?? null,
      heapUsedMb: thread.finishedHeapMb ?? thread.started?.heapUsedMb ?? null,
      youngGenerationMb: thread.started?.youngGenerationMb ?? null,
      fallback,
    },
    turnWaitMs: { core: queue.turnWaits().owner, task: queue.turnWaits().task },
  };
}
