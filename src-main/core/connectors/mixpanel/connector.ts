/**
 * The Mixpanel connector: raw export per project-zone day (JSON lines, streamed), users and group
 * profiles through engage, cohorts, saved funnels and a segmentation total for the accuracy check.
 *
 * Query API budget: 60 queries/hour and 5 concurrent per project, shared by everything under
 * /api/query (engage pages, cohorts, funnels, segmentation). Each method below says what it costs.
 * The raw export has its own budget (60/hour, 3/second, 100 concurrent): one request per day window, or
 * one for several complete days when the engine groups them (fetchWindows).
 */
import { isVendorError, VendorError } from '../http';
import { splitLines } from '../lines';
import type {
  AccuracySample,
  ConnectionTestResult,
  Connector,
  ConnectorConfig,
  FetchContext,
  IngestSink,
  SavedFunnel,
  SavedReportData,
  SyncWindow,
  VendorAccount,
  VendorCohort,
  VendorUser,
  WindowPlanInput,
} from '../types';
import { routeByTime } from '../windowRouting';
import { asRegion, MIXPANEL_REGIONS, MixpanelClient, type MixpanelRegion, regionName, wrongShape } from './client';
import { ExportLineParser } from './exportParser';
import { parseInsights } from './insights';
import { type MixpanelSettings, mixpanelSettingsSchema } from './settings';
import { trackedBody } from './stream';
import { addDays, dayInZone, dayStartUtc, parseDay } from './time';

export const MIXPANEL_STREAM = 'events';
/** Engage page size (the documented maximum in practice; each page is one Query API call). */
export const ENGAGE_PAGE_SIZE = 1000;
/** At most this many engage pages are spent on cohort members per sync; larger cohorts report size only. */
export const COHORT_MEMBER_PAGE_BUDGET = 10;
/** At most this many funnels are read (one query each, on top of funnels/list). */
export const MAX_FUNNELS = 20;
/** A whole day's export may take long; the idle timeout catches a stalled stream. */
const EXPORT_TOTAL_TIMEOUT_MS = 30 * 60_000;
const EXPORT_IDLE_TIMEOUT_MS = 120_000;
const QUERY_TIMEOUT_MS = 120_000;

interface Checkpoint {
  v: 1;
  /** The first project-zone day not yet fully exported. */
  next: string;
}

function readCheckpoint(text: string | null): Checkpoint | null {
  if (!text) return null;
  try {
    const v = JSON.parse(text) as Partial<Checkpoint>;
    return v && v.v === 1 && typeof v.next === 'string' && parseDay(v.next) !== null ? { v: 1, next: v.next } : null;
  } catch {
    return null;
  }
}

interface EngageProfile {
  $distinct_id?: unknown;
  $properties?: Record<string, unknown>;
}

function asIdList(value: unknown): string[] {
  if (typeof value === 'string') return value === '' ? [] : [value];
  if (typeof value === 'number') return [String(value)];
  if (Array.isArray(value)) {
    const out: string[] = [];
    for (const v of value) if ((typeof v === 'string' && v !== '') || typeof v === 'number') out.push(String(v));
    return [...new Set(out)];
  }
  return [];
}

function str(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : typeof value === 'number' ? String(value) : null;
}

const UNIT_SECONDS: Record<string, number> = { second: 1, minute: 60, hour: 3600, day: 86_400, week: 604_800, month: 2_592_000 };

export class MixpanelConnector implements Connector {
  readonly vendor = 'mixpanel' as const;
  private readonly settings: MixpanelSettings;
  private readonly configError: string | null;
  private readonly regionError: VendorError | null;
  private readonly client: MixpanelClient;
  /** The first event name seen in an export (default event of the accuracy check). */
  private firstEventName: string | null = null;

