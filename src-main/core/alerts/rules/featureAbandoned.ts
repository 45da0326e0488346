import { addDays } from '../../metrics/calendar';
import type { AlertFinding, AlertRule } from '../rule';

/**
 * Key feature abandoned: a watched feature used by at least `minPreviousUsers` users in the previous
 * `windowDays` and by nobody in the latest `windowDays` complete days. Watched = the listed ids or names
 * when the CSM lists any; else the source's core features (catalogue flags, or the most used ones),
 * minus one-off milestones such as "Signed Up" (their absence means no new users, not abandonment).
 * Silent accounts are left to the "no activity" rule (one alert, not one per feature). Not evaluated
 * when the previous window starts before the synced history.
 */
export const featureAbandonedRule: AlertRule<'featureAbandoned'> = {
  type: 'featureAbandoned',
  label: 'Key feature abandoned',
  evaluate({ inputs, settings, rules }) {
    const w = settings.windowDays;
    const current = { from: addDays(inputs.day, 1 - w), to: inputs.day };
    const previous = { from: addDays(current.from, -w), to: addDays(current.from, -1) };
    if (previous.from < inputs.historyStart) return null;
    const now = inputs.features(current);
    const before = inputs.features(previous);
    if (!now || !before) return null;
    if (now.activeUsers === 0 && rules.noActivity.enabled) return [];
    const listed = new Set(settings.features.map((f) => f.toLowerCase()));
    const coreNow = new Set(now.features.filter((f) => f.core).map((f) => f.id));
    const watched = (f: { id: string; name: string }) =>
      listed.size > 0
        ? listed.has(f.id.toLowerCase()) || listed.has(f.name.toLowerCase())
        : coreNow.has(f.id) && !inputs.oneOffEvents.has(f.id) && !inputs.oneOffEvents.has(f.name);
    const usersNow = new Map(now.features.map((f) => [f.id, f]));
    const findings: AlertFinding[] = [];
    for (const f of before.features) {
      if (!watched(f) || f.users < settings.minPreviousUsers || (usersNow.get(f.id)?.users ?? 0) > 0) continue;
      findings.push({
        subject: f.id,
        severity: 'warning',
        title: `Key feature "${f.name}" abandoned: ${f.users} user${f.users === 1 ? '' : 's'} in the ${w} days before, none since`,
        evidence: {
          featureId: f.id,
          featureName: f.name,
          window: current,
          previousWindow: previous,
          usersBefore: f.users,
          usersNow: 0,
          lastUsedDay: usersNow.get(f.id)?.lastUsedDay ?? f.lastUsedDay,
          activeUsersNow: now.activeUsers,
          source: inputs.source.label,
        },
        suggestedAction: `Ask the users who relied on "${f.name}" what replaced it; offer a refresher or a workaround if something broke.`,
      });
    }
    return findings;
  },
};
