/**
 * Reads an Amplitude export body (a ZIP of gzip JSON-lines entries) into a sink with flat memory:
 * the download is spooled to a temporary file, the ZIP's central directory is read with our own small
 * reader, and each entry is streamed from disk → inflate → gunzip → line splitter → parser.
 * The temporary directory is always removed.
 */
import { createWriteStream } from 'node:fs';
import { rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import zlib from 'node:zlib';
import type { ErrorCode } from '../../../../src-shared/contract';
import type { ParseThreads } from '../../parseThreads';
import { AMPLITUDE_DOWNLOADS, openDownloadFolder } from '../downloadFolders';
import { VendorError } from '../http';
import { splitLines } from '../lines';
import type { CanonicalEvent, IngestSink } from '../types';
import { openZipEntry, readZipDirectory, type ZipEntry, ZipError } from '../zip';
import type { AccountsSeen } from './accountsSeen';
import { accountFromProperties, type BreakdownPicker, breakdownPicker, parseEventLine } from './eventParser';
import {
  AMPLITUDE_ZIP_JOB,
  type AmplitudeZipJobInput,
  type EventBatch,
  EventBatchBuilder,
  EventBatchReader,
} from './exportBatch';

const VENDOR = 'Amplitude';
/** Lines per account and window searched for group properties before giving up (they are often absent). */
const MAX_PROPERTY_LOOKUPS = 32;

export function cutOff(detail: string): VendorError {
  return new VendorError('VENDOR_BAD_RESPONSE', `The Amplitude export download was cut off (${detail}). Pulse will retry.`, true);
}

export function cancelled(): VendorError {
  return new VendorError('CANCELLED', 'The sync was cancelled.', false);
}

export interface SpoolOptions {
  signal: AbortSignal;
  /** Abort the download when no bytes arrive for this long. */
  idleTimeoutMs: number;
  /** Aborts the underlying request (the fetch was given this controller's signal). */
  abortRequest: () => void;
}

function isZipMagic(chunk: Uint8Array): boolean {
  return (
    chunk.length >= 4 &&
    chunk[0] === 0x50 &&
    chunk[1] === 0x4b &&
    (chunk[2] === 3 || chunk[2] === 5) &&
    (chunk[3] === 4 || chunk[3] === 6)
  );
}

function describeNonZip(head: string): string {
  if (/^\s*</.test(head))
    return 'an HTML page instead of the export ZIP (check the region or the base URL; a proxy or login page may be answering)';
  if (/^\s*[{[]/.test(head))
    return `JSON instead of the export ZIP (expected a ZIP archive of gzip JSON-lines files): ${head.replace(/\s+/g, ' ').slice(0, 200)}`;
  return 'data that is not a ZIP archive (expected a ZIP archive of gzip JSON-lines files)';
}

/** Streams the body to `path`; throws specific VendorErrors for a body that is not a ZIP or a dropped stream. */
export async function spoolBody(body: AsyncIterable<Uint8Array>, path: string, options: SpoolOptions): Promise<number> {
  const out = createWriteStream(path, { highWaterMark: 1 << 20 });
  let outError: Error | null = null;
  out.on('error', (e) => {
    outError = e;
  });
  let bytes = 0;
  let first = true;
  let idle = false;
  let timer: NodeJS.Timeout | null = null;
  const arm = (): void => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      idle = true;
      options.abortRequest();
    }, options.idleTimeoutMs);
  };
  try {
    arm();
    try {
      for await (const chunk of body) {
        arm();
        if (first && chunk.length > 0) {
          first = false;
          if (!isZipMagic(chunk)) {
            const head = Buffer.from(chunk.subarray(0, 2000)).toString('utf8');
            throw new VendorError(
              'VENDOR_BAD_RESPONSE',
              `Amplitude answered the export with ${describeNonZip(head)}.`,
              false,
              null,
              200,
            );
          }
        }
        bytes += chunk.length;
        if (outError) throw outError;
        if (!out.write(chunk)) await new Promise<void>((resolve) => out.once('drain', resolve));
      }
    } catch (error) {
      if (error instanceof VendorError) throw error;
      if (options.signal.aborted) throw cancelled();
      if (idle) {
        throw new VendorError(
          'TIMEOUT',
          `The Amplitude export download stalled (no data for ${Math.round(options.idleTimeoutMs / 1000)} s). Pulse will retry.`,
          true,
        );
      }
      if (outError)
        throw new VendorError(
          'INTERNAL',
          `Pulse could not write the download to a temporary file (${(outError as Error).message}).`,
          false,
        );
      const cause = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).message;
      throw new VendorError(
        'NETWORK',
        `The connection to Amplitude dropped during the export download (${cause}). Pulse will retry.`,
        true,
      );
    }
  } finally {
    if (timer) clearTimeout(timer);
    await new Promise<void>((resolve) => out.end(resolve));
  }
  if (outError)
    throw new VendorError(
      'INTERNAL',
      `Pulse could not write the download to a temporary file (${(outError as Error).message}).`,
      false,
    );
  return bytes;
}

