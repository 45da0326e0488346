/**
 * GET /api/2/export: a ZIP of gzip JSON-lines entries `<pid>/<pid>_<yyyy-MM-dd>_<H>#<partition>.json.gz`,
 * selected by server_upload_time hour (start and end inclusive, UTC), hiding uploads newer than now − 2 h.
 * Streams: one upload day × one account shard is generated at a time; each entry is written as soon as
 * it is compressed, with backpressure.
 */
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import { type DemoEvent, KIND_GUIDE, lateEvents, MAX_LATE_MS, mainEvents } from '../portfolio/events';
import type { Portfolio } from '../portfolio/model';
import { hashInts } from '../portfolio/random';
import { DAY_MS, HOUR_MS, ymd } from '../portfolio/timeline';
import { AMPLITUDE_EXPORT_LAG_MS } from '../portfolio/vendorScan';
import type { AmplitudeLines } from './amplitudeLines';
import type { Exchange } from './exchange';
import { ZipWriter } from './zipWriter';

const gzip = promisify(zlib.gzip);

export interface AmplitudeExportOptions {
  projectId: number;
  /** Estimated uncompressed export size above which the export answers 400 (Amplitude: 4 GB). */
  sizeLimitBytes: number;
  /** Add the `<pid>/` directory entry first (real exports sometimes have it). */
  directoryEntry: boolean;
  /** Lines per gzip entry before an hour is split into another partition. */
  linesPerEntry: number;
}

/** Average uncompressed bytes of one export line (used for the size estimate). */
const BYTES_PER_LINE = 1_550;

export function parseExportHour(s: string | null): number | null {
  if (!s) return null;
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})$/.exec(s);
  if (!m) return null;
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]));
  const d = new Date(ms);
  if (d.getUTCDate() !== Number(m[3]) || d.getUTCHours() !== Number(m[4])) return null;
  return ms;
}

class Stop extends Error {}

export async function serveAmplitudeExport(
  ex: Exchange,
  p: Portfolio,
  lines: AmplitudeLines,
  opts: AmplitudeExportOptions,
): Promise<void> {
  const start = parseExportHour(ex.query('start'));
  const end = parseExportHour(ex.query('end'));
  if (start === null || end === null) {
    await ex.send(400, 'Invalid start or end parameter. Expected format YYYYMMDDTHH.', 'text/plain; charset=utf-8');
    return;
  }
  if (end < start) {
    await ex.send(400, 'The end time must not be before the start time.', 'text/plain; charset=utf-8');
    return;
  }
  if (end - start > 365 * DAY_MS) {
    await ex.send(400, 'The requested time range exceeds the maximum of 365 days.', 'text/plain; charset=utf-8');
    return;
  }
  const endExclusive = end + HOUR_MS;
  const visibleUntil = p.now - AMPLITUDE_EXPORT_LAG_MS; // inclusive
  const accounts = p.customers.filter((c) => c.vendorIds.amplitude !== undefined).map((c) => c.index);

  // Size estimate from the expected activity (no generation needed).
  const hours = Math.max(0, Math.min(endExclusive, visibleUntil + 1) - Math.max(start, p.startMs)) / HOUR_MS;
  let perDay = 0;
  for (const a of accounts) perDay += p.expectedEventsPerDay[a] ?? 0;
  const estimate = (perDay * 0.8 * hours * BYTES_PER_LINE) / 24;
  if (estimate > opts.sizeLimitBytes) {
    await ex.send(
      400,
      'Raw data files were too large to export. Please reduce the time range of your request (maximum export size is 4GB).',
      'text/plain; charset=utf-8',
    );
    return;
  }

  const shardCount = Math.min(8, Math.max(1, Math.ceil(accounts.length / 25)));
  const partitions: number[] = [];
  for (let s = 0; s < shardCount; s++) {
    let part = 10 + (hashInts(p.seed, s, 0x9a7) % 990);
    while (partitions.includes(part)) part++;
    partitions.push(part);
  }

  let zip: ZipWriter | null = null;
  const pid = opts.projectId;
  const sink = async (chunk: Buffer): Promise<void> => {
    if (!(await ex.write(chunk))) throw new Stop();
  };
  let malformedPending = ex.faults.malformed !== undefined;
  const openZip = async (): Promise<ZipWriter> => {
    if (zip) return zip;
    ex.head(200, {
      'Content-Type': 'application/zip',
      'Content-Disposition': `attachment; filename="${pid}_${ex.query('start')}_${ex.query('end')}.zip"`,
    });
    zip = new ZipWriter(sink);
    if (opts.directoryEntry) await zip.addDirectory(`${pid}/`, p.now);
    return zip;
  };

  try {
    const firstDay = Math.max(0, Math.floor((start - p.startMs) / DAY_MS));
    const lastDay = Math.min(p.todayIndex, Math.floor((Math.min(endExclusive - 1, visibleUntil) - p.startMs) / DAY_MS));
    const lateSpanDays = Math.ceil(MAX_LATE_MS / DAY_MS);
    for (let u = firstDay; u <= lastDay; u++) {
      const dayStart = p.startMs + u * DAY_MS;
      const lo = Math.max(start, dayStart);
      const hi = Math.min(endExclusive - 1, dayStart + DAY_MS - 1, visibleUntil);
      if (hi < lo) continue;
      for (let s = 0; s < shardCount; s++) {
        const byHour: string[][] = Array.from({ length: 24 }, () => []);
        const take = (ev: DemoEvent, eventDay: number): void => {
          if (ev.kind === KIND_GUIDE || ev.upload < lo || ev.upload > hi) return;
          const h = Math.floor((ev.upload - dayStart) / HOUR_MS);
          const bucket = byHour[h];
          if (!bucket) return;
          const text = lines.line(ev, eventDay);
          bucket.push(text);
          if (ev.dup) bucket.push(text);
        };
        for (let i = s; i < accounts.length; i += shardCount) {
          const a = accounts[i] ?? 0;
          for (const ev of mainEvents(p, a, u)) if (!ev.late) take(ev, u);
          for (let d = u - lateSpanDays; d <= u; d++) for (const ev of lateEvents(p, a, d)) take(ev, d);
        }
        const jobs: Promise<{ name: string; data: Buffer }>[] = [];
        for (let h = 0; h < 24; h++) {
          const bucket = byHour[h];
          if (!bucket || bucket.length === 0) continue;
          for (let k = 0; k * opts.linesPerEntry < bucket.length; k++) {
            const slice = bucket.slice(k * opts.linesPerEntry, (k + 1) * opts.linesPerEntry);
            if (malformedPending) {
              slice.unshift('{"event_type":"Page Viewed","uuid":');
              malformedPending = false;
            }
            const part = (partitions[s] ?? 0) + k * 1000;
            const name = `${pid}/${pid}_${ymd(dayStart)}_${h}#${part}.json.gz`;
            jobs.push(gzip(Buffer.from(`${slice.join('\n')}\n`, 'utf8'), { level: 1 }).then((data) => ({ name, data })));
          }
        }
        const done = await Promise.all(jobs);
        if (done.length === 0) continue;
        const z = await openZip();
        for (const entry of done) await z.addFile(entry.name, entry.data, Math.min(p.now, dayStart + DAY_MS));
      }
    }
    if (!zip) {
      await ex.send(404, 'Raw data files were not found.', 'text/plain; charset=utf-8');
      return;
    }
    await (zip as ZipWriter).finish();
    await ex.end();
  } catch (err) {
    if (!(err instanceof Stop)) throw err;
  }
}
