// A core worker script whose core thread lets its TASK thread go first (tests that need the task thread
// to recompute some customers however quickly the core alone would finish): the real entry, plus, in
// the core thread, claims that wait (up to a minute) until the task thread has claimed its first items.
// A task thread started from this script runs unchanged.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
if (workerData?.role !== 'task') {
  const { BY_OWNER, BY_TASK, DONE_BY_TASK, WorkQueue } = await import('../../src-main/core/threads/workQueue.ts');
  const claim = WorkQueue.prototype.claim;
  const pause = new Int32Array(new SharedArrayBuffer(4));
  WorkQueue.prototype.claim = function claimAfterTheTaskThread(holder, size) {
    if (holder === BY_OWNER) {
      const deadline = Date.now() + 60_000;
      const taskHasSome = () => this.items.some((_, i) => this.stateOf(i) === BY_TASK || this.stateOf(i) === DONE_BY_TASK);
      while (!taskHasSome() && !this.stopped && Date.now() < deadline) Atomics.wait(pause, 0, 0, 5);
    }
    return claim.call(this, holder, size);
  };
}
await import('../../src-main/worker/entry.ts');
