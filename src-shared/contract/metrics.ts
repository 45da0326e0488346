/**
 * Result types of the metrics engine, shared by the renderer, the reports, the CLI (`--json`) and the
 * health engine. Plain interfaces only (no zod): requests are validated in channels.ts.
 *
 * Conventions (docs metric-definitions G2, G5, G8):
 * - days are "YYYY-MM-DD" in the reporting time zone; ranges are inclusive day lists [from, to];
 * - ratios are fractions 0..1 (never pre-multiplied percentages) and `null` when the denominator is 0;
 * - `incomplete` = the period contains today (still running): shown, never averaged or alerted on;
 * - `provisional` = the period overlaps the source's late-data horizon (lookbackDays before data-through)
 *   or lies after data-through: values may still change on the next sync.
 */

export type MetricVendor = 'amplitude' | 'mixpanel' | 'pendo';

/** Why a metric is null although data exists: the source cannot support it. */
export type UnavailableReason =
  /** Pendo day buckets carry no sessions. */
  | 'no-sessions-in-source'
  /** Needs individual event timestamps (strict funnels, time between steps) and the source has buckets. */
  | 'needs-event-level-data'
  /** No key events were kept for this source (funnels need settings.keyEvents). */
  | 'no-key-events'
  /** Guides exist only in Pendo. */
  | 'no-guides-in-source'
  /** The customer has no linked account in any synced source. */
  | 'no-linked-source'
  /** Not enough complete history for the window (e.g. D30 on 10 days of data). */
  | 'not-enough-history';

/** A number that may be unavailable for the source; `unavailable` is null when the value is meaningful. */
export interface MetricValue {
  value: number | null;
  unavailable: UnavailableReason | null;
}

/** Period over period on equal, complete windows (section 11). `change` null when previous = 0. */
export interface TrendValue {
  current: number;
  previous: number;
  /** (current − previous) / previous as a fraction; null when previous is 0 ("new usage"). */
  change: number | null;
}

export interface DayRange {
  from: string;
  to: string;
}

/** One synced source feeding a customer: one connection and the vendor accounts linked through it. */
export interface MetricSourceInfo {
  connectionId: string;
  label: string;
  vendor: MetricVendor;
  accountIds: string[];
  /** Individual event timestamps exist (Amplitude, Mixpanel); Pendo has day buckets. */
  eventLevel: boolean;
  /** Last day with synced data for this connection (any account), null before the first sync. */
  dataThrough: string | null;
  /** Days on or after this one are provisional (lookbackDays before dataThrough). */
  provisionalFrom: string | null;
  /** Events of the linked accounts in the last 30 complete days (the primary-source rule uses it). */
  events30d: number;
  /** The source used for the customer's headline numbers. */
  primary: boolean;
  /** Each vendor account of this connection linked to the customer: how it was linked, how sure, its events. */
  accounts: LinkedVendorAccount[];
  /** End of this connection's last successful sync (epoch ms), null before one succeeded. */
  lastSyncedAt: number | null;
}

export interface LinkedVendorAccount {
  accountId: string;
  /** The vendor's name for the account, when the vendor sent one. */
  name: string | null;
  /** id = same id as the CRM, domain = same web domain, name = similar name, manual = linked by a person. */
  method: 'id' | 'domain' | 'name' | 'manual';
  /** 0–1; 1 for id and manual links. */
  confidence: number;
  /** Events of this vendor account in the last 30 complete days. */
  events30d: number;
}

/** A funnel saved in Mixpanel (synced), selectable on the account page via `metrics.funnel` savedFunnelId. */
export interface SavedFunnelInfo {
  funnelId: string;
  name: string;
  steps: string[];
  connectionId: string;
}

export type FrequencyBand = 'low' | 'medium' | 'high';

