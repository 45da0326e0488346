import { isDeepStrictEqual } from 'node:util';
import type { AlertRulesConfig, AlertRuleType } from '../../../src-shared/contract/health';
import type { AlertStore, ApplyOutcome } from './alertStore';
import type { ActiveAlert, AlertFinding, AlertInputs, AlertRule, AlertRuleRegistry } from './rule';
import { alertRules } from './rules';

/**
 * Every enabled rule's findings on one day, worked out without writing anything, each with the active
 * alerts it was worked out against (`planCustomerAlerts`).
 */
export interface PlannedAlerts {
  day: string;
  byRule: Map<AlertRuleType, { active: ReadonlyMap<string, ActiveAlert>; findings: AlertFinding[] | null }>;
}

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
  /**
   * Findings worked out beforehand (`planCustomerAlerts`): used for their day and rule when that rule's
   * active alerts are still the ones they were worked out against, else the rule is evaluated again.
   */
  planned?: PlannedAlerts | null;
}

/**
 * Evaluates every enabled rule on one day without writing: a recompute works its findings out before
 * its write transaction, so the turn two recompute threads take for writing holds just the writes.
 * What a rule reads besides `inputs` is its active alerts, which a person may change in between
 * (dismiss one): `evaluateCustomerAlerts` compares them again inside the transaction.
 */
export function planCustomerAlerts(params: {
  alerts: AlertStore;
  customerId: string;
  day: string;
  inputs: AlertInputs;
  rules: AlertRulesConfig;
  registry?: AlertRuleRegistry;
}): PlannedAlerts {
  const registry = params.registry ?? alertRules;
  const byRule: PlannedAlerts['byRule'] = new Map();
  for (const type of Object.keys(registry) as AlertRuleType[]) {
    if (!params.rules[type].enabled) continue;
    const active = params.alerts.active(params.customerId, type);
    const rule = registry[type] as AlertRule<typeof type>;
    const findings = rule.evaluate({ inputs: params.inputs, settings: params.rules[type] as never, rules: params.rules, active });
    byRule.set(type, { active, findings });
  }
  return { day: params.day, byRule };
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
    // Built only when a rule is evaluated here (not answered by the plan), once per day for every rule.
    let inputs: AlertInputs | null = null;
    const inputsOfDay = () => {
      inputs ??= params.inputsFor(day);
      return inputs;
    };
    for (const type of types) {
      if (!params.rules[type].enabled) continue;
      const rule = registry[type] as AlertRule<typeof type>;
      const active = params.alerts.active(params.customer.id, type);
      const plan = params.planned?.day === day ? params.planned.byRule.get(type) : undefined;
      const findings =
        plan && sameActive(plan.active, active)
          ? plan.findings
          : rule.evaluate({ inputs: inputsOfDay(), settings: params.rules[type] as never, rules: params.rules, active });
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

function sameActive(a: ReadonlyMap<string, ActiveAlert>, b: ReadonlyMap<string, ActiveAlert>): boolean {
  if (a.size !== b.size) return false;
  for (const [subject, alert] of a) {
    const other = b.get(subject);
    if (!other || other.openedOn !== alert.openedOn || !isDeepStrictEqual(other.evidence, alert.evidence)) return false;
  }
  return true;
}
