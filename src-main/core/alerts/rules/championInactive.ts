import { addDays } from '../../metrics/calendar';
import type { AlertRule } from '../rule';

/**
 * Named champion inactive (section 11; Pendo cites it in its own CS process). The champion is the most
 * active user of the account over the `referenceDays` BEFORE the quiet window (most active days, then
 * most events) with at least `minActiveDays` active days; the rule fires when that user has no activity
 * at all in the last `days` complete days. When the whole account is silent for that stretch and the
 * "no activity" rule is on, this rule stays quiet: that alert already says more, with less noise.
 * The subject is the champion's pseudonymous user key (readable id only if the workspace keeps them).
 */
export const championInactiveRule: AlertRule<'championInactive'> = {
  type: 'championInactive',
  label: 'Champion inactive',
  evaluate({ inputs, settings, rules }) {
    const quiet = { from: addDays(inputs.day, 1 - settings.days), to: inputs.day };
    const reference = { from: addDays(quiet.from, -settings.referenceDays), to: addDays(quiet.from, -1) };
    if (reference.from < inputs.historyStart) return null;
    const candidates = inputs
      .users(reference)
      .filter((u) => u.activeDays >= settings.minActiveDays)
      .sort((a, b) => b.activeDays - a.activeDays || b.events - a.events || (a.userKey < b.userKey ? -1 : 1));
    const champion = candidates[0];
    if (!champion) return [];
    const activeNow = new Set(inputs.users(quiet).map((u) => u.userKey));
    if (activeNow.has(champion.userKey)) return [];
    if (activeNow.size === 0 && rules.noActivity.enabled && settings.days >= rules.noActivity.days) return [];
    const who = champion.readableId ?? `user ${champion.userKey.slice(0, 8)}`;
    return [
      {
        subject: champion.userKey,
        severity: 'warning',
        title: `Champion ${who} inactive for ${settings.days}+ days`,
        evidence: {
          userKey: champion.userKey,
          readableId: champion.readableId,
          referenceWindow: reference,
          activeDaysInReference: champion.activeDays,
          eventsInReference: champion.events,
          quietWindow: quiet,
          lastActiveDay: champion.lastActiveDay,
          activeUsersInQuietWindow: activeNow.size,
          source: inputs.source.label,
        },
        suggestedAction:
          'Find out whether your champion changed role or left; ask them (or the account owner) who now owns the product, and plan a session with the new owner.',
      },
    ];
  },
};
