/**
 * Alerts: rule types with settings, evaluation on complete non-provisional days, deduplication while
 * active, and the lifecycle open → acknowledged → dismissed | resolved (auto-resolve when the
 * condition clears). core/health drives evaluation after each health recompute.
 */
export { AlertStore, type ApplyOutcome } from './alertStore';
export { type EvaluateCustomerParams, evaluateCustomerAlerts, type PlannedAlerts, planCustomerAlerts } from './evaluate';
export type { ActiveAlert, AlertFinding, AlertInputs, AlertRule, AlertRuleRegistry, FeatureWindow, RuleContext } from './rule';
export { alertRules } from './rules';
