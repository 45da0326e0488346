import { formatDay, formatNumber } from '../../src-shared/charts/format';
import { bandLabels, vendorLabels } from '../../src-shared/charts/palette';
import type { CommandInterpretation } from '../../src-shared/contract/commands';
import type { UnavailableReason } from '../../src-shared/contract/metrics';
import { bridge } from '../lib/bridge';

/**
 * The one-line answer for an understood question, from the same channels the pages read, so the
 * number in the command bar equals the one on the page it opened.
 */
export type Understood = Extract<CommandInterpretation, { kind: 'understood' }>;

const pct = (v: number) => `${formatNumber(Math.round(v * 100))}%`;
const signedPct = (v: number | null) => (v === null ? 'new usage' : `${v >= 0 ? '+' : '−'}${pct(Math.abs(v))}`);
/** DAU/MAU as the account page shows it ("34.2 %"), so the two never disagree in form. */
const ratio = (v: number) => `${formatNumber(v * 100, 'en-US', 1)} %`;
const span = (w: { from: string; to: string }) => `${formatDay(w.from, 'en-US', false)} – ${formatDay(w.to)}`;

export const unavailableText: Record<UnavailableReason, string> = {
  'no-sessions-in-source': 'this source has no sessions',
  'needs-event-level-data': 'it needs event-level data (Amplitude or Mixpanel) and this source sends daily totals',
  'no-key-events': 'no key events are kept for this source (Settings → key events)',
  'no-guides-in-source': 'guides exist only in Pendo',
  'no-linked-source': 'no synced source is linked to this customer yet',
  'not-enough-history': 'there is not enough synced history yet',
};

async function connectionFor(vendor: NonNullable<Understood['vendor']>) {
  const connections = await bridge.call('connections.list', {});
  return connections.find((c) => c.vendor === vendor) ?? null;
}

