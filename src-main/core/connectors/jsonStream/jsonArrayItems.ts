import { VendorError } from '../http/vendorError';

/**
 * A streaming reader for JSON documents whose payload is one big array: either the top-level value
 * (`[ {...}, {...} ]`, e.g. Pendo's GET /api/v1/page) or one top-level property of an object
 * (`{"results":[ {...}, ... ]}`, Pendo's aggregation answer; like ijson's `results.item`).
 *
 * It never holds more than one array element (plus a partial chunk): elements are delimited with a
 * character scanner (strings, escapes and bracket depth) and each element's text is parsed on its own
 * with JSON.parse. Other properties of the top-level object are skipped without being stored.
 *
 * Errors are VendorErrors:
 * - the stream ends before the document is complete → retryable VENDOR_BAD_RESPONSE ("cut off");
 * - an HTML page, JSON of another shape, or broken JSON outside the array → non-retryable VENDOR_BAD_RESPONSE;
 * - an element that is not valid JSON → `onMalformedItem(reason)` when given (the reader continues with
 *   the next element), otherwise a non-retryable VENDOR_BAD_RESPONSE;
 * - the body stream failing (reset, timeout, cancel) → NETWORK / TIMEOUT (retryable) or CANCELLED.
 */
export interface JsonArrayItemsOptions {
  /** For messages: "Pendo". */
  vendorName: string;
  /** The top-level property holding the array, or null when the document itself is the array. */
  field: string | null;
  /** A `null` value for `field` means "no items" (Pendo answers `results: null`). Default true. */
  allowNull?: boolean;
  /** Called with a plain reason for every element that is not valid JSON; the reader continues. */
  onMalformedItem?: (reason: string) => void;
  /** Largest element accepted, in characters (default 16 Mi). */
  maxItemChars?: number;
  /** The caller's cancel signal, to tell a cancel from a timeout when the body stream fails. */
  signal?: AbortSignal;
  /** What the document should look like, for wrong-shape messages. Default derived from `field`. */
  expected?: string;
}

const S = {
  Start: 0,
  ObjKeyOrEnd: 1,
  ObjKey: 2,
  ObjColon: 3,
  ObjValue: 4,
  SkipValue: 5,
  Literal: 6,
  ArrItemOrEnd: 7,
  ArrItem: 8,
  ArrCommaOrEnd: 9,
  ObjCommaOrEnd: 10,
  Done: 11,
  ObjKeyAfterComma: 12,
} as const;
type State = (typeof S)[keyof typeof S];

const QUOTE = 34;
const BACKSLASH = 92;
const COMMA = 44;
const COLON = 58;
const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;
const OPEN_BRACKET = 91;
const CLOSE_BRACKET = 93;
const LT = 60;

function isWs(c: number): boolean {
  return c === 32 || c === 10 || c === 13 || c === 9 || c === 0xfeff;
}

class Malformed {
  constructor(readonly reason: string) {}
}

/** Scans one JSON value (any type) character by character; reports where it ends. */
class ValueScanner {
  depth = 0;
  inString = false;
  escape = false;
  started = false;

  reset(): void {
    this.depth = 0;
    this.inString = false;
    this.escape = false;
    this.started = false;
  }

  /** 0 = continue, 1 = the value ends with this character (inclusive), 2 = it ended just before it. */
  step(c: number): 0 | 1 | 2 {
    const first = !this.started;
    this.started = true;
    if (this.inString) {
      if (this.escape) this.escape = false;
      else if (c === BACKSLASH) this.escape = true;
      else if (c === QUOTE) {
        this.inString = false;
        if (this.depth === 0) return 1;
      }
      return 0;
    }
    if (c === QUOTE) {
      this.inString = true;
      return 0;
    }
    if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      this.depth++;
      return 0;
    }
    if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
      if (this.depth === 0) return first ? 1 : 2;
      this.depth--;
      return this.depth === 0 ? 1 : 0;
    }
    if (this.depth === 0 && !first && (c === COMMA || isWs(c))) return 2;
    return 0;
  }
}

