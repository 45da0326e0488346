import { describe, expect, it } from 'vitest';
import { inParallel, pollDelayMs } from './cohorts';

/** A run whose end the test decides, to see how many are in flight. */
function gate() {
  const waiting: Array<{ item: number; finish: (fail?: boolean) => void }> = [];
  let running = 0;
  let peak = 0;
  const run = (item: number): Promise<number> =>
    new Promise<number>((resolve, reject) => {
      running++;
      peak = Math.max(peak, running);
      waiting.push({
        item,
        finish: (fail) => {
          running--;
          if (fail) reject(new Error(`item ${item} failed`));
          else resolve(item * 10);
        },
      });
    });
  const settle = () => new Promise((r) => setTimeout(r, 0));
  return { run, waiting, settle, peak: () => peak };
}

describe('inParallel', () => {
  it('runs at most the given number at once and returns results in the items order', async () => {
    const g = gate();
    const done = inParallel([1, 2, 3, 4, 5], 2, g.run);
    await g.settle();
    expect(g.waiting.map((w) => w.item)).toEqual([1, 2]);
    // Finish out of order: the next item starts in the freed lane.
    g.waiting[1]?.finish();
    await g.settle();
    expect(g.waiting.map((w) => w.item)).toEqual([1, 2, 3]);
    for (const w of [g.waiting[0], g.waiting[2]]) w?.finish();
    await g.settle();
    for (const w of g.waiting.slice(3)) w.finish();
    await g.settle();
    expect(await done).toEqual([10, 20, 30, 40, 50]);
    expect(g.peak()).toBe(2);
  });

  it('starts nothing new after a failure, waits for the runs in flight, and throws the first failure in order', async () => {
    const g = gate();
    const done = inParallel([1, 2, 3, 4, 5], 3, g.run).catch((e: Error) => e);
    await g.settle();
    expect(g.waiting.map((w) => w.item)).toEqual([1, 2, 3]);
    g.waiting[2]?.finish(true);
    await g.settle();
    g.waiting[1]?.finish(true);
    g.waiting[0]?.finish();
    expect(((await done) as Error).message).toBe('item 2 failed');
    expect(g.waiting.map((w) => w.item)).toEqual([1, 2, 3]);
  });

  it('handles no items', async () => {
    expect(await inParallel([], 4, async () => 1)).toEqual([]);
  });
});

describe('pollDelayMs', () => {
  it('polls soon at first, then twice as long each time, never longer than the setting', () => {
    expect(Array.from({ length: 6 }, (_, poll) => pollDelayMs(poll, 2_000))).toEqual([250, 500, 1_000, 2_000, 2_000, 2_000]);
    expect(Array.from({ length: 3 }, (_, poll) => pollDelayMs(poll, 5))).toEqual([5, 5, 5]);
    expect(pollDelayMs(10_000, 60_000)).toBe(60_000);
  });
});
