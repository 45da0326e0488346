/**
 * The Amplitude connector: Export API (ZIP of gzip JSON lines, by UTC upload hour) for events,
 * Dashboard REST for the accuracy check, Behavioral Cohorts for cohort membership.
 */

import type { ParseThreads } from '../../parseThreads';
import { briefBody, isVendorError, statusError, VendorError, vendorFetch } from '../http';
import type {
  AccuracySample,
  CatalogItem,
  ConnectionTestResult,
  Connector,
  ConnectorConfig,
  FetchContext,
  IngestSink,
  SavedReportData,
  SyncWindow,
  VendorAccount,
  VendorCohort,
  WindowPlanInput,
} from '../types';
import { AccountsSeen } from './accountsSeen';
import { COHORT_DOWNLOADS_AT_ONCE, downloadCohortMembers, inParallel, parseCohortList } from './cohorts';
import { readExportZip, spoolBody, tempDownload } from './exportReader';
import { parseChartCsv } from './savedChart';
import { type AmplitudeSettings, amplitudeSettingsSchema, type ResolvedAmplitudeSettings } from './settings';
import { compactDay, DAY_MS, EXPORT_LAG_MS, exportHour, floorTo, HOUR_MS, parseDay, utcDay } from './time';

export type AmplitudeRegion = 'us' | 'eu';

export const AMPLITUDE_HOSTS: Record<AmplitudeRegion, string> = {
  us: 'https://amplitude.com',
  eu: 'https://analytics.eu.amplitude.com',
};

const VENDOR = 'Amplitude';
const REGION_NAMES: Record<AmplitudeRegion, string> = { us: 'US', eu: 'EU' };
export const EVENTS_STREAM = 'events';
/** Upper bound for one export download, headers and body (the idle timer catches stalls much sooner). */
const EXPORT_TOTAL_TIMEOUT_MS = 6 * 3_600_000;

export interface AmplitudeConnectorOptions {
  /** Host per region, replacing Amplitude's real hosts (sandboxes, tests). `config.baseUrl` still wins. */
  hosts?: Partial<Record<AmplitudeRegion, string>>;
  /** Time allowed until the export's response headers arrive (Amplitude prepares the ZIP first). */
  exportTimeoutMs?: number;
  /** Abort an export download when no bytes arrive for this long. */
  idleTimeoutMs?: number;
  /** Time allowed for Dashboard/Cohort requests. */
  requestTimeoutMs?: number;
  /** Large exports are inflated and parsed on a second thread (see exportReader); null: the calling thread only. */
  parseThreads?: ParseThreads | null;
}

export interface AmplitudeConnector extends Connector {
  vendor: 'amplitude';
  /**
   * Accounts seen in the export's group_properties[groupType] during the windows fetched so far by
   * this connector instance (name/domain when present). Call it after the windows; `accounts()`
   * yields the same list.
   */
  accountsSeen(): VendorAccount[];
  /** The resolved settings (defaults filled): `projectTimeZone` is the zone accuracy days are cut in. */
  readonly settings: ResolvedAmplitudeSettings;
}

interface Checkpoint {
  v: 1;
  /** Exclusive end (epoch ms, on the hour grid) of the upload hours fetched and committed. */
  uploadedThroughMs: number;
}

function parseCheckpoint(text: string | null): Checkpoint | null {
  if (!text) return null;
  try {
    const value = JSON.parse(text) as Partial<Checkpoint>;
    if (typeof value.uploadedThroughMs === 'number' && Number.isFinite(value.uploadedThroughMs)) {
      return { v: 1, uploadedThroughMs: value.uploadedThroughMs };
    }
  } catch {
    // An unreadable checkpoint means "start from the backfill".
  }
  return null;
}

function isRegion(region: string): region is AmplitudeRegion {
  return region === 'us' || region === 'eu';
}

function tooLarge(body: string): boolean {
  return /too large|reduce the time range|4\s?GB|exceeds? the (maximum )?(export )?size/i.test(body);
}

async function discard(response: Response): Promise<void> {
  try {
    await response.body?.cancel();
  } catch {
    // nothing to free
  }
}