export async function* jsonArrayItems(
  chunks: AsyncIterable<Uint8Array>,
  options: JsonArrayItemsOptions,
): AsyncGenerator<unknown> {
  const vendor = options.vendorName;
  const field = options.field;
  const allowNull = options.allowNull ?? true;
  const maxItem = options.maxItemChars ?? 16 * 1024 * 1024;
  const expected = options.expected ?? (field === null ? 'a JSON array [...]' : `a JSON object {"${field}": [...]}`);

  const wrongShape = (got: string): VendorError =>
    new VendorError(
      'VENDOR_BAD_RESPONSE',
      `${vendor} answered with JSON of an unexpected shape: expected ${expected}, got ${got}.`,
      false,
    );
  const notJson = (detail: string): VendorError =>
    new VendorError('VENDOR_BAD_RESPONSE', `${vendor} sent an answer that is not valid JSON (${detail}).`, false);
  const htmlPage = (): VendorError =>
    new VendorError(
      'VENDOR_BAD_RESPONSE',
      `${vendor} sent a web page instead of an API answer. Check the region or base URL in Settings → Connections (a proxy or login page may be in the way).`,
      false,
    );

  const decoder = new TextDecoder('utf-8');
  const scanner = new ValueScanner();
  let state: State = S.Start;
  let inArrayDocument = false; // the current array is the payload
  let key = '';
  let keyEscape = false;
  let targetSeen = false;
  let literal = '';
  let item = '';
  const items: unknown[] = [];

  const finishItem = (text: string): void => {
    const trimmed = text.trim();
    try {
      items.push(JSON.parse(trimmed));
    } catch {
      // The parser's message quotes the element's text, which can hold personal data: keep it out.
      const reason = `an element of ${vendor}'s answer is not valid JSON (${trimmed.length} characters)`;
      if (!options.onMalformedItem) throw notJson(reason);
      items.push(new Malformed(reason)); // reported in order, when the reader reaches it
    }
  };

  const feed = (text: string): void => {
    let itemStart = state === S.ArrItem ? 0 : -1;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      switch (state) {
        case S.Start: {
          if (isWs(c)) break;
          if (c === LT) throw htmlPage();
          if (field === null) {
            if (c !== OPEN_BRACKET) throw wrongShape(c === OPEN_BRACE ? 'an object' : 'a single value');
            inArrayDocument = true;
            state = S.ArrItemOrEnd;
          } else {
            if (c !== OPEN_BRACE) throw wrongShape(c === OPEN_BRACKET ? 'an array' : 'a single value');
            state = S.ObjKeyOrEnd;
          }
          break;
        }
        case S.ObjKeyOrEnd:
        case S.ObjKeyAfterComma: {
          if (isWs(c)) break;
          if (c === QUOTE) {
            key = '';
            keyEscape = false;
            state = S.ObjKey;
          } else if (c === CLOSE_BRACE && state === S.ObjKeyOrEnd) {
            state = S.Done;
          } else throw notJson('expected a property name');
          break;
        }
        case S.ObjKey: {
          if (keyEscape) {
            keyEscape = false;
            key += String.fromCharCode(c);
          } else if (c === BACKSLASH) keyEscape = true;
          else if (c === QUOTE) state = S.ObjColon;
          else if (key.length < 1024) key += String.fromCharCode(c);
          break;
        }
        case S.ObjColon: {
          if (isWs(c)) break;
          if (c !== COLON) throw notJson('expected ":" after a property name');
          state = S.ObjValue;
          break;
        }
        case S.ObjValue: {
          if (isWs(c)) break;
          if (key === field && !targetSeen) {
            targetSeen = true;
            if (c === OPEN_BRACKET) {
              state = S.ArrItemOrEnd;
            } else if (c === 110 /* n */ && allowNull) {
              literal = 'n';
              state = S.Literal;
            } else {
              throw wrongShape(
                `"${field}" as ${c === OPEN_BRACE ? 'an object' : c === QUOTE ? 'a string' : 'a non-array value'}`,
              );
            }
          } else {
            if (c === CLOSE_BRACE || c === CLOSE_BRACKET || c === COMMA) throw notJson('a property without a value');
            scanner.reset();
            const r = scanner.step(c);
            if (r === 1) {
              state = S.ObjCommaOrEnd;
            } else if (r === 2) throw notJson('unexpected character');
            else state = S.SkipValue;
          }
          break;
        }
        case S.SkipValue: {
          const r = scanner.step(c);
          if (r === 1) {
            state = S.ObjCommaOrEnd;
          } else if (r === 2) {
            state = S.ObjCommaOrEnd;
            i--; // the delimiter belongs to the object
          }
          break;
        }
        case S.Literal: {
          if (c === COMMA || c === CLOSE_BRACE || isWs(c)) {
            if (literal !== 'null') throw wrongShape(`"${field}" as ${literal.slice(0, 20)}`);
            state = S.ObjCommaOrEnd;
            i--;
          } else {
            literal += String.fromCharCode(c);
            if (literal.length > 8) throw wrongShape(`"${field}" as a non-array value`);
          }
          break;
        }
        case S.ArrItemOrEnd:
        case S.ArrCommaOrEnd: {
          if (isWs(c)) break;
          if (c === CLOSE_BRACKET) {
            state = inArrayDocument ? S.Done : S.ObjCommaOrEnd;
            break;
          }
          if (state === S.ArrCommaOrEnd) {
            if (c !== COMMA) throw notJson('expected "," between elements');
            state = S.ArrItemOrEnd;
            break;
          }
          if (c === COMMA) throw notJson('an empty element');
          scanner.reset();
          item = '';
          itemStart = i;
          const r = scanner.step(c);
          if (r === 1) {
            finishItem(text.slice(itemStart, i + 1));
            itemStart = -1;
            state = S.ArrCommaOrEnd;
          } else state = S.ArrItem;
          break;
        }
        case S.ArrItem: {
          const r = scanner.step(c);
          if (r === 0) {
            if (item.length + (i - itemStart) > maxItem) {
              throw new VendorError(
                'VENDOR_BAD_RESPONSE',
                `${vendor} sent one element larger than ${maxItem} characters; Pulse cannot read it.`,
                false,
              );
            }
            break;
          }
          const end = r === 1 ? i + 1 : i;
          finishItem(item + text.slice(itemStart, end));
          item = '';
          itemStart = -1;
          state = S.ArrCommaOrEnd;
          if (r === 2) i--;
          break;
        }
        case S.ObjCommaOrEnd: {
          if (isWs(c)) break;
          if (c === COMMA) state = S.ObjKeyAfterComma;
          else if (c === CLOSE_BRACE) state = S.Done;
          else throw notJson('expected "," or "}"');
          break;
        }
        case S.Done: {
          if (!isWs(c)) throw notJson('unexpected text after the end of the document');
          break;
        }
      }
    }
    if (state === S.ArrItem && itemStart >= 0) {
      item += text.slice(itemStart);
      if (item.length > maxItem) {
        throw new VendorError(
          'VENDOR_BAD_RESPONSE',
          `${vendor} sent one element larger than ${maxItem} characters; Pulse cannot read it.`,
          false,
        );
      }
    }
  };

  // `feed` moves the state; read it through a function so the compiler does not narrow it here.
  const current = (): State => state;
  const iterator = chunks[Symbol.asyncIterator]();
  try {
    while (true) {
      let next: IteratorResult<Uint8Array>;
      try {
        next = await iterator.next();
      } catch (error) {
        throw streamFailure(vendor, error, options.signal);
      }
      if (next.done) break;
      feed(decoder.decode(next.value, { stream: true }));
      for (const value of items.splice(0)) {
        if (value instanceof Malformed) options.onMalformedItem?.(value.reason);
        else yield value;
      }
    }
    feed(decoder.decode());
    for (const value of items.splice(0)) {
      if (value instanceof Malformed) options.onMalformedItem?.(value.reason);
      else yield value;
    }
  } finally {
    if (current() !== S.Done) await iterator.return?.().catch(() => {});
  }

  const end = current();
  if (end === S.Done) {
    if (field !== null && !targetSeen) throw wrongShape(`an object without "${field}"`);
    return;
  }
  if (end === S.Start) {
    throw new VendorError(
      'VENDOR_BAD_RESPONSE',
      `${vendor} sent an empty answer (the response was cut off). Pulse will retry.`,
      true,
    );
  }
  throw new VendorError(
    'VENDOR_BAD_RESPONSE',
    `${vendor}'s answer ended too early (the response was cut off). Pulse will retry.`,
    true,
  );
}

/** A failing body stream as a VendorError: cancelled by the user, timed out, or the connection dropped. */
export function streamFailure(vendorName: string, error: unknown, signal?: AbortSignal): VendorError {
  if (error instanceof VendorError) return error;
  if (signal?.aborted) return new VendorError('CANCELLED', 'The sync was cancelled.', false);
  const name = (error as { name?: string } | null)?.name;
  if (name === 'TimeoutError' || name === 'AbortError') {
    return new VendorError('TIMEOUT', `${vendorName} took too long to send its answer. Pulse will retry.`, true);
  }
  const cause = (error as { cause?: { code?: string } } | null)?.cause?.code ?? (error as Error | null)?.message ?? 'unknown';
  return new VendorError(
    'NETWORK',
    `The connection to ${vendorName} dropped while reading its answer (${cause}). Pulse will retry.`,
    true,
  );
}