  constructor(private readonly config: ConnectorConfig<MixpanelSettings>) {
    const parsed = mixpanelSettingsSchema.safeParse(config.settings ?? {});
    this.settings = parsed.success ? parsed.data : mixpanelSettingsSchema.parse({});
    this.configError = parsed.success ? null : parsed.error.issues.map((i) => i.message).join('; ');
    let region: MixpanelRegion = 'us';
    let regionError: VendorError | null = null;
    try {
      region = asRegion(config.region || 'us');
    } catch (error) {
      regionError = error as VendorError;
    }
    this.regionError = regionError;
    this.client = new MixpanelClient({
      region,
      baseUrl: config.baseUrl,
      settings: this.settings,
      secret: config.secrets.secret ?? '',
      http: config.http,
      clock: config.clock,
    });
  }

  private get zone(): string {
    return this.settings.projectTimeZone;
  }

  /** Configuration problems found before any call (no secret, service account without project id, bad region). */
  private preflight(): VendorError | null {
    if (this.regionError) return this.regionError;
    if (this.configError)
      return new VendorError(
        'VENDOR_AUTH',
        `The Mixpanel connection settings are incomplete: ${this.configError} Fix them in Settings → Connections.`,
        false,
      );
    if (!this.config.secrets.secret) {
      return new VendorError(
        'VENDOR_AUTH',
        'No Mixpanel secret is saved for this connection. Add it in Settings → Connections.',
        false,
      );
    }
    return null;
  }

  private assertReady(): void {
    const problem = this.preflight();
    if (problem) throw problem;
  }

  // ---------------------------------------------------------------------------------------------
  // Windows and checkpoints

  planWindows(input: WindowPlanInput): SyncWindow[] {
    const today = dayInZone(input.now, this.zone);
    const earliest = addDays(today, -Math.max(0, Math.floor(input.backfillDays)));
    let start = earliest;
    const checkpoint = input.full ? null : readCheckpoint(input.checkpoint);
    if (checkpoint) {
      const resume = addDays(checkpoint.next, -Math.max(0, Math.floor(input.lookbackDays)));
      if (resume > start) start = resume;
    }
    const windows: SyncWindow[] = [];
    // Never beyond today in the project zone: Mixpanel answers 400 "to_date cannot be later than today".
    for (let day = start; day <= today; day = addDays(day, 1)) windows.push(this.window(day));
    return windows;
  }

  private window(day: string): SyncWindow {
    return {
      key: day,
      stream: MIXPANEL_STREAM,
      fromMs: dayStartUtc(day, this.zone),
      toMs: dayStartUtc(addDays(day, 1), this.zone),
    };
  }

  checkpointAfter(window: SyncWindow, previous: string | null): string {
    // A day is complete once it has ended in the project zone; today stays the resume point.
    const complete = window.toMs <= this.config.clock.now();
    let next = complete ? addDays(window.key, 1) : window.key;
    const prev = readCheckpoint(previous);
    if (prev && prev.next > next) next = prev.next;
    return JSON.stringify({ v: 1, next } satisfies Checkpoint);
  }

  // ---------------------------------------------------------------------------------------------
  // Export

  /** One export request for the window's project-zone day, streamed line by line into the sink. */
  async fetchWindow(window: SyncWindow, sink: IngestSink, context: FetchContext): Promise<void> {
    this.assertReady();
    const day = window.key;
    if (parseDay(day) === null)
      throw new VendorError('VENDOR_BAD_RESPONSE', `"${day}" is not a Mixpanel export day (YYYY-MM-DD).`, false);
    const today = dayInZone(this.config.clock.now(), this.zone);
    if (day > today) return; // nothing can exist yet
    try {
      const parser = await this.exportDay(day, sink, context);
      if (this.firstEventName === null && parser.firstEventName !== null) this.firstEventName = parser.firstEventName;
    } catch (error) {
      // Mixpanel's "today" can lag ours by a moment around midnight: today's window simply has no data yet.
      if (isVendorError(error) && error.status === 400 && day === today && /in the future for the project/.test(error.message))
        return;
      throw error;
    }
  }