export interface EntryStats {
  entries: number;
  lines: number;
  events: number;
  rejected: number;
}

function isGzipName(name: string): boolean {
  return name.endsWith('.gz');
}

/** A gzip file of an export whose decompressed size is at most this is gunzipped in one call. */
const GUNZIP_WHOLE_MAX_BYTES = 256 * 1024 * 1024;

function gzipError(error: unknown, name: string): ZipError {
  if (error instanceof ZipError) return error;
  const code = (error as { code?: string }).code;
  if (code === 'Z_BUF_ERROR') return new ZipError('truncated', `The gzip file ${name} is cut off.`);
  return new ZipError('invalid', `The gzip file ${name} is damaged (${(error as Error).message}).`);
}

async function* maybeGunzip(chunks: AsyncIterable<Uint8Array>, gz: boolean, name: string): AsyncGenerator<Uint8Array> {
  if (!gz) {
    yield* chunks;
    return;
  }
  const source = chunks[Symbol.asyncIterator]();
  const first = await source.next();
  if (first.done) {
    // An empty .gz is a cut-off one.
    throw new ZipError('truncated', `The gzip file ${name} is cut off.`);
  }
  const second = await source.next();
  if (second.done) {
    // A small entry arrives in one piece (openZipEntry): one gunzip call instead of a stream's 16 kB
    // chunks (1,180 entries: 1.45–1.76 s of CPU streamed, 0.80–0.95 s whole). The size cap bounds
    // memory: a file that would decompress past it is streamed instead.
    let whole: Buffer | null = null;
    try {
      whole = zlib.gunzipSync(first.value, { maxOutputLength: GUNZIP_WHOLE_MAX_BYTES });
    } catch (error) {
      if ((error as { code?: string }).code !== 'ERR_BUFFER_TOO_LARGE') throw gzipError(error, name);
    }
    if (whole) {
      if (whole.length > 0) yield whole;
      return;
    }
  }
  const gunzip = zlib.createGunzip({ chunkSize: 256 * 1024 });
  const pump = (async () => {
    try {
      const write = async (chunk: Uint8Array): Promise<void> => {
        if (!gunzip.write(chunk)) await new Promise<void>((resolve) => gunzip.once('drain', resolve));
      };
      await write(first.value);
      if (!second.done) await write(second.value);
      for (let next = await source.next(); !next.done; next = await source.next()) await write(next.value);
      gunzip.end();
    } catch (error) {
      gunzip.destroy(error as Error);
    }
  })();
  try {
    for await (const out of gunzip as AsyncIterable<Buffer>) yield out;
  } catch (error) {
    throw gzipError(error, name);
  } finally {
    gunzip.destroy();
    await pump;
  }
}

/** The lines of one ZIP entry (inflated, gunzipped when it is a .gz, split); ZipErrors as they come. */
export async function* entryLines(path: string, entry: ZipEntry): AsyncGenerator<string> {
  const raw = await openZipEntry(path, entry);
  yield* splitLines(maybeGunzip(raw, isGzipName(entry.name), entry.name));
}

/** Where one line's results go: the sink and the account list (core thread) or a batch. */
export interface LineTarget {
  event(event: CanonicalEvent): void;
  rejected(reason: string): void;
  /** The account's group properties were looked up on this line (`first`: its first lookup in `lookups`). */
  attempt(accountId: string, props: Record<string, unknown> | null, first: boolean): void;
}

/**
 * One export line into the target, with the group-property search per account (`lookups`: 0 = found,
 * else the lookups so far; up to MAX_PROPERTY_LOOKUPS). `trackAccounts` false: nothing is looked up.
 */
