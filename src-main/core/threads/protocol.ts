/**
 * What the core hands a task thread at start (workerData, structured-cloned) and what the thread says
 * back. The thread runs the SAME script as the core worker (bootstrap.mjs in a source checkout,
 * out/main/worker.js in the desktop build), which dispatches on `role`.
 */
export interface TaskStartData {
  role: 'task';
  /** The registered task to run, e.g. 'health.recompute'. */
  task: string;
  /** The workspace database the thread opens its own connection to. */
  databasePath: string;
  nativeBinding: string | null;
  /** The migrations the core's code knows: the thread refuses a workspace whose applied ones differ. */
  migrations: string[];
  /** The work queue's shared memory and its items. */
  queue: SharedArrayBuffer;
  items: string[];
  resultWidth: number;
  /** The task's own input (plain data). */
  input: unknown;
}

/** An error as it crosses threads: enough to rebuild a CoreError or a SQLite error with its code. */
export interface ThreadError {
  name: string;
  message: string;
  code: string | null;
  stack: string | null;
}

export type TaskToCore =
  /** youngGenerationMb: the young-generation limit the thread runs with (null: V8's default). */
  | { kind: 'ready'; heapUsedMb: number; youngGenerationMb: number | null }
  | { kind: 'startFailed'; error: ThreadError }
  /** An error inside an item: the task stops, as one thread would. */
  | { kind: 'failed'; error: ThreadError }
  | { kind: 'finished'; heapUsedMb: number };
