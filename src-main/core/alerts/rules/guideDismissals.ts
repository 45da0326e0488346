import { addDays } from '../../metrics/calendar';
import type { AlertFinding, AlertRule } from '../rule';

/**
 * Guide dismissal pattern: a guide that reached at least `minReach` users of the account in the last
 * `windowDays` complete days and was dismissed by more than `maxDismissRate` of them, AND by at least
 * `minAboveWorkspace` more than across every account of the source. A guide everybody dismisses (an NPS
 * survey) is the product team's problem, not a signal about this account; without the comparison every
 * account would carry the same alert. Set minAboveWorkspace to 0 to alert on the rate alone. Guides exist
 * only in Pendo; a customer without a Pendo source is not evaluated.
 */
export const guideDismissalRule: AlertRule<'guideDismissals'> = {
  type: 'guideDismissals',
  label: 'Guide dismissal pattern',
  evaluate({ inputs, settings }) {
    const window = { from: addDays(inputs.day, 1 - settings.windowDays), to: inputs.day };
    const metrics = inputs.guides(window);
    if (!metrics?.available) return null;
    const workspace = settings.minAboveWorkspace > 0 ? inputs.workspaceGuides(window) : null;
    const baseline = new Map((workspace?.guides ?? []).map((g) => [g.guideId, g]));
    const findings: AlertFinding[] = [];
    for (const g of metrics.guides) {
      if (g.reach < settings.minReach || g.dismissal === null || !(g.dismissal > settings.maxDismissRate)) continue;
      const overall = baseline.get(g.guideId)?.dismissal ?? null;
      if (settings.minAboveWorkspace > 0 && overall !== null && g.dismissal < overall + settings.minAboveWorkspace) continue;
      findings.push({
        subject: g.guideId,
        severity: 'info',
        title: `Guide "${g.name}" dismissed by ${Math.round(g.dismissal * 100)}% of the ${g.reach} users it reached${overall === null ? '' : ` (all accounts: ${Math.round(overall * 100)}%)`}`,
        evidence: {
          guideId: g.guideId,
          guideName: g.name,
          window,
          reach: g.reach,
          views: g.views,
          dismissRate: g.dismissal,
          workspaceDismissRate: overall,
          completion: g.completion,
          maxDismissRate: settings.maxDismissRate,
          minAboveWorkspace: settings.minAboveWorkspace,
          minReach: settings.minReach,
        },
        suggestedAction: `Ask the account's users why "${g.name}" gets in their way (wrong moment, wrong audience) and tell the product team; offer a live walkthrough instead.`,
      });
    }
    return findings;
  },
};
