/**
 * Health scores (metric definitions 12.2): components normalised by configurable piecewise-linear
 * thresholds, weights renormalised over available components with a coverage gate, bands on the
 * unrounded score, a daily snapshot history (back-filled "as of" each day after a sync), trends and
 * explanations. Drives alert evaluation (core/alerts) after each recompute. Other folders import from
 * here only.
 */
export { anomalyReport } from './anomalyReport';
// The churn analysis backtests the score as of past days with the same inputs the back-fill uses.
export { COMPONENT_WINDOW_DAYS, componentInputs } from './componentInputs';
export { HEALTH_CONFIG_KEY, HealthConfigRepository } from './configRepository';
export { type CustomerRecord, loadCustomerData } from './customerData';
export { HealthEngine, type HealthEngineDeps, healthEngineFor } from './engine';
export { arrowFor, headline, healthTrend, scoreDelta, whatChanged } from './explain';
export { FeatureSeriesRunCache } from './featureUsageSeries';
export { displayRaw, formatRaw, rawNames } from './format';
export { normalise } from './normalise';
export { ALERT_REPLAY_DAYS, HISTORY_DAYS, type RecomputeOptions, type RecomputeSummary, recomputeHealth } from './recompute';
export { HEALTH_RECOMPUTE_TASK, healthRecomputeTask, recomputeOnThreads, TWO_THREADS_FROM } from './recomputeOnThreads';
export { bandFor, type ComponentInput, type ScoredHealth, scoreHealth } from './score';
export { SnapshotStore } from './snapshotStore';
export { customerHealth, inputsOf, portfolioHealth, previewHealth } from './views';
