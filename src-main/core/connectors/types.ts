/**
 * What every vendor connector produces: canonical records, independent of the vendor's wire shape.
 * Connectors stream; they never hold a whole export. Ingest (core/ingest) turns these records into
 * daily aggregates; raw events are never stored.
 */
export type Vendor = 'amplitude' | 'mixpanel' | 'pendo';

export const vendorRegions = {
  amplitude: ['us', 'eu'],
  mixpanel: ['us', 'eu', 'in'],
  pendo: ['us', 'us1', 'eu', 'jp', 'au'],
} as const satisfies Record<Vendor, readonly string[]>;
export type Region<V extends Vendor = Vendor> = (typeof vendorRegions)[V][number];

/** One event with an individual timestamp (Amplitude and Mixpanel exports, Pendo guide events). */
export interface CanonicalEvent {
  /** The vendor's account key (Amplitude group value, Mixpanel group key property, Pendo accountId); null when absent. */
  accountId: string | null;
  /** The vendor's user identifier (user_id/device, distinct_id, visitorId). Pseudonymised by ingest. */
  userId: string;
  /** A readable identifier (email) when the payload has one; kept only if the privacy setting allows. */
  readableUserId: string | null;
  /** Epoch milliseconds, UTC. */
  ts: number;
  name: string;
  /** Vendor session id (Amplitude session_id = start epoch ms); null when the source has none. */
  sessionId: number | null;
  /** Vendor dedupe key (Amplitude uuid/$insert_id, Mixpanel $insert_id); null when absent. */
  insertId: string | null;
  /** Values of the listed breakdown properties (IngestSink.propertyNames) the event carries; absent otherwise. */
  properties?: Readonly<Record<string, string>> | null;
}

/**
 * A pre-aggregated bucket (Pendo events/featureEvents/pageEvents). `day` is the vendor's own
 * calendar date ("YYYY-MM-DD", in the vendor's subscription time zone): Pendo cuts days itself and
 * the raw events are not available, so the day cannot be re-cut in the reporting zone.
 */
export interface CanonicalBucket {
  accountId: string | null;
  userId: string;
  readableUserId: string | null;
  day: string;
  /** activity: all events of the visitor that day; feature/page: usage of one tagged item. */
  kind: 'activity' | 'feature' | 'page';
  itemId: string | null;
  events: number;
  minutes: number;
}

/** One in-app guide event (Pendo guideEvents are per-event rows). */
export interface CanonicalGuideEvent {
  accountId: string | null;
  userId: string;
  ts: number;
  guideId: string;
  stepId: string | null;
  /** guideSeen, guideAdvanced, guideDismissed, guideSnoozed, guideTimeout, guideActivity, ... */
  type: string;
}

/** What ingest accepts. Connectors push records into it while streaming a window. */
export interface IngestSink {
  /** Breakdown property names to extract (settings.breakdownProperties); connectors read no others. */
  readonly propertyNames?: readonly string[];
  event(record: CanonicalEvent): void;
  bucket(record: CanonicalBucket): void;
  guideEvent(record: CanonicalGuideEvent): void;
  /** A line or row the connector could not use: counted and reported, never silently dropped. */
  rejected(reason: string): void;
}

/** Vendor-side entities synced alongside events. */
export interface VendorAccount {
  accountId: string;
  name: string | null;
  domain: string | null;
  properties: Record<string, unknown>;
}
export interface VendorUser {
  userId: string;
  readableUserId: string | null;
  accountIds: string[];
  properties: Record<string, unknown>;
}
export interface CatalogItem {
  kind: 'feature' | 'page' | 'guide' | 'event';
  itemId: string;
  name: string;
  group: string | null;
  isCore: boolean;
  details: Record<string, unknown>;
}
export interface VendorCohort {
  cohortId: string;
  name: string;
  size: number | null;
  /** Vendor user ids of the members (pseudonymised by the writer). */
  memberUserIds: string[] | null;
}
/** One value of a saved vendor report (Mixpanel insights, Amplitude saved chart). */
export interface SavedReportPoint {
  /** The metric or event the value belongs to. */
  series: string;
  /** The breakdown value (an account id when the report breaks down by account); '' without a breakdown. */
  segment: string;
  /** "YYYY-MM-DD" in the vendor project's zone. */
  day: string;
  value: number;
}
export interface SavedReportData {
  /** The report's own title when the answer carries one. */
  name: string | null;
  /** The property the report breaks down by, when the answer names it. */
  breakdown: string | null;
  points: SavedReportPoint[];
}

