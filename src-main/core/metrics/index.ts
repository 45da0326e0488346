/**
 * The metrics capability (docs/metric-definitions.md): active users, stickiness, sessions, time in app,
 * retention, funnels, feature adoption, guides, users, PES and the portfolio list, computed from the
 * synced aggregate tables with prepared statements. Every function takes a MetricsContext
 * ({ store, clock, settings }); "today" comes from the injected clock in the reporting time zone.
 * Per customer, metrics use ONE source (a connection): the primary one by default (see sources.ts), or
 * an explicit connection. Other folders import from here only.
 */

export { type AccountMetricsRequest, accountMetrics } from './accountMetrics';
export { availableProperties, funnelBreakdown, latestUserValues, NOT_SET, propertyBreakdown } from './breakdowns';
export { addDays, dayList, lastCompleteDays, todayIn, weekStartOf } from './calendar';
export { accountRetention, customerRetention, type RetentionRequest } from './cohortRetention';
export { connectionFeatureUsers } from './connectionFeatureUsers';
export type { MetricScope, MetricsContext } from './context';
export { findCustomer } from './customerLookup';
export { connectionDataThrough } from './dataThrough';
export {
  calendarMonthStickiness,
  type EngagementInput,
  engagementHeader,
  engagementSeries,
  meanDauMau,
  rollingDistinct,
  rollingStickiness,
  trendOf,
  usersByDay,
} from './engagement';
export { engagementScore } from './engagementScore';
export { featureMatrix } from './featureMatrix';
export { featureAdoption } from './features';
export {
  computeFunnel,
  DEFAULT_FUNNEL_WINDOW_SECONDS,
  type FunnelDefinition,
  funnelBenchmark,
  type SavedFunnel,
  savedFunnels,
} from './funnel';
export { bestPath, type FunnelEvent, type FunnelSpec, funnelSteps, median } from './funnelMath';
export { guideMetrics } from './guides';
export { warmPortfolioMemos, warmTomorrowMemos } from './memoWarmer';
export { portfolioMetrics } from './portfolio';
export { dayNRetention, type RetentionOptions, retentionTable } from './retention';
export { choosePrimary, customerScope, customerSources, scopeOf } from './sources';
export { cachedRawStatement, cachedStatement } from './statements';
export { topEvents } from './topEvents';
export { lastActivityDay, loadUserDays, type UserDay } from './userDays';
export { lifecycleWeeks, userMetrics } from './users';
