/**
 * What the core hands a parse thread (workerData) and the messages of one parse job. The thread runs the
 * SAME script as the core worker (entry.ts dispatches on `role`), so nothing new is bundled or registered.
 */
export interface ParseStartData {
  role: 'parse';
}

/** A job as sent to the thread: `kind` names the handler (e.g. 'amplitude.zip'), the rest is its input. */
export interface ParseJob {
  kind: string;
  input: unknown;
}

/** An error the handler means as the job's outcome (the core rethrows it as a vendor or ZIP error). */
export type ParseFailure =
  | { type: 'zip'; kind: 'truncated' | 'invalid' | 'unsupported'; message: string }
  | { type: 'vendor'; code: string; message: string; retryable: boolean };

export type CoreToParse = { kind: 'job'; job: ParseJob } | { kind: 'ack' };

export type ParseToCore =
  /** The thread is running (sent once, before any job). */
  | { kind: 'ready' }
  | { kind: 'batch'; batch: unknown }
  | { kind: 'done' }
  | { kind: 'failed'; failure: ParseFailure }
  /** Anything else that went wrong in the thread: the core treats it as a lost thread and parses the rest itself. */
  | { kind: 'crashed'; message: string };
