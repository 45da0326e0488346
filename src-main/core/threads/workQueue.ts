/**
 * A list of items shared by the threads working through it, in memory both can see (SharedArrayBuffer):
 * each item has one slot that says who holds it, and `resultWidth` integers for what the task thread
 * reports about it. Items are claimed one compare-and-swap at a time, so an item is never taken twice and
 * never lost: whatever a dead thread held is still marked as held by it, and whatever it finished is
 * marked done with its result beside it (no message in flight can be lost with a thread).
 */
export const FREE = 0;
/** Claimed by the thread that owns the list (the core). */
export const BY_OWNER = 1;
/** Claimed by the task thread and not yet finished. */
export const BY_TASK = 2;
/** Finished (committed) by the task thread. */
export const DONE_BY_TASK = 3;

type Holder = typeof BY_OWNER | typeof BY_TASK;

/**
 * Slot 0: a stop flag (1 = claim nothing more); slot 1: where the next free item probably is; slot 2: whose
 * write turn it is (0 = nobody); slots 3 and 4: microseconds the owner and the task thread waited for a
 * turn; then one slot an item.
 */
const HEADER = 5;
const TURN = 2;
const WAITED = { [BY_OWNER]: 3, [BY_TASK]: 4 } as const;
/** A turn not given within this long is taken anyway (its holder died mid-write): SQLite's own lock still guards the file. */
const TURN_PATIENCE_MS = 2000;

export class WorkQueue {
  private readonly slots: Int32Array;
  private readonly results: Int32Array;

  constructor(
    readonly items: readonly string[],
    readonly resultWidth: number,
    readonly buffer: SharedArrayBuffer = new SharedArrayBuffer((HEADER + items.length * (1 + resultWidth)) * 4),
  ) {
    if (buffer.byteLength !== (HEADER + items.length * (1 + resultWidth)) * 4)
      throw new Error('The work queue does not match its items.');
    this.slots = new Int32Array(buffer, 0, HEADER + items.length);
    this.results = new Int32Array(buffer, (HEADER + items.length) * 4);
  }

  get length(): number {
    return this.items.length;
  }

  /** Up to `size` free items for `holder` (their indexes), none once the list is used up or stopped. */
  claim(holder: Holder, size: number): number[] {
    const claimed: number[] = [];
    if (Atomics.load(this.slots, 0) !== 0) return claimed;
    let i = Atomics.load(this.slots, 1);
    for (; i < this.items.length && claimed.length < size; i++) {
      if (Atomics.compareExchange(this.slots, HEADER + i, FREE, holder) === FREE) claimed.push(i);
    }
    // Only a hint (the claim itself is the compare-and-swap): a smaller value just rescans a few slots.
    Atomics.store(this.slots, 1, i);
    return claimed;
  }

  /** The task thread committed this item; its result (`resultWidth` integers) is stored before the mark. */
  markDone(index: number, result: readonly number[]): void {
    for (let k = 0; k < this.resultWidth; k++) Atomics.store(this.results, index * this.resultWidth + k, result[k] ?? 0);
    Atomics.store(this.slots, HEADER + index, DONE_BY_TASK);
  }

  /** The results of every item the task thread finished. */
  taskResults(): number[][] {
    const out: number[][] = [];
    for (let i = 0; i < this.items.length; i++) {
      if (this.stateOf(i) !== DONE_BY_TASK) continue;
      const start = i * this.resultWidth;
      out.push(Array.from(this.results.subarray(start, start + this.resultWidth)));
    }
    return out;
  }

  /** How many items the task thread holds unfinished right now. */
  heldByTask(): number {
    let held = 0;
    for (let i = 0; i < this.items.length; i++) if (this.stateOf(i) === BY_TASK) held++;
    return held;
  }

  /** Nobody claims anything more (a failure: the work stops as it does on one thread). */
  stop(): void {
    Atomics.store(this.slots, 0, 1);
  }

  get stopped(): boolean {
    return Atomics.load(this.slots, 0) !== 0;
  }

  /**
   * Runs `write` (one transaction) while the other thread is not writing. SQLite would serialise the two
   * writers too, but its busy handler sleeps 1-100 ms between retries; here the waiter wakes the moment
   * the other thread's transaction ends.
   */
  inWriteTurn<T>(holder: Holder, write: () => T): T {
    const asked = performance.now();
    const deadline = asked + TURN_PATIENCE_MS;
    let mine = false;
    let waited = false;
    while (!mine) {
      const current = Atomics.compareExchange(this.slots, TURN, 0, holder);
      if (current === 0) mine = true;
      else if (performance.now() > deadline) break;
      else {
        waited = true;
        Atomics.wait(this.slots, TURN, current, 50);
      }
    }
    if (waited) Atomics.add(this.slots, WAITED[holder], Math.round((performance.now() - asked) * 1000));
    try {
      return write();
    } finally {
      if (mine) {
        Atomics.store(this.slots, TURN, 0);
        Atomics.notify(this.slots, TURN);
      }
    }
  }

  /** Milliseconds each side spent waiting for the other's write turn so far. */
  turnWaits(): { owner: number; task: number } {
    return {
      owner: Atomics.load(this.slots, WAITED[BY_OWNER]) / 1000,
      task: Atomics.load(this.slots, WAITED[BY_TASK]) / 1000,
    };
  }

  /** Items the task thread claimed and did not finish, taken over by the owner (after the thread ended). */
  takeOverUnfinished(): number[] {
    const taken: number[] = [];
    for (let i = 0; i < this.items.length; i++) {
      if (Atomics.compareExchange(this.slots, HEADER + i, BY_TASK, BY_OWNER) === BY_TASK) taken.push(i);
    }
    return taken;
  }

  stateOf(index: number): number {
    return Atomics.load(this.slots, HEADER + index);
  }
}
