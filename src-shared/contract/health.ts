import { z } from 'zod';

/**
 * Health scores and alerts: the workspace's health configuration (zod, validated wherever it enters
 * the core), and the result types the renderer, the CLI (`--json`) and the reports read.
 *
 * Conventions (docs metric-definitions sections 11 and 12.2, G2, G8, G11):
 * - higher = healthier, always; risk-style inputs are inverted by their normaliser (`direction`);
 * - scores are kept unrounded; bands are assigned on the unrounded score; round only for display;
 * - a component without data is `null`, never 0: it is left out and the weights are renormalised;
 * - days are "YYYY-MM-DD" in the reporting time zone; ratios are fractions 0..1.
 */

import type { HealthComponentId } from './healthNames';

// Zod-free, so the health recompute's modules can import them without building the schemas below.
export {
  type AnomalyMetric,
  anomalyMetrics,
  type HealthComponentId,
  healthComponentIds,
  healthComponentLabels,
} from './healthNames';

export const healthBands = ['red', 'yellow', 'green'] as const;
export type HealthBand = (typeof healthBands)[number];

/**
 * Piecewise-linear normaliser: the raw value `bad` scores 0, `good` scores 100, optional `points` add
 * breakpoints in between; values beyond either end are clamped. `direction` states the polarity
 * explicitly ("lower" for risk-style inputs such as days since last activity) and must agree with the
 * order of bad and good, so a mistyped threshold is refused instead of silently inverting a component.
 */
export const normaliserSchema = z
  .object({
    direction: z.enum(['higher', 'lower']),
    bad: z.number().finite(),
    good: z.number().finite(),
    points: z
      .array(z.object({ value: z.number().finite(), score: z.number().min(0).max(100) }).strict())
      .max(8)
      .default([]),
  })
  .strict()
  .superRefine((n, ctx) => {
    if (n.direction === 'higher' && !(n.good > n.bad)) {
      ctx.addIssue({ code: 'custom', path: ['good'], message: 'for direction "higher", good must be greater than bad' });
    }
    if (n.direction === 'lower' && !(n.good < n.bad)) {
      ctx.addIssue({ code: 'custom', path: ['good'], message: 'for direction "lower", good must be less than bad' });
    }
    const sign = n.direction === 'higher' ? 1 : -1;
    let previousValue = n.bad;
    let previousScore = 0;
    for (const [i, p] of n.points.entries()) {
      if (!(sign * (p.value - previousValue) > 0) || !(sign * (n.good - p.value) > 0)) {
        ctx.addIssue({
          code: 'custom',
          path: ['points', i, 'value'],
          message: 'points must lie strictly between bad and good, in order',
        });
      }
      if (p.score < previousScore) {
        ctx.addIssue({
          code: 'custom',
          path: ['points', i, 'score'],
          message: 'point scores must not decrease from bad to good',
        });
      }
      previousValue = p.value;
      previousScore = p.score;
    }
  });
export type Normaliser = z.infer<typeof normaliserSchema>;

const weight = z.number().finite().min(0).max(1000);

export const healthWeightsSchema = z
  .object({ engagement: weight, adoption: weight, retention: weight, trajectory: weight, guides: weight })
  .strict()
  .refine((w) => Object.values(w).some((v) => v > 0), { message: 'at least one weight must be above 0' });
export type HealthWeights = z.infer<typeof healthWeightsSchema>;

export const healthThresholdsSchema = z
  .object({
    engagement: normaliserSchema,
    adoption: normaliserSchema,
    retention: normaliserSchema,
    trajectory: normaliserSchema,
    guides: normaliserSchema,
  })
  .strict();

/** Band cut-offs on the unrounded score: red < yellow ≤ s < green ≤ s. */
export const healthBandCutoffsSchema = z
  .object({ yellow: z.number().min(0).max(100), green: z.number().min(0).max(100) })
  .strict()
  .refine((b) => b.yellow < b.green, { message: 'yellow must be below green', path: ['green'] });

// ---- alert rules -------------------------------------------------------------------------------------

const enabled = z.boolean();
const fraction = z.number().finite().min(0).max(1);
const days = (max: number) => z.number().int().min(1).max(max);

