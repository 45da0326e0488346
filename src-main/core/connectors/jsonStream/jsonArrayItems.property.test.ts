import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isVendorError } from '../http';
import { jsonArrayItems } from './jsonArrayItems';

/**
 * Hostile JSON bodies streamed in random chunk sizes: valid answers, answers cut anywhere, random text
 * and HTML pages end in the items or in a specific VendorError, never another exception or a hang.
 */
async function* chunked(text: string, sizes: number[]): AsyncGenerator<Uint8Array> {
  const bytes = Buffer.from(text, 'utf8');
  let at = 0;
  let i = 0;
  while (at < bytes.length) {
    const size = Math.max(1, sizes[i++ % Math.max(1, sizes.length)] ?? 7);
    yield bytes.subarray(at, at + size);
    at += size;
  }
}

const validBody = fc.array(fc.jsonValue({ maxDepth: 2 }), { maxLength: 8 }).map((results) => JSON.stringify({ results }));
const body = fc.oneof(
  validBody,
  validBody.chain((b) => fc.integer({ min: 0, max: b.length }).map((cut) => b.slice(0, cut))),
  fc.string({ maxLength: 120 }),
  fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v) ?? ''),
  fc.constantFrom('<!DOCTYPE html><html><body>Error</body></html>', '{"results": null}', '{"results": {}}', ''),
);

describe('streaming JSON array reader under random and mutated bodies', () => {
  it('ends in the items or a specific VendorError', async () => {
    await fc.assert(
      fc.asyncProperty(body, fc.array(fc.integer({ min: 1, max: 40 }), { minLength: 1, maxLength: 5 }), async (text, sizes) => {
        try {
          for await (const item of jsonArrayItems(chunked(text, sizes), {
            vendorName: 'Pendo',
            field: 'results',
            onMalformedItem: () => {},
          }))
            void item;
        } catch (error) {
          expect(isVendorError(error)).toBe(true);
          if (isVendorError(error)) expect(error.message).toMatch(/Pendo/);
        }
      }),
      { numRuns: 400 },
    );
  });
});
