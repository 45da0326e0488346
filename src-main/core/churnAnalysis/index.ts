/**
 * Churn analysis (issue 11): how well each metric and health component, as it stood N days before a
 * customer's renewal or churn, separated churned from renewed customers (ROC AUC), and a backtest of the
 * health score's weighting with alternatives judged on held-out customers. Outcomes come from
 * core/customers. Other folders import from here only.
 */
export { analyseChurn } from './analyse';
export { rocAuc } from './auc';
export { type BacktestSample, backtestHealth, scoreWith, tuneWeights } from './backtest';
export { separationWeights } from './separationWeights';
