import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CoreError, defaultHealthConfig } from '../../../src-shared/contract';
import { createTestWorkspace, type TestWorkspace } from '../health/testWorkspace';
import { AlertStore } from './alertStore';
import { evaluateCustomerAlerts, planCustomerAlerts } from './evaluate';
import type { AlertFinding, AlertInputs, AlertRule, AlertRuleRegistry } from './rule';
import { alertRules } from './rules';

/**
 * Deduplication and the lifecycle, on a real database, with a rule whose findings the test controls.
 */
let ws: TestWorkspace;
let store: AlertStore;
let fired: AlertFinding[] | null;
let now = 1_000;

const controlled: AlertRule<'usageDrop'> = { type: 'usageDrop', label: 'controlled', evaluate: () => fired };
const registry = { ...alertRules, usageDrop: controlled } as AlertRuleRegistry;
const onlyUsageDrop = Object.fromEntries(
  Object.entries(defaultHealthConfig.rules).map(([k, v]) => [k, { ...v, enabled: k === 'usageDrop' }]),
) as typeof defaultHealthConfig.rules;

const finding = (subject = 'account', previous = 10): AlertFinding => ({
  subject,
  severity: 'warning',
  title: `drop from ${previous}`,
  evidence: { previous },
  suggestedAction: 'call them',
});

function evaluate(day: string, rules = onlyUsageDrop) {
  now += 1_000;
  return evaluateCustomerAlerts({
    alerts: store,
    customer: { id: 'c1', owner: 'Sam Owner' },
    days: [day],
    inputsFor: () => ({}) as AlertInputs,
    rules,
    now,
    registry,
  });
}

const list = () => store.list({ statuses: ['open', 'acknowledged', 'dismissed', 'resolved'], limit: 100 });
const transitions = (id: number) =>
  ws.store.sqlite
    .prepare(
      'select from_status as fromStatus, to_status as toStatus, actor from alert_transitions where alert_id = ? order by rowid',
    )
    .all(id);

beforeEach(async () => {
  ws = await createTestWorkspace();
  ws.customer('c1', { owner: 'Sam Owner', name: 'Acme' });
  store = new AlertStore(ws.store.sqlite);
  fired = null;
});
afterEach(async () => {
  await ws.close();
});

describe('deduplication while active', () => {
  it('one alert per customer, rule and subject; re-evaluation refreshes its evidence', () => {
    fired = [finding('account', 10)];
    expect(evaluate('2026-03-10')).toEqual({ opened: 1, refreshed: 0, resolved: 0 });
    fired = [finding('account', 12), finding('account', 99)];
    expect(evaluate('2026-03-11')).toEqual({ opened: 0, refreshed: 1, resolved: 0 });
    const [alert, ...others] = list();
    expect(others).toEqual([]);
    expect(alert).toMatchObject({
      status: 'open',
      customer: { id: 'c1', name: 'Acme' },
      owner: 'Sam Owner',
      openedOn: '2026-03-10',
      lastFiredOn: '2026-03-11',
      evidence: { previous: 12 },
      title: 'drop from 12',
      suggestedAction: 'call them',
    });
  });

  it('different subjects are different alerts', () => {
    fired = [finding('feature-a'), finding('feature-b')];
    evaluate('2026-03-10');
    expect(
      list()
        .map((a) => a.subject)
        .sort(),
    ).toEqual(['feature-a', 'feature-b']);
  });

  it('a rule that cannot be evaluated (null) changes nothing', () => {
    fired = [finding()];
    evaluate('2026-03-10');
    fired = null;
    expect(evaluate('2026-03-11')).toEqual({ opened: 0, refreshed: 0, resolved: 0 });
    expect(list()[0]?.status).toBe('open');
  });
});