export function consumeLine(
  line: string,
  groupType: string,
  picker: BreakdownPicker | null,
  lookups: Map<string, number>,
  trackAccounts: boolean,
  target: LineTarget,
): void {
  if (line.trim().length === 0) return;
  const result = parseEventLine(line, groupType, picker);
  if (!result.ok) {
    target.rejected(`Amplitude export: ${result.reason}.`);
    return;
  }
  for (const event of result.events) {
    target.event(event);
    const accountId = event.accountId;
    if (accountId !== null && trackAccounts) {
      const tries = lookups.get(accountId);
      if (tries === 0 || (tries ?? 0) >= MAX_PROPERTY_LOOKUPS) continue;
      const props = result.line.groupProperties(accountId);
      lookups.set(accountId, isFound(props) ? 0 : (tries ?? 0) + 1);
      target.attempt(accountId, props, tries === undefined);
    }
  }
}

function isFound(props: Record<string, unknown> | null): boolean {
  return props !== null && Object.keys(props).length > 0;
}

/**
 * A lookup made while parsing one entry on its own, applied in export order to the export-wide `lookups`:
 * the same accounts are recorded as by one pass over every line (an entry's own search runs until found
 * or MAX_PROPERTY_LOOKUPS, never shorter than the export-wide one would need).
 */
export function applyAttempt(
  lookups: Map<string, number>,
  accounts: AccountsSeen | null,
  accountId: string,
  props: Record<string, unknown> | null,
): void {
  const tries = lookups.get(accountId);
  if (tries === 0 || (tries ?? 0) >= MAX_PROPERTY_LOOKUPS) return;
  const found = isFound(props);
  lookups.set(accountId, found ? 0 : (tries ?? 0) + 1);
  if (found || tries === undefined) accounts?.record(accountFromProperties(accountId, props));
}

export interface ReadExportOptions {
  groupType: string;
  signal: AbortSignal;
  accounts: AccountsSeen | null;
  /** Parse on a second thread too when the spool is large enough (or a thread is warm); null: this thread only. */
  parseThreads?: ParseThreads | null;
}

interface ReadState {
  path: string;
  entries: ZipEntry[];
  sink: IngestSink;
  options: ReadExportOptions;
  propertyNames: string[];
  /** Export-wide group-property lookups per account. */
  lookups: Map<string, number>;
  stats: EntryStats;
}

/**
 * Parses every entry of the spooled ZIP at `path` into the sink. Entries are read in file order;
 * directory entries are skipped. Malformed lines go to sink.rejected and parsing continues.
 * A large spool is shared with a parse thread (see readWithParseThread); the sink receives the same
 * records in the same order either way.
 */
export async function readExportZip(path: string, sink: IngestSink, options: ReadExportOptions): Promise<EntryStats> {
  const stats: EntryStats = { entries: 0, lines: 0, events: 0, rejected: 0 };
  let entries: ZipEntry[];
  try {
    entries = await readZipDirectory(path);
  } catch (error) {
    throw mapZipError(error);
  }
  entries.sort((a, b) => a.localHeaderOffset - b.localHeaderOffset);
  const state: ReadState = {
    path,
    entries,
    sink,
    options,
    propertyNames: [...new Set(sink.propertyNames ?? [])],
    lookups: new Map(),
    stats,
  };
  const threads = options.parseThreads ?? null;
  if (
    threads !== null &&
    entries.length > 1 &&
    entries.length <= MAX_SHARED_ENTRIES &&
    (threads.warm() || (await stat(path)).size >= threads.minBytes)
  ) {
    await readWithParseThread(threads, state);
  } else {
    await readHere(state, 0, entries.length, 0);
  }
  return stats;
}

/** Entries [from, to) parsed on this thread straight into the sink (the first one skipping `skipLines`). */
async function readHere(state: ReadState, from: number, to: number, skipLines: number): Promise<void> {
  const { stats, sink, options } = state;
  // Breakdown properties are picked in the same walk as the event fields (one pass over each line).
  const picker = breakdownPicker(state.propertyNames);
  const trackAccounts = options.accounts !== null;
  const target: LineTarget = {
    event(event) {
      stats.events++;
      sink.event(event);
    },
    rejected(reason) {
      stats.rejected++;
      sink.rejected(reason);
    },
    attempt(accountId, props, first) {
      if (first || isFound(props)) options.accounts?.record(accountFromProperties(accountId, props));
    },
  };
  for (let e = from; e < to; e++) {
    const entry = state.entries[e] as ZipEntry;
    if (entry.directory) continue;
    if (options.signal.aborted) throw cancelled();
    stats.entries++;
    const skip = e === from ? skipLines : 0;
    let entryLine = 0;
    try {
      for await (const line of entryLines(state.path, entry)) {
        if (++entryLine <= skip) continue;
        stats.lines++;
        if ((stats.lines & 0x3fff) === 0 && options.signal.aborted) throw cancelled();
        consumeLine(line, options.groupType, picker, state.lookups, trackAccounts, target);
      }
    } catch (error) {
      throw mapZipError(error);
    }
  }
}

