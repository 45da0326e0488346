import { formatDay, formatNumber } from '../../../src-shared/charts/format';
import { bandLabels, vendorLabels } from '../../../src-shared/charts/palette';
import type { HealthBand, HealthComponent, HealthUnavailableReason } from '../../../src-shared/contract/health';
import type { FunnelResult, MetricVendor, UnavailableReason } from '../../../src-shared/contract/metrics';

/** Plain-language helpers for the Account page (pure, so the e2e test can compute the same strings). */

export function percent(fraction: number | null | undefined, digits = 0): string {
  if (fraction === null || fraction === undefined || !Number.isFinite(fraction)) return '–';
  return `${formatNumber(fraction * 100, 'en-US', digits)} %`;
}

/** A source as "Amplitude (EU workspace)", or just its label when the label already names the vendor. */
export function sourceName(vendor: MetricVendor, label: string): string {
  const name = vendorLabels[vendor];
  return label.toLowerCase().includes(name.toLowerCase()) ? label : `${name} (${label})`;
}

export function signedPoints(delta: number): string {
  const rounded = Math.round(delta * 10) / 10;
  if (rounded === 0) return '±0 pts';
  return `${rounded > 0 ? '+' : '−'}${formatNumber(Math.abs(rounded), 'en-US', 1)} pts`;
}

export function scoreText(score: number | null): string {
  return score === null ? '–' : formatNumber(Math.round(score), 'en-US', 0);
}

export function bandText(band: HealthBand | null): string {
  return band ? bandLabels[band] : 'Not scored';
}

export function money(value: number | null): string {
  if (value === null) return '–';
  return new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', maximumFractionDigits: 0 }).format(value);
}

/** Days from `today` to `day` (both YYYY-MM-DD). */
export function daysBetween(today: string, day: string): number {
  return Math.round((Date.parse(`${day}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / 86_400_000);
}

export function renewalText(today: string, renewal: string | null): { text: string; soon: boolean; past: boolean } {
  if (!renewal) return { text: 'No renewal date', soon: false, past: false };
  const days = daysBetween(today, renewal);
  if (days < 0) return { text: `${formatDay(renewal)} (${-days} days ago)`, soon: false, past: true };
  if (days === 0) return { text: `${formatDay(renewal)} (today)`, soon: true, past: false };
  return {
    text: `${formatDay(renewal)} (in ${formatNumber(days)} ${days === 1 ? 'day' : 'days'})`,
    soon: days <= 90,
    past: false,
  };
}

/** "score from 3 of 4 components": weighted components with data / weighted components. */
export function coverageText(components: readonly HealthComponent[]): string {
  const weighted = components.filter((c) => c.weight > 0);
  const available = weighted.filter((c) => c.unavailable === null);
  return `score from ${available.length} of ${weighted.length} components`;
}

export function healthUnavailableText(reason: HealthUnavailableReason | null): string {
  switch (reason) {
    case 'no-linked-source':
      return 'no linked source';
    case 'not-enough-history':
      return 'not enough history yet';
    case 'not-in-source':
      return 'not available from this source';
    case 'no-data':
      return 'no data in the window';
    default:
      return '';
  }
}

export function metricUnavailableText(reason: UnavailableReason | null, vendor?: MetricVendor | null): string {
  const name = vendor ? vendorLabels[vendor] : 'This source';
  switch (reason) {
    case 'no-sessions-in-source':
      return `Sessions are not available for ${name}: it sends daily totals without sessions.`;
    case 'needs-event-level-data':
      return `This needs event-level data (Amplitude or Mixpanel): ${name} sends daily totals.`;
    case 'no-key-events':
      return 'No key events are configured: choose them in Settings to see the onboarding funnel.';
    case 'no-guides-in-source':
      return 'Guides come from Pendo, and this account has no Pendo source.';
    case 'no-linked-source':
      return 'This customer is not linked to an account in any synced source yet.';
    case 'not-enough-history':
      return 'Not enough complete history yet for this window.';
    default:
      return 'Not available.';
  }
}

/**
 * The biggest drop between two steps in words: "43 % stop between Invite Sent and First Report". The
 * step is the core's `dropOffStep` (so the sentence, the flagged table row and the report agree).
 */
export function dropOffSentence(funnel: FunnelResult): string | null {
  const index = funnel.steps.findIndex((s) => s.step === funnel.dropOffStep);
  const step = funnel.steps[index];
  const previous = funnel.steps[index - 1];
  if (!step || !previous || previous.count === 0 || step.fromPrevious === null) return null;
  const share = 1 - step.fromPrevious;
  if (share <= 0) return null;
  return `${percent(share)} stop between ${previous.step} and ${step.step} (${formatNumber(previous.count - step.count)} of ${formatNumber(previous.count)} users).`;
}

export function durationText(seconds: number | null): string {
  if (seconds === null) return '–';
  if (seconds < 60) return `${Math.round(seconds)} s`;
  if (seconds < 3600) return `${Math.round(seconds / 60)} min`;
  if (seconds < 86_400 * 2) return `${formatNumber(seconds / 3600, 'en-US', 1)} h`;
  return `${formatNumber(seconds / 86_400, 'en-US', 1)} days`;
}

export function changeText(change: number | null): string {
  if (change === null) return 'new usage';
  const rounded = Math.round(change * 100);
  if (rounded === 0) return 'no change';
  return `${rounded > 0 ? '+' : '−'}${Math.abs(rounded)} % vs previous 30 days`;
}
