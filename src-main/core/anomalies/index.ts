/**
 * Anomaly detection (issue 11): each daily metric of a customer (active users, events, sessions,
 * minutes) on its last complete, final day against the expected range of the same weekday over the
 * previous weeks (median ± k·scaled MAD, robust to a holiday in the baseline), confirmed over the last
 * judged days. Pure: callers pass the customer's daily totals. The `anomaly` alert rule
 * (core/alerts/rules/anomaly.ts) and `anomalies.list` both read it.
 */
export { type AnomalySettings, checkCustomer, checkDay, checkMetric, sameWeekdayBaseline } from './customerCheck';
export { type DailyUsage, dailyUsageFrom, metricValue, type UsageHistory } from './dailyUsage';
export { type Detection, detect } from './detector';
export { MAD_SCALE, median, medianAbsoluteDeviation } from './robustStats';
export {
  type AnomalyThresholds,
  anomalyThresholds,
  CONFIRM_LOOKBACK_DAYS,
  CONFIRM_NEED,
  CONFIRM_OF,
  MIN_ABSOLUTE_CHANGE,
} from './sensitivity';
