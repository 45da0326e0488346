import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { buildZip } from '../amplitude/testFixtures';
import { openZipEntry, readZipDirectory, ZipError } from './index';

/**
 * Hostile downloads: random bytes and valid archives cut short or with bytes flipped never crash the
 * reader; each ends either in the entries' bytes or in a ZipError saying truncated/invalid/unsupported.
 */
const dir = mkdtempSync(join(tmpdir(), 'pulse-zip-prop-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;

async function readEverything(bytes: Uint8Array): Promise<'read' | ZipError['kind']> {
  const path = join(dir, `${n++}.zip`);
  writeFileSync(path, bytes);
  try {
    for (const entry of await readZipDirectory(path)) {
      for await (const chunk of await openZipEntry(path, entry)) void chunk;
    }
    return 'read';
  } catch (error) {
    if (error instanceof ZipError) return error.kind;
    throw error;
  } finally {
    rmSync(path, { force: true });
  }
}

const valid = buildZip([
  { name: 'p/', data: Buffer.alloc(0) },
  { name: 'p/a.json', data: Buffer.from('{"event_type":"a"}\n'.repeat(20)) },
  { name: 'p/b.json', data: Buffer.from('{"event_type":"b"}\n'.repeat(200)), method: 8, descriptor: true },
]);

describe('zip reader under random and mutated input', () => {
  it('random bytes end in a ZipError, never a crash', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 400 }), async (bytes) => {
        expect(await readEverything(bytes)).not.toBe('read');
      }),
      { numRuns: 150 },
    );
  });

  it('a valid archive cut anywhere is "truncated" or "invalid", never read as complete', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: valid.length - 1 }), async (cut) => {
        expect(['truncated', 'invalid']).toContain(await readEverything(valid.subarray(0, cut)));
      }),
      { numRuns: 150 },
    );
  });

  it('flipped bytes anywhere in a valid archive end in its data or a ZipError', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.integer({ min: 0, max: valid.length - 1 }), fc.integer({ min: 1, max: 255 })), {
          minLength: 1,
          maxLength: 6,
        }),
        async (flips) => {
          const bytes = Buffer.from(valid);
          for (const [at, mask] of flips) bytes[at] = (bytes[at] ?? 0) ^ mask;
          expect(['read', 'truncated', 'invalid', 'unsupported']).toContain(await readEverything(bytes));
        },
      ),
      { numRuns: 200 },
    );
  });
});
