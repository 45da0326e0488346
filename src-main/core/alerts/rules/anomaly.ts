import { formatDay } from '../../../../src-shared/charts/format';
import type { AnomalyCheck, MetricAnomaly } from '../../../../src-shared/contract/anomalies';
import { type AnomalyMetric, anomalyMetrics } from '../../../../src-shared/contract/healthNames';
import { checkCustomer } from '../../anomalies/customerCheck';
import type { AlertFinding, AlertRule } from '../rule';

const weekday = (day: string) => new Date(`${day}T12:00:00Z`).toLocaleDateString('en-US', { weekday: 'long', timeZone: 'UTC' });
const round = (n: number) => (Math.abs(n) >= 100 ? Math.round(n) : Math.round(n * 10) / 10);

/**
 * Anomaly (issue 11, core/anomalies): a daily metric of the account (active users, events, sessions,
 * minutes; subject = the metric) leaves its own expected range, built from the same weekday over the
 * last weeks, on the evaluated (complete, final) day and on enough of the days before it. Drops are
 * warnings (critical at half the usual value or less); rises are info and only with `spikes` on.
 * Null ("cannot tell yet") while the baseline has fewer same-weekday days than the minimum, so open
 * alerts stay as they are; a day that is too small to judge resolves nothing on its own (see
 * checkMetric's hold).
 */
export const anomalyRule: AlertRule<'anomaly'> = {
  type: 'anomaly',
  label: 'Anomaly',
  evaluate({ inputs, settings, active }) {
    const wasFiring = new Map<AnomalyMetric, 'drop' | 'spike'>();
    for (const [subject, alert] of active) {
      if ((anomalyMetrics as readonly string[]).includes(subject))
        wasFiring.set(subject as AnomalyMetric, alert.evidence.direction === 'spike' ? 'spike' : 'drop');
    }
    const results = checkCustomer(inputs.dailyUsage(), inputs.day, settings, wasFiring);
    if (results.every((r) => r.check.status === 'not-enough-history')) return null;
    return results.flatMap((r) => (r.firing ? [finding(r, r.firing, settings.sensitivity, inputs.source.label)] : []));
  },
};

function finding(r: MetricAnomaly, direction: 'drop' | 'spike', sensitivity: string, source: string): AlertFinding {
  // The evaluated day may sit inside the range while an open alert holds: report the latest day out of it.
  const shown: AnomalyCheck = [...r.recent].reverse().find((c) => c.status === direction) ?? r.check;
  const e = shown.expected;
  const observed = shown.observed ?? 0;
  const rangeText = e ? `${round(e.low)}–${round(e.high)}` : '–';
  const weeks = shown.baseline.length;
  const critical = direction === 'drop' && e !== null && observed <= e.median / 2;
  return {
    subject: r.metric,
    severity: direction === 'spike' ? 'info' : critical ? 'critical' : 'warning',
    title: `${r.label} ${direction === 'drop' ? 'unusually low' : 'unusually high'}: ${round(observed)} on ${weekday(shown.day)}, ${formatDay(shown.day)} (expected ${rangeText})`,
    evidence: {
      metric: r.metric,
      direction,
      day: shown.day,
      observed,
      expected: e,
      baselineDays: shown.baseline,
      baselineWeeks: weeks,
      recent: r.recent.map((c) => ({
        day: c.day,
        observed: c.observed,
        low: c.expected?.low,
        high: c.expected?.high,
        status: c.status,
      })),
      sensitivity,
      source,
    },
    suggestedAction:
      direction === 'drop'
        ? `${r.label} are below what this account does on a usual ${weekday(shown.day)}. Check the account page for who went quiet, and ask the champion whether something changed (an outage, a team change, a project ending).`
        : `${r.label} are above this account's usual ${weekday(shown.day)}: a rollout, a new team, or an integration sending events. Worth a congratulatory note, or a check that the data is real.`,
  };
}