/** Headline engagement for one customer on one source over the last `days` complete days. */
export interface EngagementHeader {
  /** Last complete day (yesterday in the reporting zone): the day DAU/WAU/MAU are evaluated at. */
  asOf: string;
  window: DayRange;
  dau: number;
  wau: number;
  mau: number;
  /** Users whose first-ever activity (full synced history of the source) falls in the window. */
  newUsers: number;
  /** Distinct users active in the window. */
  activeUsers: number;
  /** A3 rolling: mean over the window's days of DAU_d / MAU_d (days with MAU 0 skipped). */
  stickinessRolling: number | null;
  /** A3 calendar month: the last complete month's mean DAU / that month's unique users. */
  stickinessMonth: { month: string; value: number | null } | null;
  events: number;
  sessions: MetricValue;
  /** Events per session. */
  sessionDepth: MetricValue;
  /** A5: active minutes per active user-day. */
  minutesPerActiveUserDay: MetricValue;
  eventsTrend: TrendValue;
  activeUsersTrend: TrendValue;
  lastActivityDay: string | null;
  /** Days with any user active in the window (A4 account active days). */
  activeDays: number;
  frequencyBand: FrequencyBand | null;
  /** The window overlaps the source's late-data horizon. */
  provisional: boolean;
}

/** One day of the engagement series: rolling windows evaluated at the day's end (A2). */
export interface EngagementPoint {
  day: string;
  dau: number;
  wau: number;
  mau: number;
  /** DAU / MAU of that day; null when MAU is 0. */
  dauMau: number | null;
  newUsers: number;
  events: number;
  /** Null for sources without sessions. */
  sessions: number | null;
  minutes: number;
  incomplete: boolean;
  provisional: boolean;
}

export interface TopEvent {
  name: string;
  events: number;
  users: number;
}

export type RetentionPeriod = 'day' | 'week' | 'month';
export type RetentionCohortMode = 'first-time' | 'any';
export type RetentionCriterion = 'on' | 'on-or-after';

export interface RetentionCell {
  /** Period index after the cohort period (0 = the cohort period itself, = cohort size). */
  period: number;
  /** Null when the cell's period is not complete yet (never 0 for "not yet"). */
  retained: number | null;
  rate: number | null;
  provisional: boolean;
}

export interface RetentionRow {
  /** First day of the cohort period. */
  cohort: string;
  size: number;
  cells: RetentionCell[];
}

export interface RetentionTable {
  actor: 'user' | 'account';
  period: RetentionPeriod;
  cohortMode: RetentionCohortMode;
  criterion: RetentionCriterion;
  rows: RetentionRow[];
  /** Pooled average per period (Σ retained / Σ cohort size) over cohorts whose cell is complete. */
  averages: Array<{ period: number; rate: number | null; cohorts: number }>;
}

/** D1/D7/D30: first-time day cohorts, "on" day N, pooled over cohorts whose day N is complete. */
export interface DayNRetention {
  d1: MetricValue;
  d7: MetricValue;
  d30: MetricValue;
}

export type FunnelOrder = 'ordered' | 'strict' | 'any';

export interface FunnelStepResult {
  step: string;
  /** Actors reaching this step (for 'any': completing at least this many steps). */
  count: number;
  /** count / count of step 1; null when step 1 has no actors. */
  overall: number | null;
  /** count / previous step count; null for step 1 or a zero denominator. */
  fromPrevious: number | null;
  dropOff: number;
  /** Median / mean seconds from the previous step within the credited attempt. */
  medianSeconds: number | null;
  meanSeconds: number | null;
}

export interface FunnelResult {
  name: string;
  steps: FunnelStepResult[];
  order: FunnelOrder;
  windowSeconds: number;
  range: DayRange;
  /** Actors reaching the last step / actors entering. */
  conversion: MetricValue;
  /** The step (name) with the largest drop-off from its previous step; null if none. */
  dropOffStep: string | null;
  /** Median seconds from step 1 to the last step among converters. */
  medianSecondsToConvert: number | null;
  /** Median of the same funnel's overall conversion over the portfolio's accounts on this source. */
  benchmark: { conversion: number | null; accounts: number } | null;
  source: { connectionId: string; vendor: MetricVendor };
}

export interface FeatureUsage {
  /** Feature id (Pendo feature id, or event name for Amplitude/Mixpanel). */
  id: string;
  name: string;
  core: boolean;
  users: number;
  events: number;
  /** users / active users in the window; null when nobody was active. */
  adoption: number | null;
  /** Used in the previous equal window, not in the current one. */
  abandoned: boolean;
  lastUsedDay: string | null;
  /** Median adoption among peer customers (same segment) on the same source; null without peers. */
  peerMedianAdoption: number | null;
}