  /**
   * Several complete days in ONE export request (see Connector.fetchWindows): the raw export allows 60
   * requests an hour, so a 90-day first sync a day per request waited about an hour for its last 30
   * days. Each event goes to the window (project-zone day) holding its time.
   */
  async fetchWindows(windows: SyncWindow[], sinks: IngestSink[], context: FetchContext): Promise<void> {
    this.assertReady();
    const from = windows[0]?.key ?? '';
    const to = windows[windows.length - 1]?.key ?? '';
    for (const day of [from, to]) {
      if (parseDay(day) === null)
        throw new VendorError('VENDOR_BAD_RESPONSE', `"${day}" is not a Mixpanel export day (YYYY-MM-DD).`, false);
    }
    const parser = await this.exportDays(from, to, routeByTime(windows, sinks), context);
    if (this.firstEventName === null && parser.firstEventName !== null) this.firstEventName = parser.firstEventName;
  }

  /** Only days that have ended share a request: today's export can be refused (Mixpanel's "today" may lag ours). */
  canShareRequest(window: SyncWindow): boolean {
    return window.toMs <= this.config.clock.now();
  }

  private exportDay(day: string, sink: IngestSink, context: FetchContext, limit?: number): Promise<ExportLineParser> {
    return this.exportDays(day, day, sink, context, limit);
  }

  private async exportDays(
    from: string,
    to: string,
    sink: IngestSink,
    context: FetchContext,
    limit?: number,
  ): Promise<ExportLineParser> {
    const days = from === to ? from : `${from} to ${to}`;
    const params: Record<string, string> = { from_date: from, to_date: to };
    if (limit !== undefined) params.limit = String(limit);
    return this.client.request(
      'export',
      'export',
      context,
      { params, headers: { Accept: 'text/plain', 'Accept-Encoding': 'gzip' }, timeoutMs: EXPORT_TOTAL_TIMEOUT_MS },
      async (response, url) => {
        const type = response.headers.get('content-type') ?? '';
        if (/text\/html/i.test(type)) {
          await response.body?.cancel().catch(() => undefined);
          throw htmlError(response.status);
        }
        const parser = new ExportLineParser(sink, {
          groupKey: this.settings.groupKey,
          timeZone: this.zone,
          legacyLocalTime: this.settings.legacyLocalTime,
        });
        const body = trackedBody(response, url, context.signal, EXPORT_IDLE_TIMEOUT_MS);
        let first = true;
        let seen = 0;
        for await (const line of splitLines(body.chunks)) {
          if (first) {
            first = false;
            if (/^\s*</.test(line)) throw htmlError(response.status);
          }
          parser.line(line);
          if (limit !== undefined && ++seen >= limit) return parser;
        }
        parser.end(body.endedWithNewline());
        if (parser.records === 0 && parser.wrongShape > 0) {
          throw new VendorError(
            'VENDOR_BAD_RESPONSE',
            `Mixpanel's export for ${days} is not event lines: expected one {"event": ..., "properties": {"time", "distinct_id", ...}} object per line.${parser.errorText ? ` Mixpanel said: ${parser.errorText}` : ''}`,
            false,
            null,
            response.status,
          );
        }
        return parser;
      },
    );
  }

  // ---------------------------------------------------------------------------------------------
  // Connection test

  /** One export of at most one event from yesterday (cheap, and outside the 60/hour Query API budget). */
  async test(context: FetchContext): Promise<ConnectionTestResult> {
    const problem = this.preflight();
    if (problem) return { ok: false, message: problem.message, suggestedRegion: null };
    try {
      await this.probe(this.client, context);
      const who = this.client.serviceAccount ? `service account ${this.settings.username}` : 'project secret';
      return {
        ok: true,
        message: `Connected to Mixpanel${this.settings.projectId ? ` project ${this.settings.projectId}` : ''} (${regionName(this.client.region)} region) with the ${who}. The raw export answers.`,
        suggestedRegion: null,
      };
    } catch (error) {
      if (!isVendorError(error)) throw error;
      if (error.code === 'CANCELLED') return { ok: false, message: error.message, suggestedRegion: null };
      // A wrong region shows up as "invalid project id for cluster" or as rejected credentials: try the others.
      if ((error.code === 'VENDOR_REGION' || error.code === 'VENDOR_AUTH') && !this.client.hasBaseUrl) {
        for (const region of MIXPANEL_REGIONS) {
          if (region === this.client.region) continue;
          try {
            await this.probe(this.client.inRegion(region), context);
            return {
              ok: false,
              message: `This Mixpanel project is stored in the ${regionName(region)} region, not ${regionName(this.client.region)}. Change the region to ${regionName(region)} in Settings → Connections.`,
              suggestedRegion: region,
            };
          } catch {
            /* not there either */
          }
        }
      }
      return { ok: false, message: error.message, suggestedRegion: null };
    }
  }

