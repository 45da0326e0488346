/**
 * The Pendo connector: aggregation API (POST /api/v1/aggregation) for usage, catalogue GETs for
 * features/pages/guides, keyset-paged visitors and accounts.
 *
 * Windows: one local day of the subscription time zone ("YYYY-MM-DD"), one stream ("usage"). Each
 * window issues four one-day aggregations (timeSeries dayRange, first = local midnight, count 1):
 * events → activity buckets, featureEvents → feature buckets, pageEvents → page buckets, guideEvents →
 * guide events. A one-day answer is streamed row by row (never buffered), so no keyset paging is used
 * inside a window; a `select` step trims each row to the fields Pulse uses (no IPs or user agents
 * cross the wire). Rows are emitted one by one; several rows of one visitor/account/day (different
 * server/IP/user agent) are summed by ingest.
 *
 * Anonymous visitors: with `excludeAnonymous` (default) every usage pipeline adds Pendo's
 * `{"identified":"visitorId"}` step, which keeps identified visitors only (anonymous ones have
 * `_PENDO_T_…` ids and no account, so they never count toward account metrics); the accuracy check
 * uses the same step so both sides count the same people. `visitors` is then read with
 * `{"identified": true}` (tap-pendo's `identified: !include_anonymous`).
 *
 * Checkpoint: `{"v":1,"lastDay":"YYYY-MM-DD"}`, the newest committed local day (never moves back).
 * Planning resumes at lastDay + 1 − lookbackDays (so `lookbackDays` committed days are re-pulled for
 * Pendo's late hourly processing), never before today − backfillDays, and ends at yesterday (today's
 * buckets are incomplete).
 */

import { CoreError } from '../../../../src-shared/contract';
import { addDays, daysBetween, isDateKey, localDate, localDayStart } from '../../localTime';
import { briefBody, statusError, VendorError, vendorFetch } from '../http';
import { jsonArrayItems } from '../jsonStream';
import { bodyChunks } from '../lines';
import type {
  AccuracySample,
  CatalogItem,
  ConnectionTestResult,
  Connector,
  ConnectorConfig,
  FetchContext,
  IngestSink,
  SyncWindow,
  VendorAccount,
  VendorUser,
  WindowPlanInput,
} from '../types';
import {
  type BucketSource,
  isObject,
  parseAccountRow,
  parseBucketRow,
  parseCatalogItem,
  parseGuideRow,
  parseVisitorRow,
} from './rows';
import { type PendoRegion, type PendoSettings, pendoRegions, pendoSettingsSchema } from './settings';

const VENDOR = 'Pendo';
export const PENDO_STREAM = 'usage';
/** Pendo asks not to query more than 30 days at once. */
const MAX_RANGE_DAYS = 30;
const CHECKPOINT_VERSION = 1;

const BUCKET_SOURCES: BucketSource[] = ['events', 'featureEvents', 'pageEvents'];
const BUCKET_SELECT: Record<BucketSource, Record<string, string>> = {
  events: { visitorId: 'visitorId', accountId: 'accountId', day: 'day', numEvents: 'numEvents', numMinutes: 'numMinutes' },
  featureEvents: {
    visitorId: 'visitorId',
    accountId: 'accountId',
    day: 'day',
    featureId: 'featureId',
    numEvents: 'numEvents',
    numMinutes: 'numMinutes',
  },
  pageEvents: {
    visitorId: 'visitorId',
    accountId: 'accountId',
    day: 'day',
    pageId: 'pageId',
    numEvents: 'numEvents',
    numMinutes: 'numMinutes',
  },
};
const GUIDE_SELECT = {
  type: 'type',
  guideId: 'guideId',
  guideStepId: 'guideStepId',
  visitorId: 'visitorId',
  accountId: 'accountId',
  browserTime: 'browserTime',
};

interface Checkpoint {
  v: number;
  /** The newest committed local day. */
  lastDay: string;
}

