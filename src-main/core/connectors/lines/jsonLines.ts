import { VendorError } from '../http/vendorError';

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
    pending += decoder.decode(chunk, { stream: true });
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
  pending += decoder.decode();
  if (pending.length > 0) yield pending;
}

/** Node's fetch body as an async iterable of chunks. */
export function bodyChunks(response: Response): AsyncIterable<Uint8Array> {
  const body = response.body;
  if (!body) return (async function* () {})();
  return body as unknown as AsyncIterable<Uint8Array>;
}
