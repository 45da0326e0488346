import type { AlertRulesConfig, AlertRuleType } from '../../../src-shared/contract/health';
import type { AlertStore, ApplyOutcome } from './alertStore';
import type { AlertInputs, AlertRule, AlertRuleRegistry } from './rule';
import { alertRules } from './rules';

export interface EvaluateCustomerParams {
  alerts: AlertStore;
  customer: { id: string; owner: string | null };
  /**
   * Days to evaluate, ascending. Each must be complete and outside the late-data horizon; the caller
   * (core/health's recompute) derives them from the data watermark, never from "today".
   */
  days: readonly string[];
  inputsFor(day: string): AlertInputs;
  rules: AlertRulesConfig;
  now: number;
  registry?: AlertRuleRegistry;
}

/**
 * Evaluates every rule for one customer on each given day in order (a catch-up after days without a
 * sync replays them, so alerts open and auto-resolve as they would have), applying the findings with
 * deduplication. A rule switched off closes its active alerts ("rule turned off").
 */
export function evaluateCustomerAlerts(params: EvaluateCustomerParams): ApplyOutcome {
  const registry = params.registry ?? alertRules;
  const total: ApplyOutcome = { opened: 0, refreshed: 0, resolved: 0 };
  const add = (o: ApplyOutcome) => {
    total.opened += o.opened;
    total.refreshed += o.refreshed;
    total.resolved += o.resolved;
  };
  const types = Object.keys(registry) as AlertRuleType[];
  const lastDay = params.days[params.days.length - 1];
  for (const type of types) {
    if (params.rules[type].enabled || lastDay === undefined) continue;
    add(
      params.alerts.apply({
        customerId: params.customer.id,
        owner: params.customer.owner,
        rule: type,
        day: lastDay,
        findings: [],
        now: params.now,
        closeReason: 'rule turned off',
      }),
    );
  }
  for (const day of params.days) {
    const inputs = params.inputsFor(day);
    for (const type of types) {
      if (!params.rules[type].enabled) continue;
      const rule = registry[type] as AlertRule<typeof type>;
      const findings = rule.evaluate({
        inputs,
        settings: params.rules[type] as never,
        rules: params.rules,
        active: params.alerts.active(params.customer.id, type),
      });
      add(
        params.alerts.apply({
          customerId: params.customer.id,
          owner: params.customer.owner,
          rule: type,
          day,
          findings,
          now: params.now,
        }),
      );
    }
  }
  return total;
}
