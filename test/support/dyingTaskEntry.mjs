// A core worker script whose TASK threads die mid-way (tests of the fallback): the real entry, plus, in a
// task thread, a timer that ends the thread (exit code 1) once it has committed a few items while it
// still holds claimed, unfinished ones. The core thread itself runs unchanged.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
if (workerData?.role === 'task') {
  const { WorkQueue } = await import('../../src-main/core/threads/workQueue.ts');
  const queue = new WorkQueue(workerData.items, workerData.resultWidth, workerData.queue);
  const doneByTask = () => workerData.items.filter((_, i) => queue.stateOf(i) === 3).length;
  setInterval(() => {
    if (doneByTask() >= 2 && queue.heldByTask() > 0) process.exit(1);
  }, 1);
}
await import('../../src-main/worker/entry.ts');
