export { TASK_THREAD_LIMITS } from './heapLimits';
export type { TaskStartData } from './protocol';
export { type SharedWorkOutcome, shareWork } from './shareWork';
export { runTaskThread, TASK_CHUNK, type TaskContext, type TaskHandler } from './taskRunner';
export { type TaskEnd, type TaskThread, type TaskThreads, workerTaskThreads } from './taskThreads';
export { WorkQueue } from './workQueue';
