/**
 * The parse thread's side: takes one job at a time from the core, runs its handler, and sends the
 * handler's batches back with credit-based flow control (at most MAX_UNACKED batches waiting in the
 * core's queue, so a slow core never makes the thread buffer a whole window).
 */
import type { MessagePort, Transferable } from 'node:worker_threads';
import type { CoreToParse, ParseFailure, ParseJob, ParseToCore } from './protocol';

export const MAX_UNACKED = 6;

export interface BatchSender {
  /** Sends a batch (its typed arrays' buffers transferred); resolves when the core has credit for another. */
  send(batch: unknown, transfer: Transferable[]): Promise<void>;
}

/** A handler throws a `ParseJobFailure` for an outcome the core must see as is (a damaged ZIP...). */
export class ParseJobFailure extends Error {
  constructor(readonly failure: ParseFailure) {
    super(failure.message);
  }
}

export type ParseJobHandler = (input: unknown, out: BatchSender) => Promise<void>;

export async function runParseThread(port: MessagePort, handlers: Record<string, ParseJobHandler>): Promise<void> {
  let unacked = 0;
  let creditWaiter: (() => void) | null = null;
  const jobs: ParseJob[] = [];
  let jobWaiter: (() => void) | null = null;
  const post = (message: ParseToCore, transfer: Transferable[] = []) => port.postMessage(message, transfer);
  port.on('message', (message: CoreToParse) => {
    if (message.kind === 'ack') {
      unacked--;
      creditWaiter?.();
      creditWaiter = null;
    } else {
      jobs.push(message.job);
      jobWaiter?.();
      jobWaiter = null;
    }
  });
  const out: BatchSender = {
    async send(batch, transfer) {
      unacked++;
      post({ kind: 'batch', batch }, transfer);
      while (unacked >= MAX_UNACKED) await new Promise<void>((resolve) => (creditWaiter = resolve));
    },
  };
  post({ kind: 'ready' });
  for (;;) {
    if (jobs.length === 0) await new Promise<void>((resolve) => (jobWaiter = resolve));
    const job = jobs.shift();
    if (!job) continue;
    const handler = handlers[job.kind];
    try {
      if (!handler) throw new Error(`No parse job named "${job.kind}".`);
      await handler(job.input, out);
      post({ kind: 'done' });
    } catch (error) {
      if (error instanceof ParseJobFailure) post({ kind: 'failed', failure: error.failure });
      else post({ kind: 'crashed', message: error instanceof Error ? (error.stack ?? error.message) : String(error) });
    }
  }
}