/** Usage drop week over week (section 11): drop > minDrop and previous ≥ minBaseline. */
export const usageDropRuleSchema = z
  .object({
    enabled,
    /** 0.2 = a drop of more than 20% fires. */
    minDrop: fraction,
    /** Previous window below this (active users or events) never fires: tiny accounts are noise. */
    minBaseline: z.number().finite().min(0),
    measure: z.enum(['activeUsers', 'events']),
    /** Window length; 7 = week over week. */
    windowDays: days(90),
    /**
     * Windows end with the latest complete calendar week (workspace week start) instead of on the
     * evaluated day: week over week in the literal sense, re-judged once a week, not on 7 overlapping
     * rolling windows a week (which multiplied small accounts' false alarms).
     */
    alignToWeeks: z.boolean(),
  })
  .strict();

/** A key (core) feature used in the previous window and not at all in the latest one. */
export const featureAbandonedRuleSchema = z
  .object({
    enabled,
    windowDays: days(180),
    /** Users of the feature in the previous window needed for its absence to mean something. */
    minPreviousUsers: z.number().int().min(1).max(10_000),
    /** Feature ids or names to watch; empty = the source's core features. */
    features: z.array(z.string().min(1).max(200)).max(100),
  })
  .strict();

/** No activity from any user of the account for `days` complete days. */
export const noActivityRuleSchema = z.object({ enabled, days: days(365) }).strict();

/**
 * The champion (most active user of the account over the `referenceDays` before the inactivity
 * window) has not been active for `days` complete days.
 */
export const championInactiveRuleSchema = z
  .object({
    enabled,
    days: days(365),
    referenceDays: days(365),
    /** The champion must have been active on at least this many days of the reference window. */
    minActiveDays: z.number().int().min(1).max(365),
  })
  .strict();

/**
 * A guide dismissed by more than `maxDismissRate` of the users it reached (reach ≥ minReach) and by at
 * least `minAboveWorkspace` more than across all accounts (0 = no comparison).
 */
export const guideDismissalRuleSchema = z
  .object({
    enabled,
    maxDismissRate: fraction,
    minAboveWorkspace: fraction,
    minReach: z.number().int().min(1).max(100_000),
    windowDays: days(180),
  })
  .strict();

/**
 * Health band worse than `lookbackDays` ago (green → yellow, yellow → red, green → red). Once open, it
 * clears only when the score is back in the earlier band by `recoveryPoints` (no flapping at a cut-off).
 */
export const healthBandWorsenedRuleSchema = z
  .object({ enabled, lookbackDays: days(90), recoveryPoints: z.number().finite().min(0).max(50) })
  .strict();

/** low = only stark departures; high = smaller ones too (see core/anomalies/sensitivity.ts for k and floors). */
export const anomalySensitivities = ['low', 'medium', 'high'] as const;
export type AnomalySensitivity = (typeof anomalySensitivities)[number];

/**
 * Anomaly (issue 11): a daily metric leaves its own expected range, i.e. the median ± k·scaled MAD of
 * the same weekday over the last `baselineWeeks` weeks, on enough of the last complete days. Days whose
 * same-weekday median of active users is below `minActiveUsers` are not judged (tiny accounts, weekends).
 */
export const anomalyRuleSchema = z
  .object({
    enabled,
    sensitivity: z.enum(anomalySensitivities),
    /** Same-weekday days the expected range is built from. */
    baselineWeeks: z.number().int().min(3).max(12),
    /** Fewer same-weekday days with synced history than this: "not enough history", no alert. */
    minBaselineWeeks: z.number().int().min(3).max(12),
    minActiveUsers: z.number().int().min(1).max(100_000),
    /** Also raise unusual rises (severity info); drops always count. */
    spikes: z.boolean(),
  })
  .strict()
  .refine((r) => r.minBaselineWeeks <= r.baselineWeeks, {
    message: 'minBaselineWeeks must not exceed baselineWeeks',
    path: ['minBaselineWeeks'],
  });

/**
 * Every rule type with its settings. A new rule type (issue 11: anomalies) adds one entry here and one
 * rule module in core/alerts/rules; nothing else in the engine changes.
 */
export const alertRulesSchema = z
  .object({
    usageDrop: usageDropRuleSchema,
    featureAbandoned: featureAbandonedRuleSchema,
    noActivity: noActivityRuleSchema,
    championInactive: championInactiveRuleSchema,
    guideDismissals: guideDismissalRuleSchema,
    healthBandWorsened: healthBandWorsenedRuleSchema,
    anomaly: anomalyRuleSchema,
  })
  .strict();
export type AlertRulesConfig = z.infer<typeof alertRulesSchema>;
export type AlertRuleType = keyof AlertRulesConfig;
export const alertRuleTypes = [
  'usageDrop',
  'featureAbandoned',
  'noActivity',
  'championInactive',
  'guideDismissals',
  'healthBandWorsened',
  'anomaly',
] as const satisfies readonly AlertRuleType[];

