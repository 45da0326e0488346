/**
 * Mixpanel HTTP plumbing: regional hosts, Basic auth (service account or legacy project secret),
 * `project_id` on every call, and the mapping of Mixpanel's answers to specific VendorErrors.
 * Every request runs inside `context.schedule`, response handling included, so the scheduler's
 * concurrency slot is held for as long as Mixpanel counts the query as running.
 */
import type { Clock, Http } from '../../ports';
import { retryAfterMs, safeUrl, statusError, VendorError, vendorFetch } from '../http';
import type { FetchContext } from '../types';
import type { MixpanelSettings } from './settings';

export const VENDOR = 'Mixpanel';
export type MixpanelRegion = 'us' | 'eu' | 'in';
export const MIXPANEL_REGIONS: readonly MixpanelRegion[] = ['us', 'eu', 'in'];
const REGION_NAMES: Record<MixpanelRegion, string> = { us: 'US', eu: 'EU', in: 'India' };

const EXPORT_HOSTS: Record<MixpanelRegion, string> = {
  us: 'https://data.mixpanel.com',
  eu: 'https://data-eu.mixpanel.com',
  in: 'https://data-in.mixpanel.com',
};
const QUERY_HOSTS: Record<MixpanelRegion, string> = {
  us: 'https://mixpanel.com',
  eu: 'https://eu.mixpanel.com',
  in: 'https://in.mixpanel.com',
};

export function regionName(region: string): string {
  return REGION_NAMES[region as MixpanelRegion] ?? region;
}

export function asRegion(region: string): MixpanelRegion {
  const r = region.toLowerCase();
  if (r === 'us' || r === 'eu' || r === 'in') return r;
  throw new VendorError('VENDOR_REGION', `"${region}" is not a Mixpanel data region; use US, EU or India (us, eu, in).`, false);
}

export interface MixpanelClientOptions {
  region: MixpanelRegion;
  baseUrl: string | null;
  settings: MixpanelSettings;
  secret: string;
  http: Http;
  clock: Clock;
}

export interface RequestOptions {
  method?: 'GET' | 'POST';
  /** Query parameters (GET) or form fields (POST). `project_id` is added automatically. */
  params?: Record<string, string>;
  headers?: Record<string, string>;
  timeoutMs?: number;
}

/** Mixpanel's own error text from a `{"request","error"}` (or `{"message"}`) body, or a short plain excerpt. */
export function vendorErrorText(body: string): string {
  const text = body.trim();
  if (text.startsWith('<')) return '(an HTML page instead of an API answer)';
  try {
    const v = JSON.parse(text) as { error?: unknown; message?: unknown };
    const e = typeof v.error === 'string' ? v.error : typeof v.message === 'string' ? v.message : null;
    if (e) return e.replace(/\s+/g, ' ').slice(0, 300);
  } catch {
    /* not JSON */
  }
  return text.replace(/\s+/g, ' ').slice(0, 300);
}

export class MixpanelClient {
  readonly region: MixpanelRegion;
  private readonly auth: string;

  constructor(private readonly options: MixpanelClientOptions) {
    this.region = options.region;
    const { username } = options.settings;
    const pair = username ? `${username}:${options.secret}` : `${options.secret}:`;
    this.auth = `Basic ${Buffer.from(pair, 'utf8').toString('base64')}`;
  }

  get serviceAccount(): boolean {
    return Boolean(this.options.settings.username);
  }

  get clock(): Clock {
    return this.options.clock;
  }

  /** The same client pointed at another region (to find where a project lives). */
  inRegion(region: MixpanelRegion): MixpanelClient {
    return new MixpanelClient({ ...this.options, region });
  }

  get hasBaseUrl(): boolean {
    return this.options.baseUrl !== null && this.options.baseUrl !== '';
  }

  url(family: 'export' | 'query', endpoint: string): string {
    const base = this.options.baseUrl
      ? this.options.baseUrl.replace(/\/+$/, '')
      : family === 'export'
        ? EXPORT_HOSTS[this.region]
        : QUERY_HOSTS[this.region];
    return family === 'export' ? `${base}/api/2.0/export` : `${base}/api/query/${endpoint.replace(/^\/+/, '')}`;
  }