export interface FeatureAdoption {
  window: DayRange;
  activeUsers: number;
  /** Share of core features used by at least one user in the window; null without core features. */
  breadth: number | null;
  /** How core features were chosen: marked in the vendor catalogue, or the most used ones. */
  coreBasis: 'catalog' | 'top-used' | 'none';
  features: FeatureUsage[];
  /** Catalogue features nobody of this customer ever used (over full synced history). */
  neverUsed: Array<{ id: string; name: string }>;
  abandoned: Array<{ id: string; name: string; lastUsedDay: string | null }>;
  /** Distinct users per feature per week (week start days, reporting zone). */
  heatmap: { weeks: string[]; features: Array<{ id: string; name: string }>; users: number[][] };
}

export interface FeatureMatrix {
  window: DayRange;
  connectionId: string;
  features: Array<{ id: string; name: string }>;
  /** adoption[i][j] = adoption of feature j in customer i (null when the customer had no active users). */
  customers: Array<{ customerId: string; name: string; adoption: Array<number | null> }>;
}

export interface GuideStats {
  guideId: string;
  name: string;
  views: number;
  reach: number;
  /** Advanced on the last step / saw step 1. */
  completion: number | null;
  /** Saw the last step (reported apart from completion). */
  reachedLastStep: number;
  /** Users with ≥ 1 dismiss / reach. */
  dismissal: number | null;
}

export interface GuideMetrics {
  available: boolean;
  unavailable: UnavailableReason | null;
  window: DayRange;
  guides: GuideStats[];
}

export interface UserActivity {
  userKey: string;
  /** Only when the workspace stores readable ids. */
  readableId: string | null;
  activeDays: number;
  events: number;
  lastActiveDay: string;
}

export type LifecycleStatus = 'new' | 'returning' | 'resurrecting' | 'dormant';

export interface LifecycleWeek {
  week: string;
  new: number;
  returning: number;
  resurrecting: number;
  /** Users active the week before and not in this one (a positive count; charts draw it negative). */
  dormant: number;
  incomplete: boolean;
}

export interface UserMetrics {
  /** Most active days in the last 30 complete days, then most events. */
  powerUsers: UserActivity[];
  /** Active in the 30 days before going quiet, inactive for ≥ 14 complete days. */
  atRiskUsers: UserActivity[];
  /** Frequency bands of the users active in the last 30 days (A4). */
  frequency: { low: number; medium: number; high: number };
  cohorts: Array<{ cohortId: string; name: string; members: number }>;
  lifecycle: LifecycleWeek[];
}

/** Pendo-style Product Engagement Score, computed by Pulse from synced data (section 8). Components 0-100. */
export interface EngagementScore {
  label: 'PES (computed by Pulse)';
  adoption: number | null;
  stickiness: number | null;
  growth: number | null;
  /** Mean of the non-null components; null with fewer than two. */
  score: number | null;
  window: DayRange;
}

export interface AccountMetrics {
  customer: { id: string; name: string; segment: string | null; owner: string | null };
  today: string;
  timezone: string;
  /** The source the numbers below come from, and every linked source with its data-through. */
  source: MetricSourceInfo | null;
  sources: MetricSourceInfo[];
  unavailable: UnavailableReason | null;
  header: EngagementHeader | null;
  series: EngagementPoint[];
  topEvents: TopEvent[];
  retention: RetentionTable | null;
  dayN: DayNRetention | null;
  /** From an event-level source (the primary one when it is); null without key events. */
  onboarding: FunnelResult | null;
  /** Saved Mixpanel funnels of the customer's linked Mixpanel connections. */
  savedFunnels: SavedFunnelInfo[];
  features: FeatureAdoption | null;
  guides: GuideMetrics | null;
  users: UserMetrics | null;
  pes: EngagementScore | null;
}

export interface PortfolioRow {
  customerId: string;
  name: string;
  owner: string | null;
  segment: string | null;
  arr: number | null;
  renewalDate: string | null;
  /** Primary source connection, null when nothing is linked. */
  connectionId: string | null;
  vendor: MetricVendor | null;
  activeUsers30d: number;
  /** Rolling DAU/MAU mean over the last 30 complete days. */
  dauMau: number | null;
  lastActivityDay: string | null;
  events30d: number;
  eventsTrend: TrendValue;
  dataThrough: string | null;
}

export interface PortfolioMetrics {
  today: string;
  window: DayRange;
  rows: PortfolioRow[];
}

/** How a CUSTOMER argument (id or name, typos tolerated) was resolved. */
export interface CustomerMatch {
  id: string;
  name: string;
}