/** Entries shared through one 32-bit word (front and back index, 16 bits each). */
const MAX_SHARED_ENTRIES = 0x7fff;

/**
 * The export read by two threads: the parse thread claims entries from the front, this thread from the
 * back (one atomic word, so no entry is claimed twice and the loads balance themselves), both with the
 * same line parser into compact batches. This thread feeds the parse thread's batches to the sink as
 * they arrive, then its own, so the sink sees every entry in file order. Each entry's group-property
 * lookups are re-applied in that order (applyAttempt). If the parse thread cannot start or dies, this
 * thread parses the entries it had claimed but not delivered; if an entry is damaged, the error of the
 * first damaged entry in file order is thrown, as a single pass would.
 */
async function readWithParseThread(threads: ParseThreads, state: ReadState): Promise<void> {
  const { entries, sink, options, stats, lookups } = state;
  const claims = new Int32Array(new SharedArrayBuffer(4));
  Atomics.store(claims, 0, entries.length << 16);
  const input: AmplitudeZipJobInput = {
    path: state.path,
    entries,
    claims: claims.buffer as SharedArrayBuffer,
    groupType: options.groupType,
    propertyNames: state.propertyNames,
    trackAccounts: options.accounts !== null,
  };
  const attempt = (accountId: string, props: Record<string, unknown> | null) =>
    applyAttempt(lookups, options.accounts, accountId, props);
  const run = threads.run({ kind: AMPLITUDE_ZIP_JOB, input });
  const onAbort = () => void run.cancel();
  options.signal.addEventListener('abort', onAbort, { once: true });
  // This thread's own entries, parsed from the back while the parse thread's batches are fed.
  const own = new Map<number, EventBatch[]>();
  let ownError: { entry: number; error: unknown } | null = null;
  let stopOwn = false;
  const ownDone = (async () => {
    if (!threads.coreShare) return;
    const picker = breakdownPicker(state.propertyNames);
    const builder = new EventBatchBuilder(OWN_BATCH_EVENTS, state.propertyNames);
    const trackAccounts = options.accounts !== null;
    for (;;) {
      const e = claimBack(claims);
      if (e < 0 || stopOwn) return;
      const entry = entries[e] as ZipEntry;
      if (entry.directory) continue;
      const batches: EventBatch[] = [];
      try {
        const stop = () => stopOwn || options.signal.aborted;
        const hold = async (batch: EventBatch) => {
          batches.push(batch);
        };
        if (
          !(await parseEntryInto(
            state.path,
            entry,
            e,
            picker,
            { groupType: options.groupType, trackAccounts },
            builder,
            hold,
            stop,
          ))
        )
          return;
        own.set(e, batches);
      } catch (error) {
        ownError = { entry: e, error };
        return;
      }
    }
  })();
  const stopOwnParse = async () => {
    stopOwn = true;
    await ownDone;
  };
  let threadError: unknown = null;
  let at = { entry: 0, skipLines: 0 };
  try {
    const reader = new EventBatchReader(state.propertyNames);
    let lost = false;
    while (!lost) {
      const reply = await run.next();
      if (options.signal.aborted) {
        await run.cancel();
        throw cancelled();
      }
      switch (reply.kind) {
        case 'batch': {
          const batch = reply.batch as EventBatch;
          reader.replay(batch, sink, attempt);
          run.ack();
          countBatch(stats, batch);
          at = batch.entryDone ? { entry: batch.entry + 1, skipLines: 0 } : { entry: batch.entry, skipLines: batch.entryLines };
          break;
        }
        case 'done':
          run.release();
          lost = true;
          at = { entry: -1, skipLines: 0 };
          break;
        case 'failed':
          run.release();
          threadError = mapZipError(
            reply.failure.type === 'zip'
              ? new ZipError(reply.failure.kind, reply.failure.message)
              : new VendorError(reply.failure.code as ErrorCode, reply.failure.message, reply.failure.retryable),
          );
          lost = true;
          break;
        case 'lost':
          lost = true;
          break;
      }
    }
    if (threadError !== null) throw threadError;
    await ownDone;
    // A cancel stops this thread's own share mid-entry: nothing of it may reach the sink.
    if (options.signal.aborted) throw cancelled();
    if (at.entry >= 0) {
      // The parse thread is gone and claims no more: this thread's back claims went down to its last claim
      // (or stopped at a damaged entry). What lies between what the thread delivered and this thread's
      // first own entry is parsed here, straight into the sink, in order.
      await readHere(state, at.entry, Atomics.load(claims, 0) >>> 16, at.skipLines);
    }
    if (ownError !== null) throw mapZipError((ownError as { error: unknown }).error);
    // This thread built its entries from the back: strings are learnt in that order, events fed in file order.
    const ownReader = new EventBatchReader(state.propertyNames);
    for (const batches of own.values()) for (const batch of batches) ownReader.learn(batch);
    for (const e of [...own.keys()].sort((a, b) => a - b)) {
      for (const batch of own.get(e) as EventBatch[]) {
        ownReader.replay(batch, sink, attempt, true);
        countBatch(stats, batch);
      }
    }
  } finally {
    options.signal.removeEventListener('abort', onAbort);
    await stopOwnParse();
  }
}