  private async probe(client: MixpanelClient, context: FetchContext): Promise<void> {
    const yesterday = addDays(dayInZone(this.config.clock.now(), this.zone), -1);
    const params = { from_date: yesterday, to_date: yesterday, limit: '1' };
    await client.request(
      'export',
      'export',
      context,
      { params, headers: { Accept: 'text/plain' }, timeoutMs: 60_000 },
      async (response) => {
        const text = await readStart(response);
        if (/text\/html/i.test(response.headers.get('content-type') ?? '') || /^\s*</.test(text))
          throw htmlError(response.status);
        if (text.trim() !== '' && !text.trimStart().startsWith('{')) {
          throw new VendorError(
            'VENDOR_BAD_RESPONSE',
            'Mixpanel answered the export with something that is not JSON lines. Check the base URL.',
            false,
          );
        }
      },
    );
  }

  // ---------------------------------------------------------------------------------------------
  // Profiles

  /** Engage pages: one Query API call per 1000 profiles, the same query repeated with session_id. */
  private async *engage(
    context: FetchContext,
    extra: Record<string, string>,
    maxPages = Number.POSITIVE_INFINITY,
  ): AsyncGenerator<EngageProfile> {
    this.assertReady();
    let page = 0;
    let sessionId: string | null = null;
    while (page < maxPages) {
      const params: Record<string, string> = { ...extra, page_size: String(ENGAGE_PAGE_SIZE) };
      if (page > 0 && sessionId) {
        params.page = String(page);
        params.session_id = sessionId;
      }
      const json = await this.client.queryJson('engage', context, { method: 'POST', params, timeoutMs: QUERY_TIMEOUT_MS });
      const body = json as { results?: unknown; page_size?: unknown; session_id?: unknown; page?: unknown };
      if (typeof json !== 'object' || json === null || !Array.isArray(body.results)) {
        throw wrongShape('engage', '{"results": [...profiles], "session_id", "page", "page_size"}', json);
      }
      if (page > 0 && typeof body.page === 'number' && body.page !== page) {
        throw new VendorError(
          'VENDOR_BAD_RESPONSE',
          `Mixpanel's engage answered page ${body.page} when page ${page} was asked for.`,
          false,
        );
      }
      for (const r of body.results as unknown[]) {
        if (typeof r === 'object' && r !== null) yield r as EngageProfile;
      }
      const pageSize = typeof body.page_size === 'number' && body.page_size > 0 ? body.page_size : ENGAGE_PAGE_SIZE;
      if (body.results.length === 0 || body.results.length < pageSize) return;
      if (typeof body.session_id !== 'string' || body.session_id === '') {
        throw wrongShape('engage', 'a session_id to read the next page', json);
      }
      sessionId = body.session_id;
      page++;
    }
  }

  /** User profiles (cost: one query per 1000 users). */
  async *users(context: FetchContext): AsyncIterable<VendorUser> {
    for await (const profile of this.engage(context, {})) {
      const userId = str(profile.$distinct_id);
      if (userId === null) continue;
      const properties = profile.$properties && typeof profile.$properties === 'object' ? profile.$properties : {};
      yield {
        userId,
        readableUserId: str(properties.$email),
        accountIds: asIdList(properties[this.settings.groupKey]),
        properties,
      };
    }
  }