describe('lifecycle', () => {
  it('auto-resolves when the condition clears, and a new occurrence opens a new alert', () => {
    fired = [finding()];
    evaluate('2026-03-10');
    fired = [];
    expect(evaluate('2026-03-11')).toEqual({ opened: 0, refreshed: 0, resolved: 1 });
    const [resolved] = list();
    expect(resolved).toMatchObject({ status: 'resolved', closedBy: 'rule' });
    expect(transitions(resolved?.id ?? 0)).toEqual([
      { fromStatus: null, toStatus: 'open', actor: 'rule' },
      { fromStatus: 'open', toStatus: 'resolved', actor: 'rule' },
    ]);
    fired = [finding()];
    evaluate('2026-03-12');
    const alerts = list();
    expect(alerts.map((a) => a.status)).toEqual(['open', 'resolved']);
    expect(alerts[0]?.id).not.toBe(resolved?.id);
  });

  it('acknowledged alerts stay active (refreshed, then auto-resolved)', () => {
    fired = [finding()];
    evaluate('2026-03-10');
    const id = list()[0]?.id ?? 0;
    expect(store.update(id, 'acknowledge', 'on it', now)).toMatchObject({
      status: 'acknowledged',
      closedBy: null,
      note: 'on it',
    });
    fired = [finding('account', 20)];
    expect(evaluate('2026-03-11').refreshed).toBe(1);
    expect(list()[0]).toMatchObject({ status: 'acknowledged', evidence: { previous: 20 } });
    fired = [];
    evaluate('2026-03-12');
    expect(list()[0]).toMatchObject({ status: 'resolved', closedBy: 'rule' });
  });

  it('a dismissed alert stays quiet while its condition holds; after the condition cleared it may fire again', () => {
    fired = [finding()];
    evaluate('2026-03-10');
    const id = list()[0]?.id ?? 0;
    expect(store.update(id, 'dismiss', 'seasonal', now)).toMatchObject({ status: 'dismissed', closedBy: 'user' });
    expect(evaluate('2026-03-11')).toEqual({ opened: 0, refreshed: 0, resolved: 0 });
    expect(list()).toHaveLength(1);
    fired = [];
    evaluate('2026-03-12');
    fired = [finding()];
    expect(evaluate('2026-03-13').opened).toBe(1);
    expect(list().map((a) => a.status)).toEqual(['open', 'dismissed']);
  });

  it('a person resolving an alert whose condition still holds is not overruled by the next evaluation', () => {
    fired = [finding()];
    evaluate('2026-03-10');
    store.update(list()[0]?.id ?? 0, 'resolve', null, now);
    evaluate('2026-03-11');
    expect(list().map((a) => [a.status, a.closedBy])).toEqual([['resolved', 'user']]);
  });

  it('refuses transitions the lifecycle does not allow; repeating one is a no-op', () => {
    fired = [finding()];
    evaluate('2026-03-10');
    const id = list()[0]?.id ?? 0;
    store.update(id, 'acknowledge', null, now);
    expect(store.update(id, 'acknowledge', null, now).status).toBe('acknowledged');
    store.update(id, 'dismiss', null, now);
    const conflict = (() => {
      try {
        store.update(id, 'resolve', null, now);
      } catch (error) {
        return error;
      }
    })();
    expect(conflict).toBeInstanceOf(CoreError);
    expect((conflict as CoreError).code).toBe('CONFLICT');
    expect(() => store.update(id, 'acknowledge', null, now)).toThrow(/only open alerts can be acknowledged/);
    expect(() => store.update(9999, 'dismiss', null, now)).toThrow(/no alert with id 9999/);
    expect(transitions(id).map((t) => (t as { toStatus: string }).toStatus)).toEqual(['open', 'acknowledged', 'dismissed']);
  });

  it('turning a rule off closes its active alerts', () => {
    fired = [finding()];
    evaluate('2026-03-10');
    const off = { ...onlyUsageDrop, usageDrop: { ...onlyUsageDrop.usageDrop, enabled: false } };
    expect(evaluate('2026-03-11', off).resolved).toBe(1);
    expect(list()[0]).toMatchObject({ status: 'resolved', closedBy: 'rule' });
  });
});

describe('listing', () => {
  it('filters by status, owner (case-insensitive) and customer', () => {
    ws.customer('c2', { owner: 'Kim Other', name: 'Beta' });
    fired = [finding()];
    evaluate('2026-03-10');
    now += 1;
    evaluateCustomerAlerts({
      alerts: store,
      customer: { id: 'c2', owner: 'Kim Other' },
      days: ['2026-03-10'],
      inputsFor: () => ({}) as AlertInputs,
      rules: onlyUsageDrop,
      now,
      registry,
    });
    expect(store.list({ statuses: ['open'], owner: 'sam owner', limit: 10 }).map((a) => a.customer.name)).toEqual(['Acme']);
    expect(store.list({ statuses: ['open'], customerId: 'c2', limit: 10 }).map((a) => a.owner)).toEqual(['Kim Other']);
    expect(store.list({ statuses: ['resolved'], limit: 10 })).toEqual([]);
    expect(store.activeCounts()).toEqual(
      new Map([
        ['c1', 1],
        ['c2', 1],
      ]),
    );
  });
});

describe('findings worked out before the write transaction', () => {
  const plan = (day: string) =>
    planCustomerAlerts({ alerts: store, customerId: 'c1', day, inputs: {} as AlertInputs, rules: onlyUsageDrop, registry });
  const applyWith = (day: string, planned: ReturnType<typeof plan>, inputsFor: () => AlertInputs) => {
    now += 1_000;
    return evaluateCustomerAlerts({
      alerts: store,
      customer: { id: 'c1', owner: 'Sam Owner' },
      days: [day],
      inputsFor,
      rules: onlyUsageDrop,
      now,
      registry,
      planned,
    });
  };

  it('are applied as planned while the active alerts are the ones they were worked out against', () => {
    fired = [finding('account', 10)];
    evaluate('2026-03-10');
    fired = [finding('account', 20)];
    const planned = plan('2026-03-11');
    // What the rule would say now is not asked: the plan stands.
    fired = [finding('account', 99)];
    const outcome = applyWith('2026-03-11', planned, () => {
      throw new Error('the plan should have answered');
    });
    expect(outcome).toEqual({ opened: 0, refreshed: 1, resolved: 0 });
    expect(list().map((a) => [a.subject, a.status, a.title])).toEqual([['account', 'open', 'drop from 20']]);
  });

  it('are worked out again when a person closed an alert in between', () => {
    fired = [finding('account', 10)];
    evaluate('2026-03-10');
    const planned = plan('2026-03-11');
    store.update(list()[0]?.id ?? 0, 'dismiss', 'seasonal', now);
    fired = [finding('feature:export', 5)];
    let asked = 0;
    const outcome = applyWith('2026-03-11', planned, () => {
      asked++;
      return {} as AlertInputs;
    });
    expect(asked).toBe(1);
    expect(outcome).toEqual({ opened: 1, refreshed: 0, resolved: 0 });
    expect(list().map((a) => [a.subject, a.status])).toEqual(
      expect.arrayContaining([
        ['account', 'dismissed'],
        ['feature:export', 'open'],
      ]),
    );
  });

  it('are not used for another day', () => {
    fired = [finding('account', 10)];
    const planned = plan('2026-03-10');
    fired = [finding('account', 30)];
    let asked = 0;
    applyWith('2026-03-11', planned, () => {
      asked++;
      return {} as AlertInputs;
    });
    expect(asked).toBe(1);
    expect(list().map((a) => a.title)).toEqual(['drop from 30']);
  });
});