  /**
   * One scheduled request; `handle` reads the (successful) response inside the scheduled task.
   * Non-2xx answers become VendorErrors before `handle` runs.
   */
  async request<T>(
    family: 'export' | 'query',
    endpoint: string,
    context: FetchContext,
    options: RequestOptions,
    handle: (response: Response, url: string) => Promise<T>,
  ): Promise<T> {
    const params = new URLSearchParams(options.params ?? {});
    const projectId = this.options.settings.projectId;
    if (projectId) params.set('project_id', projectId);
    const method = options.method ?? 'GET';
    let url = this.url(family, endpoint);
    let body: string | undefined;
    const headers: Record<string, string> = { Authorization: this.auth, ...options.headers };
    if (method === 'POST') {
      // project_id stays in the query string (Mixpanel reads it there); the rest goes in the form body.
      const query = new URLSearchParams();
      if (projectId) query.set('project_id', projectId);
      params.delete('project_id');
      url = `${url}?${query.toString()}`;
      body = params.toString();
      headers['Content-Type'] = 'application/x-www-form-urlencoded';
    } else {
      const q = params.toString();
      if (q) url = `${url}?${q}`;
    }
    return context.schedule(async () => {
      const response = await vendorFetch(this.options.http, {
        vendorName: VENDOR,
        url,
        method,
        headers,
        body,
        signal: context.signal,
        timeoutMs: options.timeoutMs,
      });
      if (!response.ok) throw await this.errorFor(response, url);
      return handle(response, url);
    }, family);
  }

  /** GET/POST a Query API endpoint and parse its JSON (query answers are small: one page at most). */
  async queryJson(endpoint: string, context: FetchContext, options: RequestOptions = {}): Promise<unknown> {
    return this.request(
      'query',
      endpoint,
      context,
      { ...options, headers: { Accept: 'application/json', ...options.headers } },
      (r, url) => readJson(r, url, context),
    );
  }

  /** The specific VendorError for a non-2xx answer. Never includes the secret. */
  async errorFor(response: Response, url: string): Promise<VendorError> {
    let raw = '';
    try {
      raw = (await response.text()).slice(0, 4000);
    } catch {
      raw = '';
    }
    const text = this.scrub(vendorErrorText(raw));
    const status = response.status;
    const where = safeUrl(url);
    const now = this.options.clock.now();
    if (/invalid project id for cluster/i.test(text) || /data residency|wrong (data )?region/i.test(text)) {
      const others = MIXPANEL_REGIONS.filter((r) => r !== this.region).map(regionName);
      return new VendorError(
        'VENDOR_REGION',
        `This Mixpanel project is stored in another data region than ${regionName(this.region)}. Change the region in Settings → Connections (try ${others.join(' or ')}).`,
        false,
        null,
        status,
      );
    }
    if (status === 400 || status === 401) {
      if (/project_id is required/i.test(text)) {
        return new VendorError(
          'VENDOR_AUTH',
          'Mixpanel needs the project id with a service account. Add the project id in Settings → Connections.',
          false,
          null,
          status,
        );
      }
      if (status === 401 || /authenticat|credential|expired|invalid (api )?secret/i.test(text)) {
        return new VendorError(
          'VENDOR_AUTH',
          `Mixpanel rejected the credentials (${status}): the ${this.serviceAccount ? 'service-account username or secret' : 'project secret'} is wrong or expired. Check the key in Settings → Connections. (${text})`,
          false,
          null,
          status,
        );
      }
      if (/to_date cannot be later than today/i.test(text)) {
        return new VendorError(
          'VENDOR_BAD_RESPONSE',
          `Mixpanel says the requested day is in the future for the project (400 "${text}"). Check the project time zone in Settings → Connections (now ${this.options.settings.projectTimeZone}).`,
          false,
          null,
          status,
        );
      }
      return new VendorError(
        'VENDOR_BAD_RESPONSE',
        `Mixpanel refused the request to ${where} (400): ${text}`,
        false,
        null,
        status,
      );
    }
    if (status === 403) {
      return new VendorError(
        'VENDOR_PERMISSION',
        `Mixpanel refused access (403): ${this.serviceAccount ? `the service account has no access to project ${this.options.settings.projectId ?? ''} or lacks the role this data needs` : 'the project secret lacks access'}. Check the project id and the account's role in Mixpanel. (${text})`,
        false,
        null,
        status,
      );
    }
    if (status === 404) {
      return new VendorError(
        'VENDOR_BAD_RESPONSE',
        `Mixpanel has no such endpoint at ${where} (404). Check the base URL in Settings → Connections. (${text})`,
        false,
        null,
        status,
      );
    }
    if (status === 429) {
      let wait = retryAfterMs(response, now);
      // Without Retry-After, an exhausted hourly budget ("61/60 queries ... in the last hour") needs a
      // longer pause than the engine's short exponential backoff.
      if (wait === null) wait = impliedWait(text);
      return new VendorError(
        'VENDOR_RATE_LIMITED',
        `Mixpanel is rate limiting Pulse (429): ${text} Pulse waits and retries.`,
        true,
        wait,
        status,
      );
    }
    return statusError(VENDOR, response, text, now);
  }

