import type { HealthComponentId, HealthUnavailableReason } from '../../../src-shared/contract/health';
import { addDays } from '../metrics/calendar';
import type { MetricsContext } from '../metrics/context';
import { guideMetrics } from '../metrics/guides';
import { activeUserRetentionIn } from './activeUserRetention';
import type { CustomerData } from './customerData';
import { displayRaw } from './format';
import type { ComponentInput } from './score';
import { windowEngagement } from './windowEngagement';

/** Window of every component, in complete days ending on the scored day. */
export const COMPONENT_WINDOW_DAYS = 30;

/**
 * The raw inputs of the five components for one customer "as of" day `day`: computed only from data of
 * days ≤ `day` (the metrics engine is asked with today = day + 1), so a back-filled snapshot equals what
 * the score would have said that evening, and trends compare like with like.
 *
 * - engagement: rolling DAU/MAU (A3, the engine's engagementHeader.stickinessRolling) over the 30 days
 *   (computed as the header does, see windowEngagement.ts);
 * - adoption: feature breadth = share of core features used, as the engine's featureAdoption.breadth
 *   defines it (read through featureUsageSeries.ts for speed); null when nobody was active (the engine
 *   reports 0 there; for a score that would punish the same silence twice);
 * - retention: active-user retention (see activeUserRetention.ts), 30 days vs the 30 before;
 * - trajectory: usage trend = (events of the last 30 days − the 30 before) / the 30 before (engine's
 *   eventsTrend); null when the earlier window had no events ("new usage", section 11);
 * - guides: guide completion over the 30 days on the customer's Pendo source (reach-weighted mean of
 *   the engine's per-guide completion); null without Pendo or without reach.
 * A window reaching before the synced history is "not enough history", never a low value.
 * `options.guides` false skips guide completion ('not-computed'): with its weight at 0 (the default) the
 * back-fill computes it only for the latest day, which the settings preview re-scores.
 */
export function componentInputs(
  ctx: MetricsContext,
  data: CustomerData,
  day: string,
  options: { guides: boolean } = { guides: true },
): ComponentInput[] {
  const unavailable = (
    id: HealthComponentId,
    reason: HealthUnavailableReason,
    inputs: ComponentInput['inputs'] = {},
  ): ComponentInput => ({
    id,
    raw: null,
    display: displayRaw(id, null),
    inputs,
    unavailable: reason,
  });
  const value = (id: HealthComponentId, raw: number | null, inputs: ComponentInput['inputs']): ComponentInput =>
    raw === null ? unavailable(id, 'no-data', inputs) : { id, raw, display: displayRaw(id, raw), inputs, unavailable: null };

  const { scope, historyStart } = data;
  if (!scope || !historyStart) {
    return (['engagement', 'adoption', 'retention', 'trajectory', 'guides'] as const).map((id) =>
      unavailable(id, 'no-linked-source'),
    );
  }
  const w = COMPONENT_WINDOW_DAYS;
  const windowFrom = addDays(day, 1 - w);
  const previousFrom = addDays(windowFrom, -w);
  const hasWindow = windowFrom >= historyStart;
  const hasPrevious = previousFrom >= historyStart;
  // Every input below reads the two windows only (the rolling DAU/MAU of the window's first day reaches
  // 29 days back, inside the previous window): reading just those rows keeps a snapshot O(window), not
  // O(history). The engagement header's fields come from series rolled once per customer
  // (windowEngagement.ts), not from a header per scored day.
  const header = hasWindow ? windowEngagement(data, day, w) : null;
  const out: ComponentInput[] = [];

  // engagement
  if (!header) out.push(unavailable('engagement', 'not-enough-history'));
  else
    out.push(
      value('engagement', header.stickinessRolling, { dau: header.dau, mau: header.mau, activeUsers: header.activeUsers }),
    );

  // adoption
  if (!header || !data.features) out.push(unavailable('adoption', 'not-enough-history'));
  else {
    const usage = data.features.coreUsage({ from: windowFrom, to: day });
    const inputs = {
      coreFeaturesUsed: usage.coreUsed,
      coreFeatures: usage.core.size,
      activeUsers: header.activeUsers,
      coreBasis: usage.coreBasis,
    };
    out.push(value('adoption', header.activeUsers === 0 ? null : usage.breadth, inputs));
  }

  // retention
  if (!hasPrevious) out.push(unavailable('retention', 'not-enough-history'));
  else {
    const r = activeUserRetentionIn(data.usage, {
      previous: { from: previousFrom, to: addDays(windowFrom, -1) },
      current: { from: windowFrom, to: day },
    });
    out.push(value('retention', r.rate, { previousActiveUsers: r.previousUsers, retainedUsers: r.retainedUsers }));
  }

  // trajectory
  if (!header || !hasPrevious) out.push(unavailable('trajectory', 'not-enough-history'));
  else {
    const t = header.eventsTrend;
    out.push(value('trajectory', t.change, { events: t.current, previousEvents: t.previous }));
  }

  // guides
  if (!data.pendoScope) out.push(unavailable('guides', 'not-in-source'));
  else if (!options.guides) out.push(unavailable('guides', 'not-computed'));
  else {
    const g = guideMetrics(ctx, data.pendoScope, { from: windowFrom, to: day });
    let reach = 0;
    let weighted = 0;
    for (const guide of g.guides) {
      if (guide.completion === null) continue;
      reach += guide.reach;
      weighted += guide.completion * guide.reach;
    }
    out.push(value('guides', reach === 0 ? null : weighted / reach, { guides: g.guides.length, reach }));
  }
  return out;
}
