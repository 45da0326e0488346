import { bandLabels } from '../../../../src-shared/charts/palette';
import type { HealthBand } from '../../../../src-shared/contract/health';
import { addDays } from '../../metrics/calendar';
import type { AlertRule } from '../rule';

const rank: Record<HealthBand, number> = { red: 0, yellow: 1, green: 2 };

/**
 * Health band worsened: the band on the evaluated day is worse than `lookbackDays` earlier (green →
 * yellow, yellow → red, green → red); snapshots of different configuration versions are not compared.
 * Sticky while active: the alert compares with the band the account fell FROM until the score is back
 * in that band by `recoveryPoints` (otherwise it would "resolve" a week later just because the
 * comparison day moved on while the account is still red, and flap at a cut-off).
 */
export const healthBandWorsenedRule: AlertRule<'healthBandWorsened'> = {
  type: 'healthBandWorsened',
  label: 'Health band worsened',
  evaluate({ inputs, settings, active }) {
    const now = inputs.health(inputs.day);
    if (!now) return null;
    const open = active.get('account');
    const openFrom = open?.evidence.fromBand as HealthBand | undefined;
    if (open && openFrom && openFrom in rank) {
      if (now.band === null || now.score === null) return null;
      const cutoff = openFrom === 'green' ? inputs.bandCutoffs.green : openFrom === 'yellow' ? inputs.bandCutoffs.yellow : 0;
      const recovered = rank[now.band] >= rank[openFrom] && now.score >= cutoff + settings.recoveryPoints;
      if (recovered) return [];
      const from = {
        band: openFrom,
        score: (open.evidence.fromScore as number | null) ?? null,
        day: String(open.evidence.fromDay ?? open.openedOn),
      };
      // Back in the earlier band but not clear of the cut-off yet: keep the alert as it was.
      if (rank[now.band] >= rank[openFrom]) {
        const worst = open.evidence.toBand as HealthBand | undefined;
        return [
          finding(
            from,
            worst && worst in rank ? worst : now.band,
            (open.evidence.toScore as number | null) ?? now.score,
            String(open.evidence.toDay ?? inputs.day),
          ),
        ];
      }
      return [finding(from, now.band, now.score, inputs.day)];
    }
    const earlierDay = addDays(inputs.day, -settings.lookbackDays);
    const earlier = inputs.health(earlierDay);
    if (!earlier) return null;
    if (!earlier.band || earlier.configVersion !== now.configVersion || !now.band) return [];
    if (rank[now.band] >= rank[earlier.band]) return [];
    return [finding({ band: earlier.band, score: earlier.score, day: earlierDay }, now.band, now.score, inputs.day)];
  },
};

function finding(
  from: { band: HealthBand; score: number | null; day: string },
  band: HealthBand,
  score: number | null,
  day: string,
) {
  return {
    subject: 'account',
    severity: band === 'red' ? ('critical' as const) : ('warning' as const),
    // The UI's band names (Healthy / Watch / At risk), never the keys; refreshed on every evaluation, so
    // alerts opened before this wording read right after the next one.
    title: `Health fell from ${bandLabels[from.band]} to ${bandLabels[band]}${from.score !== null && score !== null ? ` (${Math.round(from.score)} → ${Math.round(score)})` : ''}`,
    evidence: { fromBand: from.band, toBand: band, fromScore: from.score, toScore: score, fromDay: from.day, toDay: day },
    suggestedAction:
      'Open the account page: "what changed" names the components that dropped. Agree a recovery plan with the account before the next renewal conversation.',
  };
}