  /** Group (account) profiles when `dataGroupId` is set (cost: one query per 1000 accounts); none otherwise. */
  async *accounts(context: FetchContext): AsyncIterable<VendorAccount> {
    const group = this.settings.dataGroupId;
    if (!group) return;
    for await (const profile of this.engage(context, { data_group_id: group })) {
      const properties = profile.$properties && typeof profile.$properties === 'object' ? profile.$properties : {};
      const accountId = str(profile.$distinct_id) ?? str(properties.$group_id);
      if (accountId === null) continue;
      yield {
        accountId,
        name: str(properties.$name) ?? str(properties.name),
        domain: str(properties.domain) ?? str(properties.$domain),
        properties,
      };
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Cohorts, funnels, accuracy

  /**
   * cohorts/list (one query), then members through engage `filter_by_cohort` while the page budget
   * (COHORT_MEMBER_PAGE_BUDGET) lasts; larger cohorts, and group cohorts, report their size only.
   */
  async cohorts(context: FetchContext): Promise<VendorCohort[]> {
    this.assertReady();
    const json = await this.client.queryJson('cohorts/list', context, { method: 'POST', timeoutMs: QUERY_TIMEOUT_MS });
    if (!Array.isArray(json)) throw wrongShape('cohorts/list', 'a list of {"id", "name", "count"}', json);
    const out: VendorCohort[] = [];
    let budget = COHORT_MEMBER_PAGE_BUDGET;
    for (const item of json as unknown[]) {
      const c = item as { id?: unknown; name?: unknown; count?: unknown; data_group_id?: unknown };
      const cohortId = str(c?.id);
      if (cohortId === null) continue;
      const size = typeof c.count === 'number' ? c.count : null;
      let memberUserIds: string[] | null = null;
      const pages = size === null ? Number.POSITIVE_INFINITY : Math.floor(size / ENGAGE_PAGE_SIZE) + 1;
      const userCohort = c.data_group_id === null || c.data_group_id === undefined || c.data_group_id === '';
      if (userCohort && pages <= budget) {
        memberUserIds = [];
        let used = 0;
        for await (const profile of this.engage(
          context,
          { filter_by_cohort: JSON.stringify({ id: Number(cohortId) }), output_properties: '["$email"]' },
          pages,
        )) {
          const id = str(profile.$distinct_id);
          if (id !== null) memberUserIds.push(id);
          used = Math.floor(memberUserIds.length / ENGAGE_PAGE_SIZE) + 1;
        }
        budget -= Math.max(1, used);
      }
      out.push({ cohortId, name: str(c.name) ?? `Cohort ${cohortId}`, size, memberUserIds });
    }
    return out;
  }

  /**
   * funnels/list (one query) and one funnels query per funnel (at most MAX_FUNNELS) over yesterday,
   * only to read the step events. The window is read from `length`/`length_unit` when the answer has them.
   */
  async savedFunnels(context: FetchContext): Promise<SavedFunnel[]> {
    this.assertReady();
    const list = await this.client.queryJson('funnels/list', context, { timeoutMs: QUERY_TIMEOUT_MS });
    if (!Array.isArray(list)) throw wrongShape('funnels/list', 'a list of {"funnel_id", "name"}', list);
    const yesterday = addDays(dayInZone(this.config.clock.now(), this.zone), -1);
    const out: SavedFunnel[] = [];
    for (const item of (list as unknown[]).slice(0, MAX_FUNNELS)) {
      const f = item as { funnel_id?: unknown; name?: unknown };
      const funnelId = str(f?.funnel_id);
      if (funnelId === null) continue;
      const json = await this.client.queryJson('funnels', context, {
        params: { funnel_id: funnelId, from_date: yesterday, to_date: yesterday, unit: 'day' },
        timeoutMs: QUERY_TIMEOUT_MS,
      });
      out.push({ funnelId, name: str(f.name) ?? `Funnel ${funnelId}`, ...funnelDefinition(json) });
    }
    return out;
  }

  /** One insights query for a saved report (bookmark id); see ./insights. */
  async savedReport(reportId: string, context: FetchContext): Promise<SavedReportData> {
    this.assertReady();
    const json = await this.client.queryJson('insights', context, {
      params: { bookmark_id: reportId },
      timeoutMs: QUERY_TIMEOUT_MS,
    });
    return parseInsights(json, reportId);
  }

  /**
   * One segmentation query for the whole range: the daily count of one event (settings.accuracyEvent,
   * else the first event name seen in an export), as metric `events:<name>`.
   */
  async accuracySamples(days: string[], context: FetchContext): Promise<AccuracySample[]> {
    this.assertReady();
    const event = this.settings.accuracyEvent ?? this.firstEventName;
    const today = dayInZone(this.config.clock.now(), this.zone);
    const wanted = [...new Set(days.filter((d) => parseDay(d) !== null && d <= today))].sort();
    const from = wanted[0];
    const to = wanted[wanted.length - 1];
    if (!event || from === undefined || to === undefined) return [];
    const json = await this.client.queryJson('segmentation', context, {
      params: { event, from_date: from, to_date: to, unit: 'day', type: 'general' },
      timeoutMs: QUERY_TIMEOUT_MS,
    });
    const values = (json as { data?: { values?: Record<string, unknown> } })?.data?.values;
    const series = values && typeof values === 'object' ? values[event] : undefined;
    if (
      typeof json !== 'object' ||
      json === null ||
      typeof values !== 'object' ||
      values === null ||
      (series !== undefined && (typeof series !== 'object' || series === null))
    ) {
      throw wrongShape('segmentation', '{"data": {"series": [...days], "values": {"<event>": {"<day>": count}}}}', json);
    }
    const counts = (series ?? {}) as Record<string, unknown>;
    return wanted.map((day) => {
      const v = counts[day];
      return { metric: `events:${event}`, day, vendorValue: typeof v === 'number' ? v : Number(v ?? 0) || 0 };
    });
  }
}

/** Step event names (`data[date].steps[].event`) and the conversion window of a funnels answer. */
export function funnelDefinition(json: unknown): { steps: string[]; windowSeconds: number | null } {
  const body = json as {
    data?: Record<string, unknown>;
    meta?: Record<string, unknown>;
    length?: unknown;
    length_unit?: unknown;
  };
  if (typeof json !== 'object' || json === null || typeof body.data !== 'object' || body.data === null) {
    throw wrongShape('funnels', '{"meta": {"dates"}, "data": {"<date>": {"steps": [{"event", ...}]}}}', json);
  }
  let steps: string[] = [];
  for (const bucket of Object.values(body.data)) {
    const rows = (bucket as { steps?: unknown })?.steps;
    if (Array.isArray(rows) && rows.length > 0) {
      steps = rows
        .map((s) => str((s as { event?: unknown })?.event) ?? str((s as { goal?: unknown })?.goal) ?? '')
        .filter((s) => s !== '');
      break;
    }
  }
  const length = typeof body.length === 'number' ? body.length : typeof body.meta?.length === 'number' ? body.meta.length : null;
  const unitRaw = str(body.length_unit) ?? str(body.meta?.length_unit) ?? 'day';
  const unit = UNIT_SECONDS[unitRaw] ?? null;
  return { steps, windowSeconds: length !== null && unit !== null ? length * unit : null };
}

function htmlError(status: number): VendorError {
  return new VendorError(
    'VENDOR_BAD_RESPONSE',
    `Mixpanel answered with an HTML page instead of data (status ${status}): a proxy, captive portal or maintenance page may be in the way. Check the base URL and the network.`,
    false,
    null,
    status,
  );
}

/** The first few KB of a body, then the download is stopped. */
async function readStart(response: Response): Promise<string> {
  const body = response.body;
  if (!body) return '';
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let text = '';
  try {
    while (text.length < 4096) {
      const { done, value } = await reader.read();
      if (done) break;
      text += decoder.decode(value, { stream: true });
    }
  } catch (error) {
    throw new VendorError('NETWORK', `The connection to Mixpanel dropped (${(error as Error).message}). Try again.`, true);
  } finally {
    reader.cancel().catch(() => undefined);
  }
  return text;
}

export function createMixpanelConnector(config: ConnectorConfig<MixpanelSettings>): Connector {
  return new MixpanelConnector(config);
}
