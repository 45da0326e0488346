/**
 * The export reader with a real parse thread (started from the worker's entry script, as the core does)
 * against the reader on one thread: the same records in the same order, the same accounts, the same
 * aggregate rows, the same rejections and errors; a thread that cannot start or dies is taken over.
 */
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir } from '../../../../test/support/tempDir';
import { startSandboxes } from '../../demo';
import { createPseudonymizer, WindowAggregator } from '../../ingest';
import { type ParseThreads, workerParseThreads } from '../../parseThreads';
import type { Logger } from '../../ports';
import { WHOLE_ENTRY_MAX_BYTES } from '../zip';
import { AccountsSeen } from './accountsSeen';
import { readExportZip } from './exportReader';
import { buildZip, type CollectingSink, collectingSink, gz } from './testFixtures';

const ENTRY = new URL('../../../worker/bootstrap.mjs', import.meta.url).href;
const DYING_ENTRY = new URL('../../../../test/support/dyingParseThreadEntry.mjs', import.meta.url).href;
const BREAKDOWNS = ['plan', 'platform', 'role'];

function recordingLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  return { lines, log: (level, message, fields) => lines.push(`${level} ${message} ${JSON.stringify(fields ?? {})}`) };
}

async function read(path: string, threads: ParseThreads | null, signal = new AbortController().signal) {
  const sink = collectingSink();
  (sink as { propertyNames?: string[] }).propertyNames = BREAKDOWNS;
  const accounts = new AccountsSeen();
  const stats = await readExportZip(path, sink, { groupType: 'company', signal, accounts, parseThreads: threads });
  return { sink, accounts: accounts.list(), stats };
}

async function aggregate(path: string, threads: ParseThreads | null) {
  const sink = new WindowAggregator({
    timeZone: 'America/New_York',
    pseudonymize: createPseudonymizer('test-secret', 'c1'),
    keepReadableIds: true,
    keyEvents: new Set(['Signed Up']),
    breakdownProperties: BREAKDOWNS,
  });
  await readExportZip(path, sink, {
    groupType: 'company',
    signal: new AbortController().signal,
    accounts: null,
    parseThreads: threads,
  });
  return sink.finish();
}

function line(o: Record<string, unknown>): string {
  return JSON.stringify({
    amplitude_id: 1,
    event_time: '2026-11-01 10:00:00.000000',
    event_type: 'Viewed',
    session_id: 1,
    groups: { company: 'acme' },
    ...o,
  });
}

/** Entries with duplicates across entries, group properties that change, malformed lines and blank lines. */
function handmadeZip(): Buffer {
  const entries = [];
  for (let e = 0; e < 7; e++) {
    const lines: string[] = [];
    for (let i = 0; i < 300; i++) {
      const n = e * 300 + i;
      lines.push(
        line({
          amplitude_id: 1000 + (n % 37),
          uuid: `u-${n % 500}`,
          event_type: `E${n % 5}`,
          event_time: `2026-11-01 ${String(n % 24).padStart(2, '0')}:00:00.000000`,
          event_properties: { plan: `p${n % 3}` },
          groups: { company: [`acct${n % 4}`, `acct${(n + 1) % 4}`] },
          group_properties: n % 11 === 0 ? { company: { [`acct${n % 4}`]: { name: `Name ${e}-${i}` } } } : {},
        }),
      );
      if (i % 97 === 0) lines.push('{"event_type": broken');
      if (i % 131 === 0) lines.push('   ');
    }
    entries.push({ name: `p/p_2026-11-01_${e}#1.json.gz`, data: gz(lines), method: (e % 2 === 0 ? 8 : 0) as 0 | 8 });
  }
  return buildZip([{ name: 'p/', data: Buffer.alloc(0) }, ...entries]);
}

function same(a: { sink: CollectingSink; accounts: unknown; stats: unknown }, b: typeof a): void {
  expect(b.sink.events.length).toBe(a.sink.events.length);
  expect(b.sink.events).toEqual(a.sink.events);
  expect(b.sink.rejections).toEqual(a.sink.rejections);
  expect(b.accounts).toEqual(a.accounts);
  expect(b.stats).toEqual(a.stats);
}