// ---- the whole configuration ---------------------------------------------------------------------------

export const healthConfigSchema = z
  .object({
    weights: healthWeightsSchema,
    thresholds: healthThresholdsSchema,
    bands: healthBandCutoffsSchema,
    /** Below this share of the total weight available, the score is "insufficient data" (no band). */
    minCoverage: fraction,
    /** A trend arrow shows when |Δ| ≥ this many points. */
    trendArrowPoints: z.number().finite().min(0).max(100),
    rules: alertRulesSchema,
  })
  .strict();
export type HealthConfig = z.infer<typeof healthConfigSchema>;

/**
 * Defaults. Guide completion is optional (weight 0) because only Pendo has guides and completion of
 * product tours says little about an account's health unless the CSM's product relies on them; a CSM
 * who wants it sets its weight. Thresholds were checked against the demo portfolio's stories.
 */
export const defaultHealthConfig: HealthConfig = {
  weights: { engagement: 30, adoption: 20, retention: 25, trajectory: 25, guides: 0 },
  thresholds: {
    engagement: { direction: 'higher', bad: 0.05, good: 0.3, points: [] },
    adoption: { direction: 'higher', bad: 0.2, good: 0.8, points: [] },
    retention: { direction: 'higher', bad: 0.5, good: 0.9, points: [] },
    trajectory: { direction: 'higher', bad: -0.3, good: 0.1, points: [] },
    guides: { direction: 'higher', bad: 0.1, good: 0.6, points: [] },
  },
  bands: { yellow: 50, green: 75 },
  minCoverage: 0.6,
  trendArrowPoints: 5,
  rules: {
    usageDrop: { enabled: true, minDrop: 0.2, minBaseline: 5, measure: 'activeUsers', windowDays: 7, alignToWeeks: true },
    featureAbandoned: { enabled: true, windowDays: 30, minPreviousUsers: 3, features: [] },
    noActivity: { enabled: true, days: 14 },
    championInactive: { enabled: true, days: 30, referenceDays: 30, minActiveDays: 5 },
    guideDismissals: { enabled: true, maxDismissRate: 0.5, minAboveWorkspace: 0.15, minReach: 10, windowDays: 30 },
    healthBandWorsened: { enabled: true, lookbackDays: 7, recoveryPoints: 2 },
    anomaly: { enabled: true, sensitivity: 'medium', baselineWeeks: 8, minBaselineWeeks: 4, minActiveUsers: 3, spikes: false },
  },
};

/** The stored configuration: every change bumps `version`; snapshots record the version they used. */
export interface HealthConfigState {
  version: number;
  updatedAt: number | null;
  config: HealthConfig;
}

// ---- results -------------------------------------------------------------------------------------------

export type HealthUnavailableReason =
  /** The customer has no linked account in any synced source. */
  | 'no-linked-source'
  /** The window needs more synced history than exists (e.g. a 60-day trend on 40 days). */
  | 'not-enough-history'
  /** The source cannot support the input (guides outside Pendo). */
  | 'not-in-source'
  /** The input's denominator is 0 (no active users, no core features, no guide reach). */
  | 'no-data'
  /** Weight 0 and not the latest day: not computed for history (shown for the latest day only). */
  | 'not-computed';

export interface HealthComponent {
  id: HealthComponentId;
  label: string;
  /** The raw input (e.g. DAU/MAU 0.19); null when unavailable. */
  raw: number | null;
  /** The raw input in words, e.g. "DAU/MAU 0.19". */
  display: string;
  /** The numbers behind the raw input, e.g. {"activeUsers": 42, "previousActiveUsers": 50}. */
  inputs: Record<string, number | string | null>;
  /** Normalised 0..100 (unrounded); null when unavailable. */
  score: number | null;
  /** The configured weight; 0 = shown for information, not part of the score or the coverage. */
  weight: number;
  /** weight / Σ available weights; null when unavailable. */
  share: number | null;
  /** share × score: this component's contribution to the total. */
  points: number | null;
  /** share × (100 − score). */
  pointsLost: number | null;
  unavailable: HealthUnavailableReason | null;
}

export type HealthStatus = 'scored' | 'insufficient-data';

