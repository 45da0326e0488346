import type { DayRange, GuideMetrics, GuideStats } from '../../../src-shared/contract/metrics';
import type { MetricScope, MetricsContext } from './context';

/**
 * Guide metrics per guide for one customer (section 9), unique users unless "views":
 * reach = users with ≥ 1 guideSeen; completion = users who advanced on the LAST step and saw step 1
 * / users who saw step 1 (steps from the catalogue's details.stepIds; without them completion is null);
 * reachedLastStep = users who saw the last step (not completion); dismissal = users with ≥ 1
 * guideDismissed / reach. Guides exist only in Pendo.
 */
export function guideMetrics(ctx: MetricsContext, scope: MetricScope, window: DayRange): GuideMetrics {
  if (scope.vendor !== 'pendo') return { available: false, unavailable: 'no-guides-in-source', window, guides: [] };
  const rows = ctx.store.sqlite
    .prepare(
      `select guide_id as guide, step_id as step, type, user_key as user, sum(events) as events from guide_days
       where connection_id = ? and account_id in (select value from json_each(?)) and day between ? and ?
       group by guide_id, step_id, type, user_key`,
    )
    .all(scope.connectionId, JSON.stringify(scope.accountIds), window.from, window.to) as Array<{
    guide: string;
    step: string;
    type: string;
    user: string;
    events: number;
  }>;
  const catalog = new Map(
    (
      ctx.store.sqlite
        .prepare(
          `select item_id as id, name, details_json as details from catalog_items where connection_id = ? and kind = 'guide'`,
        )
        .all(scope.connectionId) as Array<{ id: string; name: string; details: string }>
    ).map((g) => [g.id, { name: g.name, steps: stepIdsOf(g.details) }]),
  );
  const byGuide = new Map<string, typeof rows>();
  // Appended in place: copying the list per row was quadratic in a guide's rows.
  for (const r of rows) {
    const list = byGuide.get(r.guide);
    if (list) list.push(r);
    else byGuide.set(r.guide, [r]);
  }
  const guides: GuideStats[] = [];
  for (const [guideId, list] of byGuide) {
    const steps = catalog.get(guideId)?.steps ?? [];
    const firstStep = steps[0];
    const lastStep = steps[steps.length - 1];
    const users = (pred: (r: (typeof rows)[number]) => boolean) => new Set(list.filter(pred).map((r) => r.user));
    const seen = users((r) => r.type === 'guideSeen');
    const sawFirst = firstStep === undefined ? new Set<string>() : users((r) => r.type === 'guideSeen' && r.step === firstStep);
    const completed =
      lastStep === undefined
        ? new Set<string>()
        : users((r) => r.type === 'guideAdvanced' && r.step === lastStep && sawFirst.has(r.user));
    const dismissed = users((r) => r.type === 'guideDismissed');
    guides.push({
      guideId,
      name: catalog.get(guideId)?.name ?? guideId,
      views: list.filter((r) => r.type === 'guideSeen').reduce((n, r) => n + r.events, 0),
      reach: seen.size,
      completion: sawFirst.size === 0 ? null : completed.size / sawFirst.size,
      reachedLastStep: lastStep === undefined ? 0 : users((r) => r.type === 'guideSeen' && r.step === lastStep).size,
      dismissal: seen.size === 0 ? null : [...dismissed].filter((u) => seen.has(u)).length / seen.size,
    });
  }
  guides.sort((a, b) => b.reach - a.reach || a.name.localeCompare(b.name));
  return { available: true, unavailable: null, window, guides };
}

function stepIdsOf(details: string): string[] {
  try {
    const value = JSON.parse(details) as { stepIds?: unknown };
    return Array.isArray(value.stepIds) ? value.stepIds.map(String) : [];
  } catch {
    return [];
  }
}