describe('Amplitude export on a parse thread', () => {
  let dir: ReturnType<typeof makeTempDir>;
  let sandboxZip: string;
  let handmade: string;
  const logger = recordingLogger();
  let threads: ParseThreads;
  let threadOnly: ParseThreads;

  beforeAll(async () => {
    dir = makeTempDir('pulse-parse-thread-');
    const now = Date.UTC(2026, 10, 20, 12);
    const sb = await startSandboxes({ seed: 7, accounts: 40, days: 3, clock: { now: () => now }, amplitudeLinesPerEntry: 250 });
    try {
      const auth = Buffer.from(`${sb.amplitude.apiKey}:${sb.amplitude.secretKey}`).toString('base64');
      const response = await fetch(`${sb.amplitude.baseUrl}/api/2/export?start=20261118T00&end=20261118T23`, {
        headers: { Authorization: `Basic ${auth}` },
      });
      expect(response.status).toBe(200);
      sandboxZip = join(dir.path, 'sandbox.zip');
      writeFileSync(sandboxZip, Buffer.from(await response.arrayBuffer()));
    } finally {
      await sb.close();
    }
    handmade = join(dir.path, 'handmade.zip');
    writeFileSync(handmade, handmadeZip());
    threads = workerParseThreads({ entry: ENTRY, logger, minBytes: 0 });
    threadOnly = workerParseThreads({ entry: ENTRY, logger, minBytes: 0, coreShare: false });
  }, 60_000);

  afterAll(async () => {
    await threads?.close();
    await threadOnly?.close();
    dir?.remove();
  });

  it('gives the records, accounts and rows of the one-thread reader on a real sandbox export', async () => {
    const alone = await read(sandboxZip, null);
    expect(alone.stats.entries).toBeGreaterThan(5);
    expect(alone.sink.events.length).toBeGreaterThan(1000);
    expect(alone.accounts.length).toBeGreaterThan(0);
    same(alone, await read(sandboxZip, threadOnly));
    same(alone, await read(sandboxZip, threads));
    expect(await aggregate(sandboxZip, threads)).toEqual(await aggregate(sandboxZip, null));
    expect(threads.warm()).toBe(true);
  }, 60_000);

  it('keeps order-dependent results: duplicates across entries, changing group properties, malformed lines', async () => {
    const alone = await read(handmade, null);
    expect(alone.sink.rejections.length).toBeGreaterThan(0);
    expect(alone.sink.rejections[0]).toBe('Amplitude export: a line is not valid JSON.');
    same(alone, await read(handmade, threadOnly));
    same(alone, await read(handmade, threads));
    expect(await aggregate(handmade, threads)).toEqual(await aggregate(handmade, null));
  }, 60_000);

  it('streams an entry too large to read whole (past WHOLE_ENTRY_MAX_BYTES) and reads the same records as small entries', async () => {
    // Random padding keeps the gzip file past the limit (~5.7 MB for ~7.7 MB of lines).
    const lines = Array.from({ length: 4_000 }, (_, n) =>
      line({ amplitude_id: 2000 + (n % 41), uuid: `big-${n}`, event_properties: { pad: randomBytes(1_400).toString('base64') } }),
    );
    const bigGz = gz(lines);
    expect(bigGz.length).toBeGreaterThan(WHOLE_ENTRY_MAX_BYTES);
    const big = join(dir.path, 'big-entry.zip');
    writeFileSync(big, buildZip([{ name: '1/big.json.gz', data: bigGz }]));
    const split = join(dir.path, 'split-entries.zip');
    writeFileSync(
      split,
      buildZip(
        Array.from({ length: 8 }, (_, e) => ({
          name: `1/part-${e}.json.gz`,
          data: gz(lines.slice(e * 500, (e + 1) * 500)),
          method: 8 as const,
        })),
      ),
    );
    const streamed = await read(big, null);
    expect(streamed.sink.events).toHaveLength(4_000);
    same(await read(split, null), { ...streamed, stats: (await read(split, null)).stats });
    expect(await aggregate(big, null)).toEqual(await aggregate(split, null));
  }, 60_000);

  it('throws the error of the first damaged entry, as the one-thread reader does', async () => {
    const good = (e: number) => gz(Array.from({ length: 200 }, (_, i) => line({ uuid: `d-${e}-${i}` })));
    const damaged = gz(Array.from({ length: 200 }, (_, i) => line({ uuid: `x-${i}` })));
    const zip = buildZip([
      { name: 'a.json.gz', data: good(0) },
      { name: 'b.json.gz', data: good(1) },
      { name: 'c.json.gz', data: damaged.subarray(0, damaged.length - 40) },
      { name: 'd.json.gz', data: good(3) },
      { name: 'e.json.gz', data: Buffer.from('not gzip at all') },
    ]);
    const path = join(dir.path, 'damaged.zip');
    writeFileSync(path, zip);
    const alone = await read(path, null).catch((e: unknown) => e as Error);
    expect(alone).toBeInstanceOf(Error);
    expect((alone as Error).message).toMatch(/cut off/);
    for (const t of [threadOnly, threads]) {
      const shared = await read(path, t).catch((e: unknown) => e as Error);
      expect(shared).toBeInstanceOf(Error);
      expect({ code: (shared as { code?: string }).code, message: (shared as Error).message }).toEqual({
        code: (alone as { code?: string }).code,
        message: (alone as Error).message,
      });
    }
  }, 60_000);

  it('falls back to the core thread when the parse thread cannot start, and says so in the log', async () => {
    const log = recordingLogger();
    const broken = workerParseThreads({ entry: join(dir.path, 'no-such-entry.mjs'), logger: log, minBytes: 0 });
    try {
      same(await read(handmade, null), await read(handmade, broken));
      expect(log.lines.some((l) => l.startsWith('warn parse thread could not start'))).toBe(true);
    } finally {
      await broken.close();
    }
  }, 60_000);

  it('takes over what a parse thread held when it dies midway (same records)', async () => {
    const log = recordingLogger();
    const dying = workerParseThreads({ entry: DYING_ENTRY, logger: log, minBytes: 0, coreShare: false });
    try {
      const alone = await read(sandboxZip, null);
      const taken = await read(sandboxZip, dying);
      same(alone, taken);
      expect(log.lines.some((l) => l.startsWith('warn parse thread died') && l.includes('code 3'))).toBe(true);
    } finally {
      await dying.close();
    }
  }, 60_000);

  it('keeps a thread warm between exports, then ends it after the idle time', async () => {
    const pool = workerParseThreads({ entry: ENTRY, logger, minBytes: Number.MAX_SAFE_INTEGER, idleMs: 300 });
    try {
      // Under minBytes and no warm thread: this thread parses alone.
      same(await read(handmade, null), await read(handmade, pool));
      expect(pool.warm()).toBe(false);
      const threadOnlyWarm = workerParseThreads({ entry: ENTRY, logger, minBytes: 0, idleMs: 300, coreShare: false });
      try {
        await read(handmade, threadOnlyWarm);
        expect(threadOnlyWarm.warm()).toBe(true);
        // The idle timer (300 ms) ends it; polled, so a loaded machine's late timer is no failure.
        await expect.poll(() => threadOnlyWarm.warm(), { timeout: 10_000 }).toBe(false);
      } finally {
        await threadOnlyWarm.close();
      }
    } finally {
      await pool.close();
    }
  }, 60_000);

  it('stops the thread and throws CANCELLED when the sync is cancelled mid-export', async () => {
    const controller = new AbortController();
    const sink = collectingSink();
    let seen = 0;
    const inner = sink.event;
    sink.event = (e) => {
      inner(e);
      if (++seen === 300) controller.abort();
    };
    const pool = workerParseThreads({ entry: ENTRY, logger, minBytes: 0, coreShare: false });
    try {
      const error = await readExportZip(sandboxZip, sink, {
        groupType: 'company',
        signal: controller.signal,
        accounts: null,
        parseThreads: pool,
      }).catch((e: unknown) => e);
      expect((error as { code?: string }).code).toBe('CANCELLED');
      expect(pool.warm()).toBe(false);
      // Nothing is fed after the cancel took effect: at most the batch being fed when it came.
      expect(seen).toBeLessThan(300 + 4096);
    } finally {
      await pool.close();
    }
  }, 60_000);
});
