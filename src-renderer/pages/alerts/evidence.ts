import { formatDay, formatNumber } from '../../../src-shared/charts/format';
import { bandLabels } from '../../../src-shared/charts/palette';
import type { AlertRuleType, AlertSummary, HealthBand } from '../../../src-shared/contract/health';

/** Alert rules in words (filters, headings). */
export const ruleLabels: Record<AlertRuleType, string> = {
  usageDrop: 'Usage drop',
  featureAbandoned: 'Feature abandoned',
  noActivity: 'No activity',
  championInactive: 'Champion inactive',
  guideDismissals: 'Guide dismissed',
  healthBandWorsened: 'Health band worsened',
  anomaly: 'Anomaly',
};

const pct = (v: unknown) => (typeof v === 'number' ? `${formatNumber(Math.round(v * 100))}%` : '–');
const n = (v: unknown) => (typeof v === 'number' ? formatNumber(v) : '–');
const day = (v: unknown) => (typeof v === 'string' ? formatDay(v) : '–');
const range = (v: unknown) => {
  const r = v as { from?: string; to?: string } | null;
  return r?.from && r.to ? `${formatDay(r.from, 'en-US', false)} – ${formatDay(r.to)}` : '–';
};
const on = (v: unknown) => (typeof v === 'string' && v ? ` (${v})` : '');
const band = (v: unknown) => (typeof v === 'string' && v in bandLabels ? bandLabels[v as HealthBand] : 'no band');

/** The evidence that fired an alert, as sentences a CSM can repeat to the customer. */
export function evidenceText(alert: AlertSummary): string[] {
  const e = alert.evidence;
  switch (alert.rule) {
    case 'usageDrop': {
      const measure = e.measure === 'events' ? 'Events' : 'Active users';
      const change = typeof e.change === 'number' ? `${e.change < 0 ? '−' : '+'}${pct(Math.abs(e.change))}` : '–';
      return [
        `${measure} ${n(e.previous)} → ${n(e.current)} (${change}): ${range(e.window)} against ${range(e.previousWindow)}${on(e.source)}.`,
        `Fires on a drop of ${pct(e.minDrop)} or more from at least ${n(e.minBaseline)}.`,
      ];
    }
    case 'noActivity':
      return [
        typeof e.lastActivityDay === 'string'
          ? `Last activity on ${day(e.lastActivityDay)}: quiet for ${n(e.quietDays)} days as of ${day(e.evaluatedDay)}${on(e.source)}.`
          : `No activity at all in the ${n(e.quietDays)} days of synced history up to ${day(e.evaluatedDay)}${on(e.source)}.`,
        `Fires after ${n(e.thresholdDays)} quiet days.`,
      ];
    case 'guideDismissals':
      return [
        `Guide "${String(e.guideName ?? e.guideId)}" reached ${n(e.reach)} users (${n(e.views)} views) in ${range(e.window)}; ${pct(e.dismissRate)} dismissed it, ${pct(e.completion)} completed it.`,
        `Fires when more than ${pct(e.maxDismissRate)} of at least ${n(e.minReach)} users dismiss a guide.`,
      ];
    case 'featureAbandoned':
      return [
        `"${String(e.featureName ?? e.featureId)}" was used by ${n(e.usersBefore)} users (${n(e.eventsBefore)} events) in ${range(e.previousWindow)} and by nobody in ${range(e.window)}${on(e.source)}.`,
        `Last used ${day(e.lastUsedDay)}; ${n(e.activeUsersNow)} users were active in the account meanwhile.`,
      ];
    case 'championInactive':
      return [
        `The most active user${typeof e.readableId === 'string' && e.readableId ? ` (${e.readableId})` : ''} was active on ${n(e.activeDaysInReference)} days in ${range(e.referenceWindow)} and not since ${day(e.lastActiveDay)}${on(e.source)}.`,
        `${n(e.activeUsersInQuietWindow)} other users were active in ${range(e.quietWindow)}.`,
      ];
    case 'healthBandWorsened':
      return [
        `Health went from ${band(e.fromBand)} (${typeof e.fromScore === 'number' ? Math.round(e.fromScore) : '–'}) on ${day(e.fromDay)} to ${band(e.toBand)} (${typeof e.toScore === 'number' ? Math.round(e.toScore) : '–'}) on ${day(e.toDay)}.`,
      ];
    case 'anomaly':
      return anomalyEvidence(e);
    default:
      return Object.entries(e).map(
        ([key, value]) => `${key}: ${typeof value === 'object' ? JSON.stringify(value) : String(value)}`,
      );
  }
}

/** "3 days" since the alert first fired (evaluated days, reporting zone). */
export function ageText(openedOn: string, today: string): string {
  const days = Math.round((Date.parse(`${today}T00:00:00Z`) - Date.parse(`${openedOn}T00:00:00Z`)) / 86_400_000);
  if (days <= 0) return 'today';
  return days === 1 ? '1 day' : `${formatNumber(days)} days`;
}

const anomalyMetricWords: Record<string, string> = {
  activeUsers: 'Daily active users',
  events: 'Events',
  sessions: 'Sessions',
  minutes: 'Minutes in app',
};
const approx = (v: unknown) =>
  typeof v === 'number' ? formatNumber(Math.abs(v) >= 100 ? Math.round(v) : Math.round(v * 10) / 10) : '–';

/** Observed vs expected range, the baseline it came from, and the days that confirmed it. */
function anomalyEvidence(e: Record<string, unknown>): string[] {
  const metric = anomalyMetricWords[String(e.metric)] ?? String(e.metric);
  const expected = e.expected as { low?: number; median?: number; high?: number } | null;
  const baseline = Array.isArray(e.baselineDays) ? (e.baselineDays as Array<{ day?: string; value?: number }>) : [];
  const recent = Array.isArray(e.recent) ? (e.recent as Array<{ day?: string; status?: string }>) : [];
  const outside = recent.filter((r) => r.status === e.direction).map((r) => day(r.day));
  const weekday =
    typeof e.day === 'string'
      ? new Date(`${e.day}T12:00:00Z`).toLocaleDateString('en-US', { weekday: 'long', timeZone: 'UTC' })
      : '';
  return [
    `${metric}: observed ${approx(e.observed)} on ${day(e.day)}; expected ${approx(expected?.low)} – ${approx(expected?.high)} (usual ${approx(expected?.median)})${on(e.source)}.`,
    `Expected range from the last ${n(baseline.length)} ${weekday}s: ${baseline.map((b) => approx(b.value)).join(', ') || '–'} (median ± spread, ${String(e.sensitivity ?? 'medium')} sensitivity).`,
    `Outside the range on ${outside.length} of the last ${recent.length} judged days${outside.length > 0 ? `: ${outside.join(', ')}` : ''}.`,
  ];
}
