import { describe, expect, it } from 'vitest';
import { silentLogger } from '../ports';
import { shareWork } from './shareWork';
import type { TaskEnd, TaskThread, TaskThreads } from './taskThreads';
import { BY_OWNER, BY_TASK, DONE_BY_TASK, WorkQueue } from './workQueue';

describe('WorkQueue', () => {
  it('hands every item to exactly one holder and keeps what a thread finished with its result', () => {
    const queue = new WorkQueue(['a', 'b', 'c', 'd', 'e'], 2);
    expect(queue.claim(BY_OWNER, 2)).toEqual([0, 1]);
    expect(queue.claim(BY_TASK, 2)).toEqual([2, 3]);
    // A second view over the same memory (what the task thread holds) sees the same slots.
    const there = new WorkQueue(queue.items, 2, queue.buffer);
    there.markDone(2, [7, 9]);
    expect(queue.stateOf(2)).toBe(DONE_BY_TASK);
    expect(queue.heldByTask()).toBe(1);
    expect(queue.claim(BY_OWNER, 4)).toEqual([4]);
    expect(queue.claim(BY_TASK, 4)).toEqual([]);
    expect(queue.taskResults()).toEqual([[7, 9]]);
    // The item the task thread held unfinished goes back to the owner, once.
    expect(queue.takeOverUnfinished()).toEqual([3]);
    expect(queue.takeOverUnfinished()).toEqual([]);
  });

  it('claims nothing once stopped, and runs a write in turn (released after an error too)', () => {
    const queue = new WorkQueue(['a', 'b'], 1);
    expect(() =>
      queue.inWriteTurn(BY_OWNER, () => {
        throw new Error('write failed');
      }),
    ).toThrow('write failed');
    expect(queue.inWriteTurn(BY_TASK, () => 42)).toBe(42);
    queue.stop();
    expect(queue.claim(BY_OWNER, 2)).toEqual([]);
  });
});

/** A task thread that never takes anything and ends as told: the core's side of the protocol on its own. */
function threadsEndingWith(end: TaskEnd): TaskThreads {
  return {
    minItems: 1,
    start(): TaskThread {
      return { started: null, finishedHeapMb: null, ended: Promise.resolve(end), terminate: async () => {} };
    },
    close: async () => {},
  };
}

describe('shareWork', () => {
  it("surfaces an error the task thread hit inside an item, and stops the core's share", async () => {
    let ranHere = 0;
    const work = shareWork({
      threads: threadsEndingWith({ kind: 'failed', error: Object.assign(new Error('disk I/O error'), { code: 'SQLITE_IOERR' }) }),
      task: 'test',
      input: null,
      items: ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j'],
      resultWidth: 1,
      logger: silentLogger,
      runHere: async (claim) => {
        for (let chunk = claim(); chunk; chunk = claim()) {
          ranHere += chunk.length;
          await new Promise((resolve) => setImmediate(resolve));
        }
        return ranHere;
      },
    });
    await expect(work).rejects.toMatchObject({ message: 'disk I/O error', code: 'SQLITE_IOERR' });
    expect(ranHere).toBeLessThan(10);
  });

  it('does every item on the core thread when the task thread could not start', async () => {
    const done: string[] = [];
    const outcome = await shareWork({
      threads: threadsEndingWith({ kind: 'startFailed', reason: 'no such script' }),
      task: 'test',
      input: null,
      items: ['a', 'b', 'c', 'd', 'e'],
      resultWidth: 1,
      logger: silentLogger,
      runHere: async (claim) => {
        for (let chunk = claim(); chunk; chunk = claim()) done.push(...chunk);
        return done.length;
      },
    });
    expect(done).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(outcome.there).toEqual([]);
    expect(outcome.thread.fallback).toMatch(/could not start \(no such script\)/);
  });

  it('rethrows an error of its own share after the task thread ended', async () => {
    let ended = false;
    const threads: TaskThreads = {
      minItems: 1,
      start: () => ({
        started: null,
        finishedHeapMb: null,
        ended: new Promise<TaskEnd>((resolve) => setTimeout(() => resolve({ kind: 'finished' }), 20)).then((end) => {
          ended = true;
          return end;
        }),
        terminate: async () => {},
      }),
      close: async () => {},
    };
    const work = shareWork({
      threads,
      task: 'test',
      input: null,
      items: ['a', 'b'],
      resultWidth: 1,
      logger: silentLogger,
      runHere: async () => {
        throw new Error('customer b failed');
      },
    });
    await expect(work).rejects.toThrow('customer b failed');
    expect(ended).toBe(true);
  });
});