  private scrub(text: string): string {
    const secret = this.options.secret;
    return secret && secret.length >= 4 ? text.split(secret).join('***') : text;
  }
}

/**
 * A pause implied by Mixpanel's 429 text when Retry-After is absent: an exhausted hourly budget
 * ("61/60 queries running in the last hour") → 60 s; the export's per-second budget → 1 s; otherwise
 * (concurrency) null, leaving the engine's exponential backoff.
 */
export function impliedWait(text: string): number | null {
  const over = (re: RegExp): boolean => {
    const m = re.exec(text);
    return m !== null && Number(m[1]) > Number(m[2]);
  };
  if (over(/(\d+)\/(\d+) queries (?:running )?in the last hour/i)) return 60_000;
  if (over(/(\d+)\/(\d+) queries (?:running )?in the last second/i)) return 1_000;
  return null;
}

/** Reads a JSON answer; an HTML page or unparsable text becomes VENDOR_BAD_RESPONSE, a dropped body NETWORK. */
export async function readJson(response: Response, url: string, context: FetchContext): Promise<unknown> {
  let text: string;
  try {
    text = await response.text();
  } catch (error) {
    if (context.signal.aborted) throw new VendorError('CANCELLED', 'The sync was cancelled.', false);
    throw new VendorError(
      'NETWORK',
      `The connection to Mixpanel dropped while reading ${safeUrl(url)} (${(error as Error).message}). Pulse will retry.`,
      true,
    );
  }
  const type = response.headers.get('content-type') ?? '';
  if (/text\/html/i.test(type) || /^\s*</.test(text)) {
    throw new VendorError(
      'VENDOR_BAD_RESPONSE',
      `Mixpanel answered ${safeUrl(url)} with an HTML page instead of JSON (status ${response.status}): a proxy, captive portal or maintenance page may be in the way. Check the base URL and the network.`,
      false,
      null,
      response.status,
    );
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new VendorError(
      'VENDOR_BAD_RESPONSE',
      `Mixpanel's answer from ${safeUrl(url)} is not valid JSON (${text.length} characters, starting "${text.slice(0, 40).replace(/\s+/g, ' ')}"): it may have been cut off.`,
      false,
      null,
      response.status,
    );
  }
}

/** A VendorError for JSON of an unexpected shape, naming what was expected. */
export function wrongShape(what: string, expected: string, value: unknown): VendorError {
  const got = Array.isArray(value)
    ? 'a list'
    : value === null
      ? 'null'
      : typeof value === 'object'
        ? `an object with keys ${
            Object.keys(value as object)
              .slice(0, 6)
              .join(', ') || '(none)'
          }`
        : typeof value;
  const error =
    typeof value === 'object' && value !== null && typeof (value as { error?: unknown }).error === 'string'
      ? ` Mixpanel said: ${(value as { error: string }).error.slice(0, 200)}`
      : '';
  return new VendorError(
    'VENDOR_BAD_RESPONSE',
    `Mixpanel's ${what} answer has an unexpected shape: expected ${expected}, got ${got}.${error}`,
    false,
  );
}