/**
 * This thread's batches of its own share. Compact batches rather than the records themselves: held
 * records survive into V8's old space until their turn (a real sync at 1,200 accounts x 8 days peaked
 * ~75 MB higher that way); the batches are typed arrays and a few strings.
 */
const OWN_BATCH_EVENTS = 2048;

function countBatch(stats: EntryStats, batch: EventBatch): void {
  stats.lines += batch.lines;
  stats.events += batch.count;
  stats.rejected += batch.rejects.length;
  if (batch.entryDone) stats.entries++;
}

/** Claims the entry at the back, or -1 when the two ends have met. */
function claimBack(claims: Int32Array): number {
  for (;;) {
    const word = Atomics.load(claims, 0);
    const front = word & 0xffff;
    const back = word >>> 16;
    if (front >= back) return -1;
    if (Atomics.compareExchange(claims, 0, word, front | ((back - 1) << 16)) === word) return back - 1;
  }
}

/** Claims the entry at the front (the parse thread's end), or -1 when the two ends have met. */
export function claimFront(claims: Int32Array): number {
  for (;;) {
    const word = Atomics.load(claims, 0);
    const front = word & 0xffff;
    const back = word >>> 16;
    if (front >= back) return -1;
    if (Atomics.compareExchange(claims, 0, word, front + 1 + (back << 16)) === word) return front;
  }
}

/**
 * One entry's lines parsed into batches (the entry's own group-property search); the last is marked
 * entryDone. False when `stop` said so midway (checked every 4,096 lines).
 */
export async function parseEntryInto(
  path: string,
  entry: ZipEntry,
  index: number,
  picker: BreakdownPicker | null,
  options: { groupType: string; trackAccounts: boolean },
  builder: EventBatchBuilder,
  out: (batch: EventBatch, transfer: ArrayBuffer[]) => Promise<void>,
  stop: () => boolean = () => false,
): Promise<boolean> {
  const { trackAccounts } = options;
  const lookups = new Map<string, number>();
  const target: LineTarget = {
    event: (event) => builder.event(event),
    rejected: (reason) => builder.rejected(reason),
    attempt: (accountId, props) => builder.attempt(accountId, props),
  };
  const emit = async (entryLine: number, done: boolean) => {
    const { batch, transfer } = builder.take(index, entryLine, done);
    await out(batch, transfer);
  };
  let entryLine = 0;
  for await (const line of entryLines(path, entry)) {
    entryLine++;
    builder.line();
    if ((entryLine & 0xfff) === 0 && stop()) return false;
    consumeLine(line, options.groupType, picker, lookups, trackAccounts, target);
    if (builder.full) await emit(entryLine, false);
  }
  await emit(entryLine, true);
  return true;
}

function mapZipError(error: unknown): unknown {
  if (!(error instanceof ZipError)) return error;
  if (error.kind === 'truncated') return cutOff(error.message);
  return new VendorError('VENDOR_BAD_RESPONSE', `${VENDOR} sent an export Pulse cannot read: ${error.message}`, false);
}

/** A fresh temporary directory for one download; `cleanup` removes it (never throws). */
export async function tempDownload(): Promise<{ file: string; cleanup: () => Promise<void> }> {
  const { dir, release } = await openDownloadFolder(AMPLITUDE_DOWNLOADS);
  return {
    file: join(dir, 'export.zip'),
    cleanup: async () => {
      await rm(dir, { recursive: true, force: true }).catch(() => {});
      release();
    },
  };
}
