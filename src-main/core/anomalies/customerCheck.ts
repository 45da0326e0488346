import { type AnomalyCheck, anomalyMetricLabels, type MetricAnomaly } from '../../../src-shared/contract/anomalies';
import type { HealthConfig } from '../../../src-shared/contract/health';
import { type AnomalyMetric, anomalyMetrics } from '../../../src-shared/contract/healthNames';
import { addDays } from '../metrics/calendar';
import { metricValue, type UsageHistory } from './dailyUsage';
import { detect } from './detector';
import { median } from './robustStats';
import { anomalyThresholds, CONFIRM_LOOKBACK_DAYS, CONFIRM_NEED, CONFIRM_OF } from './sensitivity';

export type AnomalySettings = HealthConfig['rules']['anomaly'];

/**
 * The same-weekday baseline of a day: the same weekday 1..baselineWeeks weeks earlier, newest first,
 * stopping at the first synced day. That first day is left out too: the vendors' back-fill windows are
 * cut in their own zone, so it can be partial, and a half day would drag the median down.
 */
export function sameWeekdayBaseline(history: UsageHistory, day: string, weeks: number): string[] {
  const days: string[] = [];
  for (let w = 1; w <= weeks; w++) {
    const d = addDays(day, -7 * w);
    if (d <= history.historyStart) break;
    days.push(d);
  }
  return days;
}

/** One metric on one day against its same-weekday baseline. */
export function checkDay(history: UsageHistory, metric: AnomalyMetric, day: string, settings: AnomalySettings): AnomalyCheck {
  const observed = metricValue(history, metric, day);
  const baselineDays = sameWeekdayBaseline(history, day, settings.baselineWeeks);
  if (observed === null) return { day, status: 'not-in-source', observed, expected: null, baseline: [] };
  const baseline = baselineDays.map((d) => ({ day: d, value: metricValue(history, metric, d) ?? 0 }));
  if (baseline.length < settings.minBaselineWeeks)
    return { day, status: 'not-enough-history', observed, expected: null, baseline };
  // Account size gate on active users, whatever the metric: a weekday when only a few people use the
  // product (a small account, most weekends) swings by half on one person and is not judged.
  const usualUsers = median(baselineDays.map((d) => metricValue(history, 'activeUsers', d) ?? 0));
  if (usualUsers < settings.minActiveUsers) return { day, status: 'too-small', observed, expected: null, baseline };
  const { status, expected } = detect(
    observed,
    baseline.map((b) => b.value),
    anomalyThresholds[settings.sensitivity],
  );
  return { day, status, observed, expected, baseline };
}

const judged = (c: AnomalyCheck) => c.status === 'normal' || c.status === 'drop' || c.status === 'spike';

/**
 * One metric of a customer on the evaluated day, with the rule's verdict. A drop FIRES when the
 * evaluated day is a drop and so are at least CONFIRM_NEED of the last CONFIRM_OF judged days (within
 * CONFIRM_LOOKBACK_DAYS): one holiday or outage day alone does not. Once an alert is open (`wasFiring`)
 * it holds while any of those judged days is still a drop, so an alert does not flap on a day that
 * happens to land inside the range. Spikes work the same way and count only when `settings.spikes`.
 */
export function checkMetric(
  history: UsageHistory,
  metric: AnomalyMetric,
  day: string,
  settings: AnomalySettings,
  wasFiring: 'drop' | 'spike' | null = null,
): MetricAnomaly {
  const check = checkDay(history, metric, day, settings);
  const recent: AnomalyCheck[] = [check];
  if (judged(check) || wasFiring) {
    for (let back = 1; back < CONFIRM_LOOKBACK_DAYS && recent.filter(judged).length < CONFIRM_OF; back++) {
      const earlier = checkDay(history, metric, addDays(day, -back), settings);
      if (judged(earlier)) recent.unshift(earlier);
    }
  }
  const window = recent.filter(judged).slice(-CONFIRM_OF);
  const verdict = (kind: 'drop' | 'spike'): boolean => {
    const hits = window.filter((c) => c.status === kind).length;
    if (wasFiring === kind) return hits >= 1;
    return check.status === kind && hits >= CONFIRM_NEED;
  };
  const firing = verdict('drop') ? 'drop' : settings.spikes && verdict('spike') ? 'spike' : null;
  return { metric, label: anomalyMetricLabels[metric], check, recent: window.length > 0 ? window : [check], firing };
}

/** Every metric the source has, on the evaluated day. `active` = the metrics with an open anomaly alert. */
export function checkCustomer(
  history: UsageHistory,
  day: string,
  settings: AnomalySettings,
  active: ReadonlyMap<AnomalyMetric, 'drop' | 'spike'> = new Map(),
): MetricAnomaly[] {
  return anomalyMetrics
    .filter((m) => m !== 'sessions' || history.hasSessions)
    .map((m) => checkMetric(history, m, day, settings, active.get(m) ?? null));
}