export interface SavedFunnel {
  funnelId: string;
  name: string;
  steps: string[];
  windowSeconds: number | null;
}

/**
 * A unit of sync work aligned to a fixed grid (one UTC upload day for Amplitude, one export day for
 * Mixpanel, one subscription-zone day for Pendo), so re-running a window replaces exactly its rows.
 */
export interface SyncWindow {
  /** Stable key, e.g. "2026-11-20"; the unit of idempotent replacement. */
  key: string;
  stream: string;
  /** Inclusive start / exclusive end, epoch ms, for display and progress. */
  fromMs: number;
  toMs: number;
}

export interface ConnectionTestResult {
  ok: boolean;
  /** Plain language: what worked, or what is wrong and what to do. */
  message: string;
  /** When the vendor's answer points at another region. */
  suggestedRegion: string | null;
}

/** The vendor's own total for a window range, to compute sync accuracy. */
export interface AccuracySample {
  metric: string;
  vendorValue: number;
  /** Filled by the sync engine from the stored aggregates. */
  day: string;
}

export interface WindowPlanInput {
  /** The stored checkpoint of the stream (connector-defined JSON), null on first sync. */
  checkpoint: string | null;
  now: number;
  backfillDays: number;
  lookbackDays: number;
  /** Ignore checkpoints and re-fetch the whole backfill. */
  full: boolean;
}

/**
 * Which of a vendor's request budgets a call spends, where the vendor counts several apart (Mixpanel:
 * the raw export, 60 an hour and 3 a second; the Query API, 60 an hour and 5 at once). Absent: the
 * connection's one budget.
 */
export type RequestBudget = 'export' | 'query';

export interface FetchContext {
  signal: AbortSignal;
  /** Every HTTP request a connector makes goes through this (rate limits, concurrency, Retry-After). */
  schedule<T>(request: () => Promise<T>, budget?: RequestBudget): Promise<T>;
}

export interface Connector {
  vendor: Vendor;
  /** One cheap authenticated call, every failure turned into a plain message. */
  test(context: FetchContext): Promise<ConnectionTestResult>;
  /** The windows still to fetch for each event stream, oldest first. */
  planWindows(input: WindowPlanInput): SyncWindow[];
  /** Streams one window into the sink. Throws VendorError; the engine retries with a fresh sink. */
  fetchWindow(window: SyncWindow, sink: IngestSink, context: FetchContext): Promise<void>;
  /**
   * Optional: several consecutive windows of one stream in ONE vendor request, each record routed to
   * the sink of its window (`sinks[i]` belongs to `windows[i]`). For vendors whose request budget, not
   * their data, bounds a sync: Mixpanel's raw export allows 60 requests an hour, so a 90-day first sync
   * fetched a day per request would wait an hour. Throws like fetchWindow; the engine retries the group.
   */
  fetchWindows?(windows: SyncWindow[], sinks: IngestSink[], context: FetchContext): Promise<void>;
  /** Whether a window may share a request with its neighbours (e.g. Mixpanel: complete days only). */
  canShareRequest?(window: SyncWindow): boolean;
  /** The checkpoint to store once the window is committed. */
  checkpointAfter(window: SyncWindow, previous: string | null): string;
  accounts?(context: FetchContext): AsyncIterable<VendorAccount>;
  users?(context: FetchContext): AsyncIterable<VendorUser>;
  catalog?(context: FetchContext): Promise<CatalogItem[]>;
  cohorts?(context: FetchContext): Promise<VendorCohort[]>;
  savedFunnels?(context: FetchContext): Promise<SavedFunnel[]>;
  /** One saved report (Mixpanel insights bookmark id, Amplitude chart id), as values per series, segment and day. */
  savedReport?(reportId: string, context: FetchContext): Promise<SavedReportData>;
  /** Vendor totals (e.g. daily active users per day) for the accuracy check, where the vendor offers them. */
  accuracySamples?(days: string[], context: FetchContext): Promise<AccuracySample[]>;
}

/** Everything a connector factory receives. Secrets are read from the keychain just before a sync. */
export interface ConnectorConfig<S = Record<string, unknown>> {
  connectionId: string;
  region: string;
  /** Overrides the region's host (proxies, the local sandboxes). No trailing slash. */
  baseUrl: string | null;
  /** Vendor settings (Mixpanel projectId/groupKey/username, Amplitude groupType, Pendo appId/timezone...). */
  settings: S;
  secrets: Record<string, string>;
  http: import('../ports').Http;
  clock: import('../ports').Clock;
}
