/**
 * Behavioral Cohorts: the list (/api/3/cohorts) and the asynchronous member download
 * (/api/5/cohorts/request/<id> → request-status/<request_id> → request/<request_id>/file, a CSV).
 */
import { VendorError } from '../http';
import { bodyChunks, splitLines } from '../lines';
import type { FetchContext } from '../types';

export interface CohortListItem {
  id: string;
  name: string;
  size: number | null;
  archived: boolean;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function parseCohortList(value: unknown): CohortListItem[] {
  const cohorts = isRecord(value) ? value.cohorts : undefined;
  if (!Array.isArray(cohorts)) {
    throw new VendorError(
      'VENDOR_BAD_RESPONSE',
      'Amplitude\'s cohort list has an unexpected shape (expected {"cohorts":[{"id":...,"name":...}]}).',
      false,
      null,
      200,
    );
  }
  const out: CohortListItem[] = [];
  for (const c of cohorts) {
    if (!isRecord(c)) continue;
    const id = typeof c.id === 'string' ? c.id : typeof c.id === 'number' ? String(c.id) : null;
    if (!id) continue;
    out.push({
      id,
      name: typeof c.name === 'string' && c.name.trim() ? c.name : id,
      size: typeof c.size === 'number' && Number.isFinite(c.size) ? c.size : null,
      archived: c.archived === true,
    });
  }
  return out;
}

/** Splits one CSV line into cells (RFC 4180 quoting within the line). */
export function csvCells(line: string): string[] {
  const cells: string[] = [];
  let i = 0;
  for (;;) {
    if (line.charCodeAt(i) === 34) {
      let value = '';
      let j = i + 1;
      for (;;) {
        const q = line.indexOf('"', j);
        if (q < 0) {
          value += line.slice(j);
          j = line.length;
          break;
        }
        value += line.slice(j, q);
        if (line.charCodeAt(q + 1) === 34) {
          value += '"';
          j = q + 2;
        } else {
          j = q + 1;
          break;
        }
      }
      cells.push(value);
      const comma = line.indexOf(',', j);
      if (comma < 0) return cells;
      i = comma + 1;
    } else {
      const comma = line.indexOf(',', i);
      if (comma < 0) {
        cells.push(line.slice(i));
        return cells;
      }
      cells.push(line.slice(i, comma));
      i = comma + 1;
    }
  }
}

function normaliseHeader(cell: string): string {
  return cell
    .replace(/^\uFEFF/, '')
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');
}

/** Streams the cohort CSV and returns the amplitude_id column (as strings). */
export async function parseCohortCsv(lines: AsyncIterable<string>): Promise<string[]> {
  let column = -1;
  const members: string[] = [];
  const seen = new Set<string>();
  for await (const line of lines) {
    if (column < 0) {
      const headers = csvCells(line).map(normaliseHeader);
      column = headers.findIndex((h) => h === 'amplitude_id' || h === 'amplitudeid');
      if (column < 0) {
        throw new VendorError(
          'VENDOR_BAD_RESPONSE',
          'Amplitude\'s cohort file has no amplitude_id column (expected a CSV with "amplitude_id" in the header).',
          false,
        );
      }
      continue;
    }
    const id = csvCells(line)[column]?.trim();
    if (id && !seen.has(id)) {
      seen.add(id);
      members.push(id);
    }
  }
  return members;
}

export interface CohortDownloadDeps {
  context: FetchContext;
  baseUrl: string;
  getJson(url: string, what: string): Promise<{ status: number; value: unknown }>;
  get(url: string): Promise<Response>;
  failure(response: Response, what: string): Promise<VendorError>;
  pollMs: number;
  waitMs: number;
  now(): number;
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(new VendorError('CANCELLED', 'The sync was cancelled.', false));
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(new VendorError('CANCELLED', 'The sync was cancelled.', false));
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/** The first status poll of a cohort download comes after this long; each next one waits twice as long. */
const FIRST_POLL_MS = 250;

/**
 * The wait before status poll `poll` (0-based): 250 ms, 500 ms, 1 s, ... up to `pollMs`. A small cohort
 * is often ready within a second; polling every `pollMs` from the start made every download wait at
 * least that long (two polls, 4 s, for each of the sandbox's cohorts).
 */
export function pollDelayMs(poll: number, pollMs: number): number {
  return Math.min(pollMs, FIRST_POLL_MS * 2 ** Math.min(poll, 20));
}

/**
 * Downloads one cohort's members (amplitude_id strings). Returns null when Amplitude reports the job
 * failed or it does not finish within waitMs (the cohort is listed without members); throws
 * VendorErrors for auth, rate limits and unreadable answers.
 */
export async function downloadCohortMembers(cohortId: string, deps: CohortDownloadDeps): Promise<string[] | null> {
  const what = `the download of cohort ${cohortId}`;
  const start = await deps.getJson(`${deps.baseUrl}/api/5/cohorts/request/${encodeURIComponent(cohortId)}?props=0`, what);
  const requestId = isRecord(start.value) && typeof start.value.request_id === 'string' ? start.value.request_id : null;
  if (!requestId) {
    throw new VendorError(
      'VENDOR_BAD_RESPONSE',
      `Amplitude's answer to ${what} has no request_id (expected {"request_id":"...","cohort_id":"..."}).`,
      false,
      null,
      start.status,
    );
  }
  const deadline = deps.now() + deps.waitMs;
  for (let poll = 0; ; poll++) {
    await sleep(pollDelayMs(poll, deps.pollMs), deps.context.signal);
    const status = await deps.getJson(`${deps.baseUrl}/api/5/cohorts/request-status/${encodeURIComponent(requestId)}`, what);
    const state =
      isRecord(status.value) && typeof status.value.async_status === 'string' ? status.value.async_status.toUpperCase() : null;
    if (state === null) {
      throw new VendorError(
        'VENDOR_BAD_RESPONSE',
        `Amplitude's status for ${what} has no async_status (expected "JOB INPROGRESS" or "JOB COMPLETED").`,
        false,
        null,
        status.status,
      );
    }
    if (state.includes('COMPLETED')) break;
    if (state.includes('FAIL') || state.includes('ERROR') || state.includes('CANCEL')) return null;
    if (deps.now() >= deadline) return null;
  }
  const response = await deps.get(`${deps.baseUrl}/api/5/cohorts/request/${encodeURIComponent(requestId)}/file`);
  if (response.status !== 200) throw await deps.failure(response, what);
  try {
    return await parseCohortCsv(splitLines(bodyChunks(response)));
  } catch (error) {
    if (error instanceof VendorError) throw error;
    if (deps.context.signal.aborted) throw new VendorError('CANCELLED', 'The sync was cancelled.', false);
    throw new VendorError('NETWORK', `The connection to Amplitude dropped during ${what}. Pulse will retry.`, true);
  } finally {
    await response.body?.cancel().catch(() => {});
  }
}

/** Single-cohort requests Amplitude allows in parallel per app (vendor-apis 1.3: 4 in parallel per minute). */
export const COHORT_DOWNLOADS_AT_ONCE = 4;

/**
 * Runs `run` over every item, at most `atOnce` at a time; results in the items' order. After a failure
 * no new item starts; the runs already started are awaited (no download is left polling after the sync
 * moved on), then the first failure in the items' order is thrown.
 */
export async function inParallel<T, R>(items: readonly T[], atOnce: number, run: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  const failures: Array<{ index: number; error: unknown }> = [];
  let next = 0;
  const lane = async (): Promise<void> => {
    for (let i = next++; i < items.length; i = next++) {
      // After a failure no new download starts (each one spends Amplitude's monthly cohort budget).
      if (failures.length > 0) return;
      try {
        results[i] = await run(items[i] as T);
      } catch (error) {
        failures.push({ index: i, error });
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(atOnce, items.length)) }, lane));
  if (failures.length > 0) throw failures.sort((a, b) => a.index - b.index)[0]?.error;
  return results;
}
