import type { ExpectedRange } from '../../../src-shared/contract/anomalies';
import { MAD_SCALE, median, medianAbsoluteDeviation } from './robustStats';
import { type AnomalyThresholds, MIN_ABSOLUTE_CHANGE } from './sensitivity';

export interface Detection {
  status: 'normal' | 'drop' | 'spike';
  expected: ExpectedRange;
}

/**
 * Judges one observed value against its baseline (same weekday, previous weeks): the expected range is
 * median ± max(k · scaled MAD, minRelativeChange · median, MIN_ABSOLUTE_CHANGE), never below 0. The
 * median and MAD ignore a single holiday in the baseline; the relative floor keeps a baseline that
 * happens to be flat (MAD 0) from flagging ordinary wobble; the absolute floor keeps tiny and zero
 * series from flagging a single user. Strictly outside the range = drop or spike.
 */
export function detect(observed: number, baseline: readonly number[], thresholds: AnomalyThresholds): Detection {
  const m = median(baseline);
  const spread = MAD_SCALE * medianAbsoluteDeviation(baseline);
  const halfWidth = Math.max(thresholds.k * spread, thresholds.minRelativeChange * m, MIN_ABSOLUTE_CHANGE);
  const expected = { low: Math.max(0, m - halfWidth), median: m, high: m + halfWidth };
  const status = observed < expected.low ? 'drop' : observed > expected.high ? 'spike' : 'normal';
  return { status, expected };
}
