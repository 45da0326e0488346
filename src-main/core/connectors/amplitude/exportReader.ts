/**
 * Reads an Amplitude export body (a ZIP of gzip JSON-lines entries) into a sink with flat memory:
 * the download is spooled to a temporary file, the ZIP's central directory is read with our own small
 * reader, and each entry is streamed from disk → inflate → gunzip → line splitter → parser.
 * The temporary directory is always removed.
 */
import { createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import zlib from 'node:zlib';
import { AMPLITUDE_DOWNLOADS, openDownloadFolder } from '../downloadFolders';
import { VendorError } from '../http';
import { splitLines } from '../lines';
import type { IngestSink } from '../types';
import { openZipEntry, readZipDirectory, type ZipEntry, ZipError } from '../zip';
import type { AccountsSeen } from './accountsSeen';
import { accountFromProperties, breakdownPicker, parseEventLine } from './eventParser';

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

async function* maybeGunzip(chunks: AsyncIterable<Uint8Array>, gz: boolean, name: string): AsyncGenerator<Uint8Array> {
  if (!gz) {
    yield* chunks;
    return;
  }
  const gunzip = zlib.createGunzip();
  const source = (async () => {
    try {
      for await (const chunk of chunks) {
        if (!gunzip.write(chunk)) await new Promise<void>((resolve) => gunzip.once('drain', resolve));
      }
      gunzip.end();
    } catch (error) {
      gunzip.destroy(error as Error);
    }
  })();
  try {
    for await (const out of gunzip as AsyncIterable<Buffer>) yield out;
  } catch (error) {
    if (error instanceof ZipError) throw error;
    const code = (error as { code?: string }).code;
    if (code === 'Z_BUF_ERROR') throw new ZipError('truncated', `The gzip file ${name} is cut off.`);
    throw new ZipError('invalid', `The gzip file ${name} is damaged (${(error as Error).message}).`);
  } finally {
    gunzip.destroy();
    await source;
  }
}

/**
 * Parses every entry of the spooled ZIP at `path` into the sink. Entries are read in file order;
 * directory entries are skipped. Malformed lines go to sink.rejected and parsing continues.
 */
export async function readExportZip(
  path: string,
  sink: IngestSink,
  options: { groupType: string; signal: AbortSignal; accounts: AccountsSeen | null },
): Promise<EntryStats> {
  const stats: EntryStats = { entries: 0, lines: 0, events: 0, rejected: 0 };
  let entries: ZipEntry[];
  try {
    entries = await readZipDirectory(path);
  } catch (error) {
    throw mapZipError(error);
  }
  entries.sort((a, b) => a.localHeaderOffset - b.localHeaderOffset);
  // Per account: how many times its group properties were looked for (0 = found, stop looking).
  const lookups = new Map<string, number>();
  // Breakdown properties are picked in the same walk as the event fields (one pass over each line).
  const picker = breakdownPicker(sink.propertyNames ?? []);
  for (const entry of entries) {
    if (entry.directory) continue;
    if (options.signal.aborted) throw cancelled();
    stats.entries++;
    try {
      const raw = await openZipEntry(path, entry);
      const bytes = maybeGunzip(raw, isGzipName(entry.name), entry.name);
      for await (const line of splitLines(bytes)) {
        stats.lines++;
        if ((stats.lines & 0x3fff) === 0 && options.signal.aborted) throw cancelled();
        if (line.trim().length === 0) continue;
        const result = parseEventLine(line, options.groupType, picker);
        if (!result.ok) {
          stats.rejected++;
          sink.rejected(`Amplitude export: ${result.reason}.`);
          continue;
        }
        for (const event of result.events) {
          stats.events++;
          sink.event(event);
          const accountId = event.accountId;
          if (accountId !== null && options.accounts) {
            const tries = lookups.get(accountId);
            if (tries === 0 || (tries ?? 0) >= MAX_PROPERTY_LOOKUPS) continue;
            const props = result.line.groupProperties(accountId);
            const found = props !== null && Object.keys(props).length > 0;
            lookups.set(accountId, found ? 0 : (tries ?? 0) + 1);
            if (found || tries === undefined) options.accounts.record(accountFromProperties(accountId, props));
          }
        }
      }
    } catch (error) {
      throw mapZipError(error);
    }
  }
  return stats;
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
