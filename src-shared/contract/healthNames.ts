/**
 * The health and anomaly names the core computes with, apart from the zod schemas in health.ts (which
 * re-exports them): a health recompute on a task thread imports these without building every schema.
 */

export const healthComponentIds = ['engagement', 'adoption', 'retention', 'trajectory', 'guides'] as const;
export type HealthComponentId = (typeof healthComponentIds)[number];

export const healthComponentLabels: Record<HealthComponentId, string> = {
  engagement: 'Engagement',
  adoption: 'Adoption',
  retention: 'Retention',
  trajectory: 'Trajectory',
  guides: 'Guide completion',
};

/** The daily metrics the anomaly rule watches (per customer, primary source). */
export const anomalyMetrics = ['activeUsers', 'events', 'sessions', 'minutes'] as const;
export type AnomalyMetric = (typeof anomalyMetrics)[number];
