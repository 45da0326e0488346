/**
 * The parse thread's half of reading an Amplitude export: it claims entries of the spooled ZIP from the
 * front (the core thread claims from the back), inflates, gunzips and parses them with the same line
 * parser the core thread uses, and sends compact batches back. A damaged ZIP or gzip becomes the job's
 * failure (the core rethrows it exactly as its own reader would).
 */
import type { BatchSender } from '../../parseThreads';
import { ParseJobFailure } from '../../parseThreads';
import { isVendorError } from '../http';
import { ZipError } from '../zip';
import { breakdownPicker } from './eventParser';
import { type AmplitudeZipJobInput, EventBatchBuilder } from './exportBatch';
import { claimFront, parseEntryInto } from './exportReader';

/** Events (or rejected lines) per batch: ~100 KB of columns, small enough to keep both threads busy. */
const BATCH_EVENTS = 4096;

export async function amplitudeZipJob(value: unknown, out: BatchSender): Promise<void> {
  const input = value as AmplitudeZipJobInput;
  const claims = new Int32Array(input.claims);
  const picker = breakdownPicker(input.propertyNames);
  const builder = new EventBatchBuilder(BATCH_EVENTS, input.propertyNames);
  const send = (batch: unknown, transfer: ArrayBuffer[]) => out.send(batch, transfer);
  for (;;) {
    const e = claimFront(claims);
    if (e < 0) return;
    const entry = input.entries[e];
    if (!entry || entry.directory) continue;
    try {
      await parseEntryInto(input.path, entry, e, picker, input, builder, send);
    } catch (error) {
      if (error instanceof ZipError) throw new ParseJobFailure({ type: 'zip', kind: error.kind, message: error.message });
      if (isVendorError(error))
        throw new ParseJobFailure({ type: 'vendor', code: error.code, message: error.message, retryable: error.retryable });
      throw error;
    }
  }
}
