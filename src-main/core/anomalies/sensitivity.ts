import type { AnomalySensitivity } from '../../../src-shared/contract/health';

export interface AnomalyThresholds {
  /** Half-width of the expected range in scaled MADs. */
  k: number;
  /** The range is never narrower than this share of the median either side (a flat baseline has MAD 0). */
  minRelativeChange: number;
}

/**
 * The sensitivity setting in numbers. Tuned on the demo portfolio (README "Anomaly alerts"): medium
 * keeps steady accounts quiet while the drops of declining and churning accounts fire.
 */
export const anomalyThresholds: Record<AnomalySensitivity, AnomalyThresholds> = {
  low: { k: 4, minRelativeChange: 0.4 },
  medium: { k: 3, minRelativeChange: 0.25 },
  high: { k: 2, minRelativeChange: 0.15 },
};

/** Every range is at least this wide either side: counts are whole numbers, one user is never an anomaly. */
export const MIN_ABSOLUTE_CHANGE = 1;

/**
 * A drop must show on at least CONFIRM_NEED of the last CONFIRM_OF judged days, the evaluated day
 * included, before it opens an alert; a single bad day (a holiday, an outage) does not page anyone.
 * Judged days are looked for within CONFIRM_LOOKBACK_DAYS (weekends of small accounts are not judged).
 */
export const CONFIRM_OF = 3;
export const CONFIRM_NEED = 2;
export const CONFIRM_LOOKBACK_DAYS = 7;