export function createAmplitudeConnector(
  config: ConnectorConfig<AmplitudeSettings>,
  options: AmplitudeConnectorOptions = {},
): AmplitudeConnector {
  const parsedSettings = amplitudeSettingsSchema.safeParse(config.settings ?? {});
  const settings: ResolvedAmplitudeSettings = parsedSettings.success ? parsedSettings.data : amplitudeSettingsSchema.parse({});
  const settingsProblem = parsedSettings.success
    ? null
    : `The Amplitude connection settings are invalid (${parsedSettings.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}). Fix them in Settings → Connections.`;
  const hosts: Record<AmplitudeRegion, string> = { ...AMPLITUDE_HOSTS, ...options.hosts };
  const exportTimeoutMs = options.exportTimeoutMs ?? 15 * 60_000;
  const idleTimeoutMs = options.idleTimeoutMs ?? 120_000;
  const requestTimeoutMs = options.requestTimeoutMs ?? 60_000;
  const seen = new AccountsSeen();

  function checkUsable(): void {
    if (settingsProblem) throw new VendorError('BAD_REQUEST', settingsProblem, false);
  }

  function region(): AmplitudeRegion {
    if (!isRegion(config.region)) {
      throw new VendorError(
        'VENDOR_REGION',
        `"${config.region}" is not an Amplitude region; choose US or EU in Settings → Connections.`,
        false,
      );
    }
    return config.region;
  }

  function baseUrl(): string {
    return (config.baseUrl ?? hosts[region()]).replace(/\/+$/, '');
  }

  function authorization(): string {
    const apiKey = config.secrets.apiKey?.trim() ?? '';
    const secretKey = config.secrets.secretKey?.trim() ?? '';
    if (!apiKey || !secretKey) {
      throw new VendorError(
        'VENDOR_AUTH',
        `The Amplitude ${!apiKey ? 'API key' : 'secret key'} is missing. Enter both keys in Settings → Connections.`,
        false,
      );
    }
    return `Basic ${Buffer.from(`${apiKey}:${secretKey}`, 'utf8').toString('base64')}`;
  }

  function get(
    context: FetchContext,
    url: string,
    request: { signal?: AbortSignal; timeoutMs?: number; accept?: string } = {},
  ): Promise<Response> {
    const headers = { Authorization: authorization(), Accept: request.accept ?? 'application/json' };
    return context.schedule(() =>
      vendorFetch(config.http, {
        vendorName: VENDOR,
        url,
        headers,
        signal: request.signal ?? context.signal,
        timeoutMs: request.timeoutMs ?? requestTimeoutMs,
      }),
    );
  }

  /** A cheap authenticated probe URL (active users of one day). */
  function probeUrl(base: string): string {
    const day = compactDay(utcDay(config.clock.now() - DAY_MS));
    return `${base}/api/2/users?start=${day}&end=${day}&m=active&i=1`;
  }

  /** On 403 without a base-URL override: does the other region accept these keys? */
  async function otherRegionAccepts(context: FetchContext): Promise<AmplitudeRegion | null> {
    if (config.baseUrl !== null || !isRegion(config.region)) return null;
    const other: AmplitudeRegion = config.region === 'us' ? 'eu' : 'us';
    try {
      const response = await get(context, probeUrl(hosts[other].replace(/\/+$/, '')));
      await discard(response);
      return response.status === 200 || response.status === 404 ? other : null;
    } catch (error) {
      if (isVendorError(error) && error.code === 'CANCELLED') throw error;
      return null;
    }
  }

  /** The specific error for a 403 (wrong key or wrong region), probing the other region once. */
  async function forbidden(context: FetchContext): Promise<{ error: VendorError; suggestedRegion: AmplitudeRegion | null }> {
    const other = await otherRegionAccepts(context);
    if (other) {
      return {
        error: new VendorError(
          'VENDOR_REGION',
          `These Amplitude keys belong to the ${REGION_NAMES[other]} region, not ${REGION_NAMES[region()]}. Change the connection's region to ${REGION_NAMES[other]} in Settings → Connections.`,
          false,
          null,
          403,
        ),
        suggestedRegion: other,
      };
    }
    const message =
      config.baseUrl !== null
        ? `Amplitude refused the keys (403): either the API key / secret key is wrong, or the project is in a region that ${new URL(baseUrl()).host} does not serve. Check the key in Settings → Connections and the base URL.`
        : `Amplitude refused the API key and secret key (403) in the ${REGION_NAMES[region()]} and the ${REGION_NAMES[region() === 'us' ? 'eu' : 'us']} region. Check the key in Settings → Connections (project API key and secret key of the right project).`;
    return { error: new VendorError('VENDOR_AUTH', message, false, null, 403), suggestedRegion: null };
  }

  /** Maps a non-success status of a REST call to a VendorError (reads the short body). */
  async function failure(context: FetchContext, response: Response, what: string): Promise<VendorError> {
    if (response.status === 403) {
      await discard(response);
      return (await forbidden(context)).error;
    }
    const body = await briefBody(response);
    if (response.status === 401) {
      return new VendorError(
        'VENDOR_AUTH',
        `Amplitude rejected the credentials (401) for ${what}. Check the key in Settings → Connections.`,
        false,
        null,
        401,
      );
    }
    return statusError(VENDOR, response, body, config.clock.now());
  }

  /** GET a small JSON answer; HTML or unreadable bodies become VENDOR_BAD_RESPONSE. */
  async function getJson(context: FetchContext, url: string, what: string): Promise<{ status: number; value: unknown }> {
    const response = await get(context, url);
    if (response.status !== 200 && response.status !== 202) throw await failure(context, response, what);
    let text: string;
    try {
      text = await response.text();
    } catch (error) {
      if (context.signal.aborted) throw new VendorError('CANCELLED', 'The sync was cancelled.', false);
      throw new VendorError(
        'NETWORK',
        `The connection to Amplitude dropped while reading ${what} (${(error as Error).message}). Pulse will retry.`,
        true,
      );
    }
    if (/^\s*</.test(text)) {
      throw new VendorError(
        'VENDOR_BAD_RESPONSE',
        `Amplitude answered ${what} with an HTML page instead of JSON (check the region or the base URL).`,
        false,
        null,
        response.status,
      );
    }
    try {
      return { status: response.status, value: JSON.parse(text) as unknown };
    } catch {
      throw new VendorError(
        'VENDOR_BAD_RESPONSE',
        `Amplitude's answer to ${what} is not valid JSON (it may have been cut off). Pulse will retry.`,
        true,
        null,
        response.status,
      );
    }
  }

  // -------------------------------------------------------------------------------------------
  // Export

  async function fetchRange(fromHour: number, toHour: number, sink: IngestSink, context: FetchContext): Promise<void> {
    const url = `${baseUrl()}/api/2/export?start=${exportHour(fromHour)}&end=${exportHour(toHour)}`;
    const hours = (toHour - fromHour) / HOUR_MS + 1;
    // vendorFetch's timeout would also cut the body stream, so the export gets its own header timer
    // (started when the request actually leaves the scheduler) and an idle timer while streaming.
    const idle = new AbortController();
    const signal = AbortSignal.any([context.signal, idle.signal]);
    let headersTimedOut = false;
    const headers = { Authorization: authorization(), Accept: 'application/zip, */*' };
    let response: Response;
    try {
      response = await context.schedule(async () => {
        const timer = setTimeout(() => {
          headersTimedOut = true;
          idle.abort();
        }, exportTimeoutMs);
        try {
          return await vendorFetch(config.http, { vendorName: VENDOR, url, headers, signal, timeoutMs: EXPORT_TOTAL_TIMEOUT_MS });
        } finally {
          clearTimeout(timer);
        }
      });
    } catch (error) {
      if (headersTimedOut && !context.signal.aborted) {
        throw new VendorError(
          'TIMEOUT',
          `Amplitude did not start sending the export for ${exportHour(fromHour)}–${exportHour(toHour)} within ${Math.round(exportTimeoutMs / 1000)} s. Pulse will retry.`,
          true,
        );
      }
      throw error;
    }
    const split = async (): Promise<void> => {
      const mid = fromHour + Math.floor(hours / 2) * HOUR_MS;
      await fetchRange(fromHour, mid - HOUR_MS, sink, context);
      await fetchRange(mid, toHour, sink, context);
    };
    const range = `${exportHour(fromHour)}–${exportHour(toHour)}`;
    if (response.status === 404) {
      await discard(response);
      return;
    }
    if (response.status === 400) {
      const body = await briefBody(response);
      if (tooLarge(body)) {
        if (hours > 1) return split();
        throw new VendorError(
          'VENDOR_BAD_RESPONSE',
          `One hour of Amplitude data (${range}) is over the export API's 4 GB limit; this project needs Amplitude's S3 export.`,
          false,
          null,
          400,
        );
      }
      throw new VendorError(
        'VENDOR_BAD_RESPONSE',
        `Amplitude rejected the export request for ${range} (400): ${body}`,
        false,
        null,
        400,
      );
    }
    if (response.status === 504) {
      await discard(response);
      if (hours > 1) return split();
      throw new VendorError(
        'VENDOR_UNAVAILABLE',
        `Amplitude timed out preparing the export for ${range} (504). Pulse will retry.`,
        true,
        null,
        504,
      );
    }
    if (response.status !== 200) throw await failure(context, response, 'the export');
    const body = response.body;
    if (!body) return;
    const temp = await tempDownload();
    try {
      await spoolBody(body as unknown as AsyncIterable<Uint8Array>, temp.file, {
        signal: context.signal,
        idleTimeoutMs,
        abortRequest: () => idle.abort(),
      });
      await readExportZip(temp.file, sink, {
        groupType: settings.groupType,
        signal: context.signal,
        accounts: seen,
        parseThreads: options.parseThreads ?? null,
      });
    } finally {
      await discard(response);
      await temp.cleanup();
    }
  }

  function windowFor(dayStart: number, availableEnd: number): SyncWindow {
    return { key: utcDay(dayStart), stream: EVENTS_STREAM, fromMs: dayStart, toMs: Math.min(dayStart + DAY_MS, availableEnd) };
  }

  const connector: AmplitudeConnector = {
    vendor: 'amplitude',
    settings,

    async test(context: FetchContext): Promise<ConnectionTestResult> {
      try {
        checkUsable();
        const response = await get(context, probeUrl(baseUrl()));
        if (response.status === 200) {
          const text = await response.text();
          if (/^\s*</.test(text)) {
            return {
              ok: false,
              message:
                'Amplitude answered with an HTML page instead of the API (check the region or the base URL; a proxy or login page may be answering).',
              suggestedRegion: null,
            };
          }
          return {
            ok: true,
            message: `Connected to Amplitude (${REGION_NAMES[region()]} region): the API key and secret key work.`,
            suggestedRegion: null,
          };
        }
        if (response.status === 403) {
          await discard(response);
          const { error, suggestedRegion } = await forbidden(context);
          return { ok: false, message: error.message, suggestedRegion };
        }
        const error = await failure(context, response, 'the connection test');
        return { ok: false, message: error.message, suggestedRegion: null };
      } catch (error) {
        if (isVendorError(error)) return { ok: false, message: error.message, suggestedRegion: null };
        return { ok: false, message: `The Amplitude connection test failed: ${(error as Error).message}`, suggestedRegion: null };
      }
    },

    planWindows(input: WindowPlanInput): SyncWindow[] {
      const availableEnd = floorTo(input.now - EXPORT_LAG_MS, HOUR_MS) + HOUR_MS;
      const backfillStart = floorTo(input.now - Math.max(0, input.backfillDays) * DAY_MS, DAY_MS);
      const checkpoint = input.full ? null : parseCheckpoint(input.checkpoint);
      const start = checkpoint
        ? Math.max(floorTo(checkpoint.uploadedThroughMs - Math.max(0, input.lookbackDays) * DAY_MS, DAY_MS), backfillStart)
        : backfillStart;
      const windows: SyncWindow[] = [];
      for (let day = start; day < availableEnd; day += DAY_MS) windows.push(windowFor(day, availableEnd));
      return windows;
    },

    async fetchWindow(window: SyncWindow, sink: IngestSink, context: FetchContext): Promise<void> {
      checkUsable();
      const dayStart = parseDay(window.key);
      if (dayStart === null)
        throw new VendorError('INTERNAL', `"${window.key}" is not an Amplitude window key (YYYY-MM-DD).`, false);
      if (context.signal.aborted) throw new VendorError('CANCELLED', 'The sync was cancelled.', false);
      const availableEnd = floorTo(config.clock.now() - EXPORT_LAG_MS, HOUR_MS) + HOUR_MS;
      const end = Math.min(dayStart + DAY_MS, Math.max(window.toMs, dayStart + HOUR_MS), availableEnd);
      const lastHour = floorTo(end - 1, HOUR_MS);
      if (lastHour < dayStart) return;
      await fetchRange(dayStart, lastHour, sink, context);
    },

    checkpointAfter(window: SyncWindow, previous: string | null): string {
      const before = parseCheckpoint(previous)?.uploadedThroughMs ?? 0;
      const uploadedThroughMs = Math.max(before, window.toMs);
      return JSON.stringify({ v: 1, uploadedThroughMs, uploadedThrough: new Date(uploadedThroughMs).toISOString() });
    },

    accountsSeen(): VendorAccount[] {
      return seen.list();
    },

    async *accounts(): AsyncIterable<VendorAccount> {
      for (const account of seen.list()) yield account;
    },

    /** A saved chart as its CSV download (see ./savedChart); 404 names the chart id. */
    async savedReport(chartId: string, context: FetchContext): Promise<SavedReportData> {
      checkUsable();
      const response = await get(context, `${baseUrl()}/api/3/chart/${encodeURIComponent(chartId)}/csv`, {
        accept: 'text/csv, */*',
      });
      if (response.status === 404) {
        await discard(response);
        throw new VendorError(
          'NOT_FOUND',
          `Amplitude has no saved chart ${chartId} in this project. Copy the id from the chart's URL (…/chart/<id>).`,
          false,
          null,
          404,
        );
      }
      if (response.status !== 200) throw await failure(context, response, `saved chart ${chartId}`);
      return parseChartCsv(await response.text(), chartId);
    },

    async accuracySamples(days: string[], context: FetchContext): Promise<AccuracySample[]> {
      checkUsable();
      const wanted = [...new Set(days.filter((d) => parseDay(d) !== null))].sort();
      if (wanted.length === 0) return [];
      const samples: AccuracySample[] = [];
      // One request per ≤ 90-day span (the cost is per day either way).
      for (let i = 0; i < wanted.length; ) {
        const first = wanted[i] as string;
        const limit = (parseDay(first) ?? 0) + 89 * DAY_MS;
        let j = i;
        while (j + 1 < wanted.length && (parseDay(wanted[j + 1] as string) ?? 0) <= limit) j++;
        const last = wanted[j] as string;
        const url = `${baseUrl()}/api/2/users?start=${compactDay(first)}&end=${compactDay(last)}&m=active&i=1`;
        const { value } = await getJson(context, url, 'the active users chart');
        const byDay = parseActiveUsers(value);
        for (let k = i; k <= j; k++) {
          const day = wanted[k] as string;
          const count = byDay.get(day);
          if (count !== undefined) samples.push({ metric: 'active_users', vendorValue: count, day });
        }
        i = j + 1;
      }
      return samples;
    },

    async cohorts(context: FetchContext): Promise<VendorCohort[]> {
      checkUsable();
      const { value } = await getJson(context, `${baseUrl()}/api/3/cohorts`, 'the cohort list');
      const list = parseCohortList(value);
      const chosen = list.filter((cohort) => !cohort.archived).slice(0, settings.cohortDownloadLimit);
      // Each download mostly waits for Amplitude to build the file (polled every cohortPollMs), so they
      // run side by side, as many as Amplitude allows at once (4 single-cohort requests per app): three
      // cohorts took 12 s one after another against the sandbox, 4 s together.
      const members = await inParallel(chosen, COHORT_DOWNLOADS_AT_ONCE, (cohort) =>
        downloadCohortMembers(cohort.id, {
          context,
          baseUrl: baseUrl(),
          getJson: (url, what) => getJson(context, url, what),
          get: (url) => get(context, url, { accept: 'text/csv, */*' }),
          failure: (response, what) => failure(context, response, what),
          pollMs: settings.cohortPollMs,
          waitMs: settings.cohortWaitMs,
          now: () => config.clock.now(),
        }),
      );
      const byId = new Map(chosen.map((cohort, i) => [cohort.id, members[i] ?? null]));
      return list.map((cohort) => ({
        cohortId: cohort.id,
        name: cohort.name,
        size: cohort.size,
        memberUserIds: byId.get(cohort.id) ?? null,
      }));
    },

    async catalog(context: FetchContext): Promise<CatalogItem[]> {
      checkUsable();
      const response = await get(context, `${baseUrl()}/api/2/events/list`);
      if (response.status === 404) {
        await discard(response);
        return [];
      }
      if (response.status !== 200) throw await failure(context, response, 'the event list');
      const text = await response.text();
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch {
        throw new VendorError(
          'VENDOR_BAD_RESPONSE',
          'Amplitude answered the event list with something other than JSON.',
          false,
          null,
          200,
        );
      }
      return parseEventList(value);
    },
  };
  return connector;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** /api/2/users → count per day (first series; the label field may be seriesMeta or seriesLabels). */
export function parseActiveUsers(value: unknown): Map<string, number> {
  const expected = 'expected {"data":{"series":[[numbers]],"xValues":["YYYY-MM-DD",...]}}';
  const data = isRecord(value) ? value.data : undefined;
  if (!isRecord(data) || !Array.isArray(data.xValues) || !Array.isArray(data.series)) {
    throw new VendorError(
      'VENDOR_BAD_RESPONSE',
      `Amplitude's active users answer has an unexpected shape (${expected}).`,
      false,
      null,
      200,
    );
  }
  const out = new Map<string, number>();
  if (data.series.length === 0) return out;
  const rows = data.series.filter(Array.isArray) as unknown[][];
  if (rows.length !== data.series.length) {
    throw new VendorError(
      'VENDOR_BAD_RESPONSE',
      `Amplitude's active users answer has an unexpected shape (${expected}).`,
      false,
      null,
      200,
    );
  }
  const labels = (
    Array.isArray(data.seriesMeta) ? data.seriesMeta : Array.isArray(data.seriesLabels) ? data.seriesLabels : []
  ) as unknown[];
  // With no group-by there is one row labelled "(none)"; with segments, the total is their sum.
  let row = rows[0] as unknown[];
  const noneIndex = labels.findIndex((l) => l === '(none)' || l === 0);
  if (rows.length > 1 && noneIndex < 0) {
    row = row.map((_, i) => rows.reduce((sum, r) => sum + (typeof r[i] === 'number' ? (r[i] as number) : 0), 0));
  } else if (noneIndex >= 0 && rows[noneIndex]) {
    row = rows[noneIndex] as unknown[];
  }
  data.xValues.forEach((x, i) => {
    const v = row[i];
    if (typeof x === 'string' && typeof v === 'number' && Number.isFinite(v)) out.set(x.slice(0, 10), v);
  });
  return out;
}

/** /api/2/events/list → catalog items of kind 'event'. */
export function parseEventList(value: unknown): CatalogItem[] {
  const data = isRecord(value) ? value.data : undefined;
  if (!Array.isArray(data)) {
    throw new VendorError(
      'VENDOR_BAD_RESPONSE',
      'Amplitude\'s event list has an unexpected shape (expected {"data":[{"value":"event name",...}]}).',
      false,
      null,
      200,
    );
  }
  const items: CatalogItem[] = [];
  for (const row of data) {
    if (!isRecord(row)) continue;
    const id = typeof row.value === 'string' ? row.value : typeof row.name === 'string' ? row.name : null;
    if (!id || row.deleted === true) continue;
    const display = typeof row.display === 'string' && row.display.trim() ? row.display : id;
    const { value: _v, ...details } = row;
    items.push({ kind: 'event', itemId: id, name: display, group: null, isCore: false, details });
  }
  return items;
}
