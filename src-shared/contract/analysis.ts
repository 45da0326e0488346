import type { HealthComponentId, HealthWeights } from './health';

/**
 * Customer outcomes and the churn analysis (issue 11): which metrics, as they stood N days before a
 * renewal or a churn, separated the churned customers from the renewed ones, and how well the health
 * score (and alternative weightings of it) would have predicted churn.
 *
 * Zod-free (the renderer imports it); the request schemas are in analysisRequests.ts.
 *
 * AUC conventions: `auc` is the probability that a randomly chosen RENEWED customer had a higher value
 * than a randomly chosen CHURNED one (ties count one half). 1 = higher values always meant renewal,
 * 0 = lower values always meant renewal, 0.5 = no separation. `separation` = max(auc, 1 − auc) ranks the
 * metrics whatever their direction, and `direction` says which way the metric points.
 */

export const outcomeStatuses = ['renewed', 'churned'] as const;
export type OutcomeStatus = (typeof outcomeStatuses)[number];

export interface CustomerOutcome {
  customerId: string;
  customerName: string;
  status: OutcomeStatus;
  /** "YYYY-MM-DD": the day the customer renewed or churned. */
  date: string;
  /** Where it came from: the customers CSV or marked in the app. */
  source: 'import' | 'app';
  updatedAt: number;
}

/** Horizons the analysis accepts, in days (the CLI's --horizon 60d). */
export const MIN_HORIZON_DAYS = 1;
export const MAX_HORIZON_DAYS = 365;
export const DEFAULT_HORIZON_DAYS = 60;
/** Below this many customers in either class the AUC carries a warning. */
export const MIN_PER_CLASS = 5;

export type ChurnMetricKind = 'health' | 'component' | 'metric';

/** "lower-means-churn": churned customers had lower values (usage-style metrics). */
export type ChurnDirection = 'lower-means-churn' | 'higher-means-churn' | 'none';

export interface ChurnMetricRow {
  id: string;
  label: string;
  kind: ChurnMetricKind;
  /** P(renewed value > churned value), ties one half; null without both classes. */
  auc: number | null;
  /** max(auc, 1 − auc): how well the metric separates, whatever its direction. */
  separation: number | null;
  direction: ChurnDirection;
  churned: number;
  renewed: number;
  /** Mean value per class, for reading the direction in the metric's own units. */
  meanChurned: number | null;
  meanRenewed: number | null;
  /** Set when either class has fewer than MIN_PER_CLASS customers with a value. */
  warning: string | null;
}

export interface ChurnSample {
  customerId: string;
  customerName: string;
  status: OutcomeStatus;
  outcomeDate: string;
  asOf: string;
  /** Health score as of `asOf` under the current configuration (null = insufficient data). */
  score: number | null;
  /** Each component's normalised score (0..100) as of `asOf`; null = unavailable that day. */
  components: Record<HealthComponentId, number | null>;
}

export type ChurnExclusionReason =
  /** No linked source with synced data. */
  | 'no-data'
  /** The day `horizon` before the outcome lies before the synced history (or too early for the 30-day windows). */
  | 'before-history'
  /** The day `horizon` before the outcome lies after the last synced day. */
  | 'after-data'
  /** The health score was withheld that day (coverage below the minimum). */
  | 'not-scored';

export interface ChurnExclusion {
  customerId: string;
  customerName: string;
  status: OutcomeStatus;
  outcomeDate: string;
  reason: ChurnExclusionReason;
}

export interface WeightingResult {
  weights: HealthWeights;
  /** AUC on every sample (in-sample). */
  auc: number | null;
}

export interface HealthBacktest {
  /** Samples with a health score as of their outcome date − horizon. */
  churned: number;
  renewed: number;
  /** The current configuration's score on those samples. */
  current: WeightingResult & { configVersion: number };
  /**
   * A weighting chosen on training folds (each component weighted by how far its own AUC rose above
   * chance: core/churnAnalysis/separationWeights)
   * and scored on the held-out fold; stratified k-fold repeated with `repeats` different deterministic
   * deals so that one lucky or unlucky split does not decide. `heldOutAuc` is the mean over repeats of
   * the AUC pooled over every customer's out-of-fold score; `currentHeldOutAuc` is the current weights'
   * AUC on the same customers (they are not tuned, so it equals current.auc unless a tuned weighting
   * withheld someone's score). null when there are too few customers to split.
   */
  tuned: {
    folds: number;
    repeats: number;
    heldOutAuc: number | null;
    currentHeldOutAuc: number | null;
    /** Mean over repeats of heldOutAuc − currentHeldOutAuc (positive = the tuned weighting predicts churn better). */
    gain: number | null;
    /** The smallest and largest gain among the repeats: how much the answer depends on the split. */
    gainRange: { min: number; max: number } | null;
    /** Repeats in which the tuned weighting beat the current one on held-out customers. */
    repeatsWon: number;
    /** Weights chosen on ALL samples: what "Use these weights" saves. */
    weights: HealthWeights;
    /** AUC of `weights` on all samples (in-sample, optimistic). */
    inSampleAuc: number | null;
  } | null;
  warning: string | null;
}

export interface ChurnAnalysis {
  horizonDays: number;
  /** Customers with an outcome, and how many of them could be analysed. */
  outcomes: { churned: number; renewed: number };
  samples: ChurnSample[];
  excluded: ChurnExclusion[];
  /** Ranked by separation (best first); rows without an AUC last. */
  metrics: ChurnMetricRow[];
  backtest: HealthBacktest;
  minPerClass: number;
  computedAt: number;
}