export interface HealthSnapshot {
  customerId: string;
  day: string;
  /** Unrounded 0..100; null when coverage is below the minimum. */
  score: number | null;
  band: HealthBand | null;
  status: HealthStatus;
  /** Σ available weights / Σ weights. */
  coverage: number;
  components: HealthComponent[];
  configVersion: number;
  /** Last day of synced data the snapshot could see (the data watermark). */
  asOf: string | null;
  /** The day lies inside the late-data horizon: the next sync may still change it. */
  provisional: boolean;
}

export type TrendArrow = 'up' | 'down' | 'flat';

export interface HealthTrend {
  /** Score now − score 7 / 30 days earlier (same config version), unrounded; null without both. */
  delta7: number | null;
  delta30: number | null;
  /** Arrows when |Δ| ≥ trendArrowPoints, else flat; null when the delta is null. */
  arrow7: TrendArrow | null;
  arrow30: TrendArrow | null;
}

export interface HealthChange {
  component: HealthComponentId;
  label: string;
  /** Δ contribution (points) between the two snapshots; sorted by |Δ|. */
  deltaPoints: number;
  before: { raw: number | null; points: number | null; display: string };
  after: { raw: number | null; points: number | null; display: string };
  /** e.g. "Engagement −7.4 pts: DAU/MAU 0.31 → 0.19". */
  text: string;
}

export interface HealthCustomerRef {
  id: string;
  name: string;
  owner: string | null;
  segment: string | null;
  arr: number | null;
  renewalDate: string | null;
}

export interface CustomerHealth {
  customer: HealthCustomerRef;
  /** Null when no snapshot has been computed yet (nothing synced). */
  snapshot: HealthSnapshot | null;
  trend: HealthTrend;
  /** Top 3 component changes since `comparedWith` (a week earlier). */
  whatChanged: HealthChange[];
  comparedWith: string | null;
  /** One sentence for the account header. */
  headline: string;
  /** Daily history, oldest first, up to 90 days. */
  history: Array<{ day: string; score: number | null; band: HealthBand | null; coverage: number }>;
  openAlerts: number;
}

export interface PortfolioHealthRow {
  customer: HealthCustomerRef;
  day: string | null;
  score: number | null;
  band: HealthBand | null;
  status: HealthStatus | null;
  coverage: number | null;
  trend: HealthTrend;
  /** Score at the end of each of the last 12 weeks, oldest first (null where not scored). */
  sparkline: Array<{ day: string; score: number | null }>;
  openAlerts: number;
}

export interface PortfolioHealth {
  configVersion: number;
  rows: PortfolioHealthRow[];
  /** Customers and ARR per band ("none" = insufficient data or not computed). */
  summary: Record<HealthBand | 'none', { customers: number; arr: number }>;
}

export interface HealthPreviewRow {
  customer: HealthCustomerRef;
  day: string;
  current: { score: number | null; band: HealthBand | null };
  proposed: { score: number | null; band: HealthBand | null; coverage: number };
  changed: boolean;
}

export interface HealthPreview {
  rows: HealthPreviewRow[];
  current: Record<HealthBand | 'none', number>;
  proposed: Record<HealthBand | 'none', number>;
  /** Customers whose band would change. */
  changed: number;
}

// ---- alerts --------------------------------------------------------------------------------------------

export const alertStatuses = ['open', 'acknowledged', 'dismissed', 'resolved'] as const;
export type AlertStatus = (typeof alertStatuses)[number];
export type AlertSeverity = 'info' | 'warning' | 'critical';

export interface AlertSummary {
  id: number;
  customer: { id: string; name: string };
  /** The customer's CSM. */
  owner: string | null;
  rule: AlertRuleType;
  /** What the alert is about inside the customer: "account", a feature id, a guide id, a user key. */
  subject: string;
  status: AlertStatus;
  severity: AlertSeverity;
  title: string;
  /** The inputs that fired the rule, as of the last evaluation where the condition held. */
  evidence: Record<string, unknown>;
  suggestedAction: string;
  /** The evaluated day (last complete, non-provisional day) that first fired it. */
  openedOn: string;
  /** The last evaluated day on which the condition still held. */
  lastFiredOn: string;
  createdAt: number;
  statusChangedAt: number;
  /** Who closed it: the rule (condition cleared) or a person. */
  closedBy: 'rule' | 'user' | null;
  note: string | null;
}

/** Allowed transitions: open → acknowledged; open | acknowledged → dismissed | resolved. */
export const alertActions = ['acknowledge', 'dismiss', 'resolve'] as const;
export type AlertAction = (typeof alertActions)[number];
