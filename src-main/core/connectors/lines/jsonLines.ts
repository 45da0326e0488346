import { VendorError } from '../http/vendorError';

/**
 * Bytes decoded at a time. A decoded string over ~128 kB lives in V8's large-object space, which only a
 * full collection frees, and every line sliced from it keeps it alive: whole decompressed export files
 * (several MB) decoded at once piled up there between full collections.
 */
const DECODE_BYTES = 64 * 1024;

/**
 * Splits a byte stream into lines without holding more than one partial line. Decodes UTF-8 across
 * chunk boundaries. Used for Mixpanel exports and the JSON-lines inside Amplitude's gzip entries.
 */
export async function* splitLines(
  chunks: AsyncIterable<Uint8Array>,
  options: { maxLineBytes?: number } = {},
): AsyncGenerator<string> {
  const maxLine = options.maxLineBytes ?? 16 * 1024 * 1024;
  const decoder = new TextDecoder('utf-8');
  let pending = '';
  for await (const chunk of chunks) {
    for (let at = 0; at < chunk.length; at += DECODE_BYTES) {
      pending += decoder.decode(chunk.length <= DECODE_BYTES ? chunk : chunk.subarray(at, at + DECODE_BYTES), { stream: true });
      let start = 0;
      let newline = pending.indexOf('\n', start);
      while (newline !== -1) {
        const line = pending.charCodeAt(newline - 1) === 13 ? pending.slice(start, newline - 1) : pending.slice(start, newline);
        if (line.length > 0) yield line;
        start = newline + 1;
        newline = pending.indexOf('\n', start);
      }
      pending = pending.slice(start);
      if (pending.length > maxLine) {
        throw new VendorError(
          'VENDOR_BAD_RESPONSE',
          `A line in the export is longer than ${maxLine} bytes; the stream is not JSON lines.`,
          false,
        );
      }
    }
  }
  pending += decoder.decode();
  if (pending.length > 0) yield pending;
}

/** Node's fetch body as an async iterable of chunks. */
export function bodyChunks(response: Response): AsyncIterable<Uint8Array> {
  const body = response.body;
  if (!body) return (async function* () {})();
  return body as unknown as AsyncIterable<Uint8Array>;
}
