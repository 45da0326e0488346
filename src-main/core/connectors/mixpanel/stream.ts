/**
 * Response body chunks with an idle timeout (no byte for `idleMs` → retryable TIMEOUT) and a record of
 * whether the body ended with a newline (to tell a stream cut mid-record from a malformed last line).
 * Read errors (a reset mid-stream, a broken gzip) become retryable NETWORK errors.
 */
import { safeUrl, VendorError } from '../http';
import { bodyChunks } from '../lines';

export interface TrackedBody {
  chunks: AsyncIterable<Uint8Array>;
  /** After iteration: true when the last byte was "\n" (or the body was empty). */
  endedWithNewline(): boolean;
  bytes(): number;
}

export function trackedBody(response: Response, url: string, signal: AbortSignal, idleMs: number): TrackedBody {
  let last = 10;
  let total = 0;
  const source = bodyChunks(response);
  async function* read(): AsyncGenerator<Uint8Array> {
    const iterator = source[Symbol.asyncIterator]();
    let finished = false;
    try {
      while (true) {
        if (signal.aborted) throw new VendorError('CANCELLED', 'The sync was cancelled.', false);
        let timer: NodeJS.Timeout | undefined;
        let onAbort: (() => void) | undefined;
        const idle = new Promise<never>((_, reject) => {
          onAbort = () => reject(new VendorError('CANCELLED', 'The sync was cancelled.', false));
          signal.addEventListener('abort', onAbort, { once: true });
          timer = setTimeout(
            () =>
              reject(
                new VendorError(
                  'TIMEOUT',
                  `Mixpanel stopped sending data for ${Math.round(idleMs / 1000)} s (${safeUrl(url)}). Pulse will retry.`,
                  true,
                ),
              ),
            idleMs,
          );
        });
        let step: IteratorResult<Uint8Array>;
        try {
          step = await Promise.race([iterator.next(), idle]);
        } catch (error) {
          if (error instanceof VendorError) throw error;
          if (signal.aborted) throw new VendorError('CANCELLED', 'The sync was cancelled.', false);
          const cause = (error as { cause?: { code?: string; message?: string } }).cause;
          throw new VendorError(
            'NETWORK',
            `The connection to Mixpanel dropped during the export (${cause?.code ?? cause?.message ?? (error as Error).message}). Pulse will retry the day.`,
            true,
          );
        } finally {
          clearTimeout(timer);
          if (onAbort) signal.removeEventListener('abort', onAbort);
        }
        if (step.done) {
          finished = true;
          return;
        }
        const chunk = step.value;
        if (chunk.length > 0) {
          last = chunk[chunk.length - 1] ?? last;
          total += chunk.length;
        }
        yield chunk;
      }
    } finally {
      if (!finished) {
        // Stop the download when the consumer gives up (error, cancel, early return).
        iterator.return?.().catch(() => undefined);
        response.body?.cancel().catch(() => undefined);
      }
    }
  }
  return { chunks: read(), endedWithNewline: () => last === 10, bytes: () => total };
}
