import type { EngagementScore } from '../../../src-shared/contract/metrics';
import { addDays, dayList, lastCompleteDays } from './calendar';
import type { MetricScope, MetricsContext } from './context';
import { rollingStickiness, usersByDay } from './engagement';
import type { UserDay } from './userDays';

/**
 * Pendo-style PES computed by Pulse (section 8), components 0-100 over the last 30 complete days:
 * adoption = mean over active users of (distinct core features used / number of core features);
 * stickiness = rolling DAU/MAU; growth = (new + recovered) / (new + recovered + dropped), 100 when
 * only gains, null with no movement. Pendo does not publish its growth mapping, so this is labelled ours.
 */
export function engagementScore(
  ctx: MetricsContext,
  scope: MetricScope,
  rows: readonly UserDay[],
  today: string,
  coreFeatures: ReadonlySet<string>,
): EngagementScore {
  const window = lastCompleteDays(today, 30);
  const previous = { from: addDays(window.from, -30), to: addDays(window.from, -1) };
  const current = new Set<string>();
  const before = new Set<string>();
  const earlier = new Set<string>();
  const firstDay = new Map<string, string>();
  for (const r of rows) {
    const f = firstDay.get(r.user);
    if (f === undefined || r.day < f) firstDay.set(r.user, r.day);
    if (r.day >= window.from && r.day <= window.to) current.add(r.user);
    else if (r.day >= previous.from && r.day <= previous.to) before.add(r.user);
    else if (r.day < previous.from) earlier.add(r.user);
  }
  let gains = 0;
  let dropped = 0;
  for (const u of current) {
    const f = firstDay.get(u) as string;
    if (f >= window.from)
      gains++; // new
    else if (!before.has(u) && earlier.has(u)) gains++; // recovered
  }
  for (const u of before) if (!current.has(u)) dropped++;
  const growth = gains + dropped === 0 ? null : (gains / (gains + dropped)) * 100;

  const stickinessRatio = rollingStickiness(usersByDay(rows), dayList(window.from, window.to));
  const stickiness = stickinessRatio === null ? null : stickinessRatio * 100;

  let adoption: number | null = null;
  if (coreFeatures.size > 0 && current.size > 0) {
    const used = ctx.store.sqlite
      .prepare(
        `select user_key as user, count(distinct item_id) as n from item_days
         where connection_id = ? and account_id in (select value from json_each(?)) and kind = ?
           and item_id in (select value from json_each(?)) and day between ? and ? group by user_key`,
      )
      .all(
        scope.connectionId,
        JSON.stringify(scope.accountIds),
        scope.eventLevel ? 'event' : 'feature',
        JSON.stringify([...coreFeatures]),
        window.from,
        window.to,
      ) as Array<{ user: string; n: number }>;
    const total = used.reduce((sum, u) => sum + u.n / coreFeatures.size, 0);
    adoption = (total / current.size) * 100;
  }
  const parts = [adoption, stickiness, growth].filter((v): v is number => v !== null);
  return {
    label: 'PES (computed by Pulse)',
    adoption,
    stickiness,
    growth,
    score: parts.length < 2 ? null : parts.reduce((a, b) => a + b, 0) / parts.length,
    window,
  };
}
