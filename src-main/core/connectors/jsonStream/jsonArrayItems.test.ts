import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { VendorError } from '../http/vendorError';
import { type JsonArrayItemsOptions, jsonArrayItems } from './jsonArrayItems';

const samples = join(__dirname, '..', '..', '..', '..', '..', 'shared', 'vendor-samples', 'pendo');

async function* chunked(text: string, size: number): AsyncGenerator<Uint8Array> {
  const bytes = new TextEncoder().encode(text);
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, Math.min(bytes.length, i + size));
}

async function collect(text: string, size: number, options: Partial<JsonArrayItemsOptions> = {}): Promise<unknown[]> {
  const out: unknown[] = [];
  for await (const item of jsonArrayItems(chunked(text, size), { vendorName: 'Pendo', field: 'results', ...options }))
    out.push(item);
  return out;
}

async function failure(text: string, size: number, options: Partial<JsonArrayItemsOptions> = {}): Promise<VendorError> {
  try {
    await collect(text, size, options);
  } catch (error) {
    expect(error).toBeInstanceOf(VendorError);
    return error as VendorError;
  }
  throw new Error('expected a failure');
}

const SIZES = [1, 2, 3, 7, 64, 100_000];

describe('jsonArrayItems', () => {
  it.each([
    'feature-events-response.json',
    'page-events-response.json',
    'visitors-response.json',
    'accounts-select-response.json',
    'features-id-name-response.json',
  ])('yields exactly the results of the real sample %s at every chunk size', async (file) => {
    const text = readFileSync(join(samples, file), 'utf8');
    const expected = (JSON.parse(text) as { results: unknown[] }).results;
    for (const size of SIZES) expect(await collect(text, size)).toEqual(expected);
  });

  it('handles whitespace, empty arrays, null results and other properties around the array', async () => {
    for (const size of SIZES) {
      expect(await collect(' \n{ "results" : [ ] } \n', size)).toEqual([]);
      expect(await collect('{"results":null}', size)).toEqual([]);
      expect(await collect('{ "results" : null , "x": 1 }', size)).toEqual([]);
      expect(
        await collect(
          '{"startTime":1,"meta":{"a":[1,{"b":"]}"}]},"results":[1,"a,b",{"c":"}\\""},[2,[3]],true,null],"tail":"x"}',
          size,
        ),
      ).toEqual([1, 'a,b', { c: '}"' }, [2, [3]], true, null]);
    }
  });

  it('decodes multi-byte UTF-8 split across chunks', async () => {
    const text = JSON.stringify({ results: [{ name: 'Zürich 東京 🚀' }] });
    for (const size of [1, 2, 3, 5]) expect(await collect(text, size)).toEqual([{ name: 'Zürich 東京 🚀' }]);
  });

  it('reads a bare top-level array when field is null', async () => {
    for (const size of SIZES) {
      expect(await collect('[{"id":"a"}, {"id":"b"}]', size, { field: null })).toEqual([{ id: 'a' }, { id: 'b' }]);
      expect(await collect('[]', size, { field: null })).toEqual([]);
    }
    const error = await failure('{"results":[]}', 4, { field: null });
    expect(error.message).toContain('expected a JSON array');
  });

  it('flags a stream that ends inside the array as cut off and retryable', async () => {
    const text = readFileSync(join(samples, 'page-events-response.json'), 'utf8');
    for (const cut of [0, 1, 15, Math.floor(text.length / 2), text.length - 4, text.length - 2]) {
      const error = await failure(text.slice(0, cut), 7);
      expect(error.code).toBe('VENDOR_BAD_RESPONSE');
      expect(error.retryable).toBe(true);
      expect(error.message).toContain('cut off');
    }
  });

  it('yields the rows seen before a cut (the caller discards them with the sink)', async () => {
    const seen: unknown[] = [];
    await expect(
      (async () => {
        for await (const item of jsonArrayItems(chunked('{"results":[{"a":1},{"a":2},{"a"', 3), {
          vendorName: 'Pendo',
          field: 'results',
        })) {
          seen.push(item);
        }
      })(),
    ).rejects.toThrow(/cut off/);
    expect(seen).toEqual([{ a: 1 }, { a: 2 }]);
  });

  it('rejects an HTML page, the wrong shape and broken JSON with non-retryable errors naming what was expected', async () => {
    const html = await failure('<!DOCTYPE html><html><body>Sign in</body></html>', 5);
    expect(html.retryable).toBe(false);
    expect(html.message).toContain('web page');

    const wrong = await failure('{"data":[1,2]}', 4);
    expect(wrong.retryable).toBe(false);
    expect(wrong.message).toContain('expected a JSON object {"results": [...]}');
    expect(wrong.message).toContain('without "results"');

    expect((await failure('[1,2]', 4)).message).toContain('got an array');
    expect((await failure('{"results":{"a":1}}', 4)).message).toContain('"results" as an object');
    expect((await failure('{"results":12}', 4)).message).toContain('"results" as a non-array value');
    expect((await failure('{"results":nope}', 4)).message).toContain('unexpected shape');
    expect((await failure('42', 4)).message).toContain('got a single value');
    expect((await failure('{"results":[1] x', 4)).message).toContain('not valid JSON');
    expect((await failure('{"results":[1 2]}', 4)).message).toContain('not valid JSON');
    expect((await failure('{"results":[1]}garbage', 4)).message).toContain('after the end');
  });

  it('reports malformed elements through onMalformedItem and continues', async () => {
    const reasons: string[] = [];
    const items = await collect('{"results":[{"a":1},{"a":nope},{"b":2},{"c":1,}]}', 3, {
      onMalformedItem: (r) => reasons.push(r),
    });
    expect(items).toEqual([{ a: 1 }, { b: 2 }]);
    expect(reasons).toHaveLength(2);
    expect(reasons[0]).toContain('not valid JSON');
    // reported in document order, and without the element's text (it may hold personal data)
    const log: string[] = [];
    for await (const item of jsonArrayItems(chunked('{"results":[{"a":1},{"email":"x@y.example",},{"b":2}]}', 100_000), {
      vendorName: 'Pendo',
      field: 'results',
      onMalformedItem: (r) => log.push(r),
    })) {
      log.push(JSON.stringify(item));
    }
    expect(log).toEqual(['{"a":1}', "an element of Pendo's answer is not valid JSON (24 characters)", '{"b":2}']);
    const noHandler = await failure('{"results":[{"a":nope}]}', 3);
    expect(noHandler.retryable).toBe(false);
  });

  it('refuses an element larger than the limit', async () => {
    const text = JSON.stringify({ results: [{ big: 'x'.repeat(5000) }] });
    const error = await failure(text, 100, { maxItemChars: 1000 });
    expect(error.message).toContain('larger than 1000');
  });

  it('turns a failing body stream into NETWORK, TIMEOUT or CANCELLED', async () => {
    async function* failing(error: unknown): AsyncGenerator<Uint8Array> {
      yield new TextEncoder().encode('{"results":[{"a":1},');
      throw error;
    }
    const run = async (error: unknown, signal?: AbortSignal): Promise<VendorError> => {
      try {
        for await (const _ of jsonArrayItems(failing(error), { vendorName: 'Pendo', field: 'results', signal })) {
          // drain
        }
      } catch (e) {
        return e as VendorError;
      }
      throw new Error('expected failure');
    };
    const dropped = await run(new TypeError('terminated', { cause: { code: 'ECONNRESET' } }));
    expect([dropped.code, dropped.retryable]).toEqual(['NETWORK', true]);
    expect(dropped.message).toContain('ECONNRESET');
    const timeout = await run(new DOMException('timed out', 'TimeoutError'));
    expect([timeout.code, timeout.retryable]).toEqual(['TIMEOUT', true]);
    const controller = new AbortController();
    controller.abort();
    const cancelled = await run(new DOMException('aborted', 'AbortError'), controller.signal);
    expect([cancelled.code, cancelled.retryable]).toEqual(['CANCELLED', false]);
  });

  it('streams a large answer with flat memory use (one element at a time)', async () => {
    const rows = 200_000;
    async function* big(): AsyncGenerator<Uint8Array> {
      const enc = new TextEncoder();
      yield enc.encode('{"results":[');
      for (let i = 0; i < rows; i += 1000) {
        const part: string[] = [];
        for (let j = i; j < i + 1000; j++) part.push(`${j === 0 ? '' : ','}{"visitorId":"v${j}","numEvents":${j % 7}}`);
        yield enc.encode(part.join(''));
      }
      yield enc.encode(']}');
    }
    let count = 0;
    let sum = 0;
    for await (const item of jsonArrayItems(big(), { vendorName: 'Pendo', field: 'results' })) {
      count++;
      sum += (item as { numEvents: number }).numEvents;
    }
    expect(count).toBe(rows);
    expect(sum).toBeGreaterThan(0);
  });
});