export async function answerFor(result: Understood, currentOwner: string | null): Promise<string> {
  const customer = result.customer;
  if (result.intent === 'portfolioAlerts') {
    const mine = result.route.page === 'alerts' && result.route.mine;
    const alerts = await bridge.call('alerts.list', { status: ['open', 'acknowledged'], owner: mine ? currentOwner : null });
    const who = mine ? `${currentOwner}'s accounts` : 'the portfolio';
    if (alerts.length === 0) return `No open alerts for ${who}.`;
    const count = (s: string) => alerts.filter((a) => a.severity === s).length;
    const customers = new Set(alerts.map((a) => a.customer.id)).size;
    return `${formatNumber(alerts.length)} open ${alerts.length === 1 ? 'alert' : 'alerts'} across ${formatNumber(customers)} ${customers === 1 ? 'customer' : 'customers'} of ${who} (${count('critical')} critical, ${count('warning')} warning, ${count('info')} info).`;
  }
  if (!customer) return result.summary;
  const name = customer.name;

  switch (result.intent) {
    case 'health': {
      const h = await bridge.call('health.get', { customer: customer.id });
      const s = h.snapshot;
      if (s?.status !== 'scored' || s.score === null || !s.band) {
        return `${name} — health: insufficient data${s ? ` (${pct(s.coverage)} of the inputs have data)` : ''}.`;
      }
      const delta =
        h.trend.delta7 === null
          ? ''
          : `, ${h.trend.delta7 >= 0 ? '+' : '−'}${formatNumber(Math.abs(Math.round(h.trend.delta7)))} in 7 days`;
      return `${name} — health ${Math.round(s.score)} (${bandLabels[s.band]})${delta}.`;
    }
    case 'customerAlerts': {
      const alerts = await bridge.call('alerts.list', { customer: customer.id });
      if (alerts.length === 0) return `${name} — no open alerts.`;
      return `${name} — ${formatNumber(alerts.length)} open ${alerts.length === 1 ? 'alert' : 'alerts'}: ${alerts[0]?.title}${alerts.length > 1 ? ' …' : '.'}`;
    }
    case 'retention': {
      const table = await bridge.call('metrics.retention', { customer: customer.id, period: 'week' });
      const week1 = table.averages.find((a) => a.period === 1);
      if (!week1 || week1.rate === null) return `${name} — retention: not enough complete weeks yet for a week-1 figure.`;
      return `${name} — week-1 retention ${pct(week1.rate)} (average of ${formatNumber(week1.cohorts)} weekly ${week1.cohorts === 1 ? 'cohort' : 'cohorts'} of new users).`;
    }
    default:
      break;
  }

  const connection = result.vendor ? await connectionFor(result.vendor) : null;
  if (result.vendor && !connection) return `${name} — there is no ${vendorLabels[result.vendor]} connection in this workspace.`;
  const account = await bridge.call('metrics.account', { customer: customer.id, connection: connection?.id ?? null });
  const vendorName = account.source
    ? vendorLabels[account.source.vendor]
    : result.vendor
      ? vendorLabels[result.vendor]
      : 'its sources';
  const header = account.header;
  if (result.intent === 'openAccount') {
    return header
      ? `${name} — ${formatNumber(header.activeUsers)} active users, DAU/MAU ${header.stickinessRolling === null ? '–' : ratio(header.stickinessRolling)} (30 days to ${formatDay(header.asOf)}).`
      : `Opened ${name}.`;
  }
  if (!header) {
    const why = account.unavailable ? unavailableText[account.unavailable] : 'nothing has been synced yet';
    return `${name} — no ${vendorName} data: ${why}.`;
  }
  const window = `30 days to ${formatDay(header.asOf)}`;
  switch (result.intent) {
    case 'vendorMetrics':
      return `${name} — ${vendorName}: ${formatNumber(header.activeUsers)} active users, DAU/MAU ${header.stickinessRolling === null ? '–' : ratio(header.stickinessRolling)}, ${formatNumber(header.events)} events (${window}).`;
    case 'vendorEvents': {
      const top = account.topEvents[0];
      return `${name} — ${vendorName}: ${formatNumber(header.events)} events (${window}), ${signedPct(header.eventsTrend.change)} vs the 30 days before${top ? `; top event "${top.name}" (${formatNumber(top.events)})` : ''}.`;
    }
    case 'stickiness':
      return header.stickinessRolling === null
        ? `${name} — DAU/MAU not available: nobody was active in the ${window}.`
        : `${name} — DAU/MAU ${ratio(header.stickinessRolling)} (${window}).`;
    case 'usageOverview':
      return `${name} — ${formatNumber(header.activeUsers)} active users, DAU/MAU ${header.stickinessRolling === null ? '–' : ratio(header.stickinessRolling)}, ${formatNumber(header.events)} events, active on ${formatNumber(header.activeDays)} of 30 days (${window}).`;
    case 'usageTrend':
      return `${name} — ${formatNumber(header.activeUsersTrend.current)} active users, ${signedPct(header.activeUsersTrend.change)} vs the 30 days before (${formatNumber(header.activeUsersTrend.previous)}); events ${signedPct(header.eventsTrend.change)} (${window}).`;
    case 'funnel': {
      const funnel = account.onboarding;
      if (!funnel)
        return `${name} — no onboarding funnel on ${vendorName}: ${account.unavailable ? unavailableText[account.unavailable] : 'funnels need event-level data and key events'}.`;
      const first = funnel.steps[0];
      const last = funnel.steps[funnel.steps.length - 1];
      if (funnel.conversion.value === null) {
        const why = funnel.conversion.unavailable
          ? unavailableText[funnel.conversion.unavailable]
          : `nobody did "${first?.step}" in ${span(funnel.range)}`;
        return `${name} — ${funnel.name} funnel conversion not available: ${why}.`;
      }
      return `${name} — ${funnel.name} funnel conversion ${pct(funnel.conversion.value)} ("${first?.step}" → "${last?.step}", ${formatNumber(first?.count ?? 0)} started, ${span(funnel.range)})${funnel.dropOffStep ? `; biggest drop before "${funnel.dropOffStep}"` : ''}.`;
    }
    case 'unusedFeatures': {
      const features = account.features;
      if (!features) return `${name} — no feature data on ${vendorName} yet.`;
      const never = features.neverUsed.map((f) => f.name);
      const stopped = features.abandoned.map((f) => f.name);
      if (never.length === 0 && stopped.length === 0)
        return `${name} — uses every feature in the catalogue (${span(features.window)}).`;
      const list = (names: string[]) =>
        `${names.slice(0, 3).join(', ')}${names.length > 3 ? ` and ${names.length - 3} more` : ''}`;
      return `${name} — never used ${formatNumber(never.length)} ${never.length === 1 ? 'feature' : 'features'}${never.length ? ` (${list(never)})` : ''}; stopped using ${formatNumber(stopped.length)}${stopped.length ? ` (${list(stopped)})` : ''}.`;
    }
    default:
      return result.summary;
  }
}