function readCheckpoint(raw: string | null): Checkpoint | null {
  if (!raw) return null;
  try {
    const parsed = JSON.parse(raw) as unknown;
    if (isObject(parsed) && typeof parsed.lastDay === 'string' && isDateKey(parsed.lastDay))
      return { v: CHECKPOINT_VERSION, lastDay: parsed.lastDay };
  } catch {
    // an unreadable checkpoint means "start over": re-fetched windows replace their rows
  }
  return null;
}

/** A string literal for Pendo's expression language (filters). */
export function pendoString(value: string): string {
  return `"${value.replace(/[\\"]/g, '\\$&')}"`;
}

export function createPendoConnector(config: ConnectorConfig<PendoSettings>): Connector {
  const parsed = pendoSettingsSchema.safeParse(config.settings ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new CoreError(
      'BAD_REQUEST',
      `Pendo settings: ${issue ? `${issue.path.join('.') || 'settings'} ${issue.message}` : 'invalid'}.`,
    );
  }
  const settings = parsed.data;
  const tz = settings.subscriptionTimeZone;
  const region = config.region as PendoRegion;
  if (!config.baseUrl && !(region in pendoRegions)) {
    throw new CoreError(
      'BAD_REQUEST',
      `Unknown Pendo region "${config.region}" (use one of ${Object.keys(pendoRegions).join(', ')}).`,
    );
  }
  const baseUrl = (config.baseUrl ?? pendoRegions[region]).replace(/\/+$/, '');
  const key = config.secrets.integrationKey ?? '';

  /** Messages never carry the key, even if a proxy echoes it back. */
  const scrub = (error: unknown): unknown => {
    if (error instanceof VendorError && key.length >= 4 && error.message.includes(key)) {
      return new VendorError(
        error.code,
        error.message.split(key).join('[key]'),
        error.retryable,
        error.retryAfterMs,
        error.status,
      );
    }
    return error;
  };

  const requireKey = (): void => {
    if (!key.trim()) {
      throw new VendorError(
        'VENDOR_AUTH',
        'No Pendo integration key is stored for this connection. Add it in Settings → Connections.',
        false,
      );
    }
  };

  const authError = (host: string, status: number): VendorError =>
    new VendorError(
      'VENDOR_AUTH',
      `Pendo refused the integration key (${status}) at ${host}. Check the integration key in Settings → Connections, and that the region matches your Pendo subscription's data center.`,
      false,
      null,
      status,
    );

  /** Throws the specific VendorError for a non-2xx answer or a web page where JSON was expected. */
  async function ensureOk(response: Response, url: string): Promise<void> {
    const host = new URL(url).host;
    if (response.ok) {
      const type = response.headers.get('content-type') ?? '';
      if (/html/i.test(type)) {
        await response.body?.cancel().catch(() => {});
        throw new VendorError(
          'VENDOR_BAD_RESPONSE',
          `Pendo (${host}) sent a web page instead of an API answer. Check the region or base URL in Settings → Connections (a proxy or login page may be in the way).`,
          false,
          null,
          response.status,
        );
      }
      return;
    }
    const status = response.status;
    if (status === 401 || status === 403) {
      await response.body?.cancel().catch(() => {});
      throw authError(host, status);
    }
    const body = await briefBody(response);
    if (status === 400) {
      throw new VendorError(
        'VENDOR_BAD_RESPONSE',
        `Pendo rejected the request (400): ${body}. Check the app id and time zone in the connection's settings.`,
        false,
        null,
        status,
      );
    }
    if (status === 404) {
      throw new VendorError(
        'VENDOR_BAD_RESPONSE',
        `Pendo has no such API at ${host} (404). Check the region or base URL in Settings → Connections.`,
        false,
        null,
        status,
      );
    }
    if (status === 408)
      throw new VendorError('TIMEOUT', 'Pendo timed out answering (408). Pulse will retry.', true, null, status);
    throw statusError(VENDOR, response, body, config.clock.now());
  }

  async function request(context: FetchContext, path: string, body: unknown, host = baseUrl): Promise<Response> {
    const url = `${host}${path}`;
    const response = await context.schedule(() =>
      vendorFetch(config.http, {
        vendorName: VENDOR,
        url,
        method: body === undefined ? 'GET' : 'POST',
        headers: { 'x-pendo-integration-key': key, 'Content-Type': 'application/json', Accept: 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
        timeoutMs: settings.requestTimeoutMs,
        signal: context.signal,
      }),
    );
    await ensureOk(response, url);
    return response;
  }

  /** Streams the rows of one aggregation; malformed elements go to `onMalformed`. */
  async function* aggregation(
    context: FetchContext,
    requestId: string,
    pipeline: unknown[],
    onMalformed?: (reason: string) => void,
    host = baseUrl,
  ): AsyncGenerator<unknown> {
    const response = await request(
      context,
      '/api/v1/aggregation',
      { response: { mimeType: 'application/json' }, request: { requestId, pipeline } },
      host,
    );
    yield* jsonArrayItems(bodyChunks(response), {
      vendorName: VENDOR,
      field: 'results',
      onMalformedItem: onMalformed,
      signal: context.signal,
      expected: 'an aggregation answer {"results": [...]}',
    });
  }

  const eventParams = (): Record<string, unknown> => ({ appId: settings.appId, blacklist: 'apply' });
  const identified = (): unknown[] => (settings.excludeAnonymous ? [{ identified: 'visitorId' }] : []);
  const daySeries = (firstMs: number, count: number) => ({ period: 'dayRange', first: firstMs, count });

  async function fetchWindow(window: SyncWindow, sink: IngestSink, context: FetchContext): Promise<void> {
    requireKey();
    if (!isDateKey(window.key)) throw new CoreError('BAD_REQUEST', `Not a Pendo day window: ${window.key}.`);
    const dayStart = localDayStart(window.key, tz);
    const reject = (reason: string): void => sink.rejected(reason);
    for (const source of BUCKET_SOURCES) {
      const pipeline = [
        { source: { [source]: eventParams(), timeSeries: daySeries(dayStart, 1) } },
        ...identified(),
        { select: BUCKET_SELECT[source] },
      ];
      for await (const row of aggregation(context, `pulse-${source}-${window.key}`, pipeline, reject)) {
        const result = parseBucketRow(row, source, tz);
        if (typeof result === 'string') {
          sink.rejected(result);
          continue;
        }
        if (result.dayMs !== dayStart) throw zoneMismatch(window.key, result.dayMs, dayStart);
        sink.bucket(result.bucket);
      }
    }
    const guidePipeline = [
      { source: { guideEvents: eventParams(), timeSeries: daySeries(dayStart, 1) } },
      ...identified(),
      { select: GUIDE_SELECT },
    ];
    for await (const row of aggregation(context, `pulse-guideEvents-${window.key}`, guidePipeline, reject)) {
      const result = parseGuideRow(row);
      if (typeof result === 'string') sink.rejected(result);
      else sink.guideEvent(result);
    }
  }

  function zoneMismatch(day: string, rowDay: number, expected: number): VendorError {
    return new VendorError(
      'VENDOR_BAD_RESPONSE',
      `Pendo's day bucket for ${day} starts at ${new Date(rowDay).toISOString()}, but local midnight in ${tz} is ${new Date(expected).toISOString()}: ` +
        `the subscription time zone setting (${tz}) does not match your Pendo subscription. Fix it in Settings → Connections.`,
      false,
    );
  }

  function planWindows(input: WindowPlanInput): SyncWindow[] {
    const today = localDate(input.now, tz);
    const newest = addDays(today, -1); // today is incomplete: Pendo processes hourly
    const backfillStart = addDays(today, -Math.max(0, Math.floor(input.backfillDays)));
    const checkpoint = input.full ? null : readCheckpoint(input.checkpoint);
    let start = backfillStart;
    if (checkpoint) {
      const resume = addDays(checkpoint.lastDay, 1 - Math.max(0, Math.floor(input.lookbackDays)));
      if (resume > start) start = resume;
    }
    const windows: SyncWindow[] = [];
    for (let day = start; day <= newest; day = addDays(day, 1)) {
      windows.push({ key: day, stream: PENDO_STREAM, fromMs: localDayStart(day, tz), toMs: localDayStart(addDays(day, 1), tz) });
    }
    return windows;
  }

  function checkpointAfter(window: SyncWindow, previous: string | null): string {
    const prior = readCheckpoint(previous);
    const lastDay = prior && prior.lastDay > window.key ? prior.lastDay : window.key;
    return JSON.stringify({ v: CHECKPOINT_VERSION, lastDay } satisfies Checkpoint);
  }

  /** tap-pendo-style keyset paging: filter id > last, sort by id, limit N; until a short page. */
  async function* keyset<T>(
    context: FetchContext,
    source: 'accounts' | 'visitors',
    params: unknown,
    idField: 'accountId' | 'visitorId',
    parse: (row: unknown) => T | string,
    idOfRecord: (record: T) => string,
  ): AsyncGenerator<T> {
    requireKey();
    let cursor = '';
    for (let page = 0; ; page++) {
      const pipeline = [
        { source: { [source]: params } },
        { filter: `${idField}>${pendoString(cursor)}` },
        { sort: [idField] },
        { limit: settings.pageSize },
      ];
      let rows = 0;
      let last: string | null = null;
      for await (const row of aggregation(context, `pulse-${source}-${page}`, pipeline)) {
        rows++;
        const record = parse(row);
        if (typeof record === 'string') continue; // no sink here: entity rows without an id cannot be used
        last = idOfRecord(record);
        yield record;
      }
      if (rows < settings.pageSize) return;
      if (last === null || last === cursor) {
        throw new VendorError(
          'VENDOR_BAD_RESPONSE',
          `Pendo's ${source} paging did not advance past ${idField} ${pendoString(cursor)}; stopping.`,
          false,
        );
      }
      cursor = last;
    }
  }

  function accounts(context: FetchContext): AsyncIterable<VendorAccount> {
    return guardIterable(keyset(context, 'accounts', null, 'accountId', parseAccountRow, (a) => a.accountId));
  }

  function users(context: FetchContext): AsyncIterable<VendorUser> {
    const params = settings.excludeAnonymous ? { identified: true } : null;
    return guardIterable(keyset(context, 'visitors', params, 'visitorId', parseVisitorRow, (u) => u.userId));
  }

  async function catalog(context: FetchContext): Promise<CatalogItem[]> {
    requireKey();
    const items: CatalogItem[] = [];
    for (const kind of ['feature', 'page', 'guide'] as const) {
      const response = await request(context, `/api/v1/${kind}`, undefined);
      for await (const raw of jsonArrayItems(bodyChunks(response), {
        vendorName: VENDOR,
        field: null,
        signal: context.signal,
        expected: `a JSON array of ${kind}s`,
      })) {
        const item = parseCatalogItem(kind, raw);
        if (item) items.push(item);
      }
    }
    return items;
  }

  /**
   * Distinct visitors per local day, from Pendo's own aggregation: the `events` source over a dayRange
   * (≤ 30 days per request), `identified` (when anonymous visitors are excluded, as in the sync), then
   * `{"group":{"group":["day"],"fields":{"activeUsers":{"count":"visitorId"}}}}` (count with a field name
   * counts distinct values). Requested days without a group row are 0 active users.
   */
  async function accuracySamples(days: string[], context: FetchContext): Promise<AccuracySample[]> {
    requireKey();
    const wanted = [...new Set(days.filter(isDateKey))].sort();
    const values = new Map<string, number>();
    for (let i = 0; i < wanted.length; ) {
      const first = wanted[i] as string;
      let j = i;
      while (j + 1 < wanted.length && daysBetween(first, wanted[j + 1] as string) < MAX_RANGE_DAYS) j++;
      const last = wanted[j] as string;
      const pipeline = [
        { source: { events: eventParams(), timeSeries: daySeries(localDayStart(first, tz), daysBetween(first, last) + 1) } },
        ...identified(),
        { group: { group: ['day'], fields: { activeUsers: { count: 'visitorId' } } } },
      ];
      for await (const row of aggregation(context, `pulse-accuracy-${first}-${last}`, pipeline)) {
        if (!isObject(row) || typeof row.day !== 'number' || typeof row.activeUsers !== 'number') {
          throw new VendorError(
            'VENDOR_BAD_RESPONSE',
            'Pendo answered the active-users check with rows of an unexpected shape: expected {"day": <ms>, "activeUsers": <n>}.',
            false,
          );
        }
        values.set(localDate(row.day, tz), row.activeUsers);
      }
      for (let k = i; k <= j; k++) {
        const day = wanted[k] as string;
        if (!values.has(day)) values.set(day, 0);
      }
      i = j + 1;
    }
    return wanted.map((day) => ({ metric: 'active_users', vendorValue: values.get(day) ?? 0, day }));
  }

  /** The cheap authenticated call: count the accounts (an aggregation, the API the sync needs). */
  async function countAccounts(context: FetchContext, host: string): Promise<number> {
    let n = 0;
    for await (const row of aggregation(
      context,
      'pulse-test',
      [{ source: { accounts: null } }, { count: null }],
      undefined,
      host,
    )) {
      if (isObject(row) && typeof row.count === 'number') n = row.count;
      else
        throw new VendorError(
          'VENDOR_BAD_RESPONSE',
          'Pendo answered the connection test with an unexpected shape: expected [{"count": <n>}].',
          false,
        );
    }
    return n;
  }

  async function test(context: FetchContext): Promise<ConnectionTestResult> {
    if (!key.trim()) {
      return {
        ok: false,
        message: 'No Pendo integration key is stored for this connection. Add it in Settings → Connections.',
        suggestedRegion: null,
      };
    }
    const where = config.baseUrl ? new URL(baseUrl).host : `${new URL(baseUrl).host} (region ${region})`;
    try {
      const n = await countAccounts(context, baseUrl);
      return {
        ok: true,
        message: `Connected to Pendo at ${where}: ${n} account${n === 1 ? '' : 's'} visible.`,
        suggestedRegion: null,
      };
    } catch (error) {
      const e = scrub(error);
      if (!(e instanceof VendorError)) throw e;
      if (e.code !== 'VENDOR_AUTH' || context.signal.aborted) return { ok: false, message: e.message, suggestedRegion: null };
      // The key may read the catalogue but lack write access (Pendo's aggregation needs "Allow Write Access").
      try {
        const response = await request(context, '/api/v1/page', undefined);
        await response.body?.cancel().catch(() => {});
        return {
          ok: false,
          message: `The integration key works at ${where} but may not run aggregations (403). In Pendo, give the integration key "Allow Write Access", then test again.`,
          suggestedRegion: null,
        };
      } catch {
        // the key is refused outright
      }
      if (!config.baseUrl) {
        for (const other of Object.keys(pendoRegions) as PendoRegion[]) {
          if (other === region || context.signal.aborted) continue;
          try {
            await countAccounts(context, pendoRegions[other]);
            return {
              ok: false,
              message: `This integration key belongs to Pendo's ${other} data center (${new URL(pendoRegions[other]).host}), not ${region}. Switch the region to "${other}" in Settings → Connections.`,
              suggestedRegion: other,
            };
          } catch {
            // not this region either
          }
        }
      }
      return { ok: false, message: e.message, suggestedRegion: null };
    }
  }

  function guardIterable<T>(source: AsyncGenerator<T>): AsyncIterable<T> {
    return {
      async *[Symbol.asyncIterator]() {
        try {
          yield* source;
        } catch (error) {
          throw scrub(error);
        }
      },
    };
  }

  const guard =
    <A extends unknown[], R>(fn: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      try {
        return await fn(...args);
      } catch (error) {
        throw scrub(error);
      }
    };

  return {
    vendor: 'pendo',
    test: guard(test),
    planWindows,
    fetchWindow: guard(fetchWindow),
    checkpointAfter,
    accounts,
    users,
    catalog: guard(catalog),
    accuracySamples: guard(accuracySamples),
  };
}
