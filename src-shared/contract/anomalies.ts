import type { AnomalyMetric, AnomalySensitivity } from './health';

/**
 * Anomaly checks (issue 11): each daily metric of a customer on its last complete, final day against
 * the expected range built from the same weekday of the previous weeks. What `anomalies.list` returns
 * and `pulse anomalies --json` prints; the anomaly alert's evidence carries the same numbers.
 */

export const anomalyMetricLabels: Record<AnomalyMetric, string> = {
  activeUsers: 'Daily active users',
  events: 'Events',
  sessions: 'Sessions',
  minutes: 'Minutes in app',
};

/**
 * - normal / drop / spike: judged against the expected range;
 * - not-enough-history: fewer same-weekday baseline days than the rule's minimum;
 * - too-small: the weekday's usual active users are below the rule's minimum (not judged);
 * - not-in-source: the primary source does not have the metric (sessions in Pendo).
 */
export type AnomalyStatus = 'normal' | 'drop' | 'spike' | 'not-enough-history' | 'too-small' | 'not-in-source';

export interface ExpectedRange {
  low: number;
  median: number;
  high: number;
}

/** One metric on one day against its same-weekday baseline. */
export interface AnomalyCheck {
  day: string;
  status: AnomalyStatus;
  /** The day's value; null when the source lacks the metric. */
  observed: number | null;
  /** Null unless the day was judged (normal, drop, spike). */
  expected: ExpectedRange | null;
  /** The same-weekday days the range was built from, newest first. */
  baseline: Array<{ day: string; value: number }>;
}

export interface MetricAnomaly {
  metric: AnomalyMetric;
  label: string;
  /** The evaluated day's check. */
  check: AnomalyCheck;
  /** Checks of the last days the rule confirms over (oldest first, ending with the evaluated day). */
  recent: AnomalyCheck[];
  /** The rule's verdict on the evaluated day: a drop (or spike, when spikes are on) that an alert reports. */
  firing: 'drop' | 'spike' | null;
}

export interface CustomerAnomalies {
  customer: { id: string; name: string; owner: string | null };
  /** The evaluated day: last complete day outside the late-data horizon; null without synced data. */
  day: string | null;
  /** Why nothing was checked: no linked source, or no complete final day yet. */
  unavailable: 'no-linked-source' | 'no-final-day' | null;
  metrics: MetricAnomaly[];
  /** Open or acknowledged anomaly alerts of the customer. */
  activeAlerts: number;
}

export interface AnomalyReport {
  enabled: boolean;
  sensitivity: AnomalySensitivity;
  baselineWeeks: number;
  minBaselineWeeks: number;
  rows: CustomerAnomalies[];
}
