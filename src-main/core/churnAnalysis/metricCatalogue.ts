import type { ChurnMetricKind, HealthComponent, HealthComponentId } from '../../../src-shared/contract';
import { healthComponentIds, healthComponentLabels } from '../../../src-shared/contract';

/** What a customer looked like as of outcome − horizon: the scored health and a few activity facts. */
export interface AsOfView {
  score: number | null;
  components: HealthComponent[];
  /** Complete days since the last day with any activity (null: never active in the synced history). */
  daysSinceActive: number | null;
  /** Days with any activity in the 30 days ending on the as-of day. */
  activeDays30: number;
}

export interface ChurnMetric {
  id: string;
  label: string;
  kind: ChurnMetricKind;
  value(view: AsOfView): number | null;
}

const component = (view: AsOfView, id: HealthComponentId) => view.components.find((c) => c.id === id);
const input = (view: AsOfView, id: HealthComponentId, key: string): number | null => {
  const c = component(view, id);
  const v = c && c.unavailable === null ? c.inputs[key] : null;
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
};
const raw = (view: AsOfView, id: HealthComponentId): number | null => {
  const c = component(view, id);
  return c && c.unavailable === null ? c.raw : null;
};

/**
 * The metrics the analysis ranks: the health score, each component's normalised score (what the score
 * weighs) and the raw metrics behind them plus two activity facts, all over the 30 days ending on the
 * as-of day, as the health back-fill computes them.
 */
export const churnMetrics: readonly ChurnMetric[] = [
  { id: 'health', label: 'Health score', kind: 'health', value: (v) => v.score },
  ...healthComponentIds.map(
    (id): ChurnMetric => ({
      id: `component:${id}`,
      label: `${healthComponentLabels[id]} (component score)`,
      kind: 'component',
      value: (v) => component(v, id)?.score ?? null,
    }),
  ),
  { id: 'dauMau', label: 'DAU/MAU (30 days)', kind: 'metric', value: (v) => raw(v, 'engagement') },
  { id: 'activeUsers', label: 'Active users (30 days)', kind: 'metric', value: (v) => input(v, 'engagement', 'activeUsers') },
  { id: 'activeDays', label: 'Active days (30 days)', kind: 'metric', value: (v) => v.activeDays30 },
  { id: 'daysSinceActive', label: 'Days since last activity', kind: 'metric', value: (v) => v.daysSinceActive },
  { id: 'events', label: 'Events (30 days)', kind: 'metric', value: (v) => input(v, 'trajectory', 'events') },
  { id: 'usageTrend', label: 'Usage trend (30 days vs the 30 before)', kind: 'metric', value: (v) => raw(v, 'trajectory') },
  { id: 'retention', label: 'Active-user retention (30 days)', kind: 'metric', value: (v) => raw(v, 'retention') },
  { id: 'featureBreadth', label: 'Core feature breadth (30 days)', kind: 'metric', value: (v) => raw(v, 'adoption') },
  {
    id: 'coreFeaturesUsed',
    label: 'Core features used (30 days)',
    kind: 'metric',
    value: (v) => input(v, 'adoption', 'coreFeaturesUsed'),
  },
  { id: 'guideCompletion', label: 'Guide completion (30 days)', kind: 'metric', value: (v) => raw(v, 'guides') },
];
