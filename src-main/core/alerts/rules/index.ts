import type { AlertRuleRegistry } from '../rule';
import { anomalyRule } from './anomaly';
import { championInactiveRule } from './championInactive';
import { featureAbandonedRule } from './featureAbandoned';
import { guideDismissalRule } from './guideDismissals';
import { healthBandWorsenedRule } from './healthBandWorsened';
import { noActivityRule } from './noActivity';
import { usageDropRule } from './usageDrop';

/**
 * Every rule type. The mapped type makes a rule type declared in the contract's alertRulesSchema but
 * missing here a compile error; adding a type (issue 11: anomalies) = one schema entry + one module.
 */
export const alertRules: AlertRuleRegistry = {
  usageDrop: usageDropRule,
  featureAbandoned: featureAbandonedRule,
  noActivity: noActivityRule,
  championInactive: championInactiveRule,
  guideDismissals: guideDismissalRule,
  healthBandWorsened: healthBandWorsenedRule,
  anomaly: anomalyRule,
};
