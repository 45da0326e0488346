import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defaultHealthConfig, type HealthConfig } from '../../../src-shared/contract';
import { type RecomputeOptions, recomputeHealth } from './recompute';
import { createTestWorkspace, daysFrom, type TestWorkspace } from './testWorkspace';

/**
 * The recompute reads only the days its scored and evaluated days look at (components: two 30-day
 * windows; rules: their own windows, see alertLookbackDays). These tests run every recompute twice on
 * the same workspace, once with those bounded reads and once reading each customer's whole history, and
 * require identical snapshots, alerts and evaluation state: from scratch (90 days, 42 replayed alert
 * days), after a sync (touched and provisional days), and under rule windows far longer than the
 * defaults. "silent" stops long before the evaluated days, so its last activity lies outside the reads.
 */
const HISTORY = { from: '2025-10-01', through: '2026-04-19' };
const all = daysFrom(HISTORY.from, HISTORY.through);
const FEATURES = ['Open Project', 'Create Task', 'View Report', 'Export Report'];

async function workspace(): Promise<TestWorkspace> {
  const ws = await createTestWorkspace({ today: '2026-04-20' });
  ws.connection('amp', 'amplitude', HISTORY);
  for (const f of FEATURES) ws.catalogFeature('amp', f, f, true);
  const stops: Record<string, string> = { steady: '9999', fading: '2026-03-20', silent: '2026-01-10' };
  for (const [id, stop] of Object.entries(stops)) {
    ws.customer(id, { accounts: [['amp', `acct-${id}`]], owner: 'Ana', name: id });
    for (let u = 1; u <= 10; u++) {
      // Users 1–3 every day (champions), the rest every third day; "fading" keeps four users and two
      // features after its stop, "silent" nobody.
      const leaves = (id === 'fading' && u > 4) || id === 'silent';
      const days = all.filter((d, i) => (i + u) % (u <= 3 ? 1 : 3) === 0 && (!leaves || d < stop));
      ws.activity('amp', `acct-${id}`, `${id}-u${u}`, days, 2 + (u % 4));
      for (const [k, f] of FEATURES.entries())
        ws.feature('amp', `acct-${id}`, `${id}-u${u}`, f, k >= 2 ? days.filter((d) => d < stop) : days);
    }
  }
  return ws;
}

function written(ws: TestWorkspace) {
  const q = (sql: string) => ws.store.sqlite.prepare(sql).all();
  return {
    snapshots: q('select * from health_snapshots order by customer_id, day'),
    alerts: q(
      `select customer_id, rule, subject, status, severity, title, evidence_json, opened_on, last_fired_on, condition_cleared
       from alerts order by customer_id, rule, subject, opened_on`,
    ),
    evaluations: q('select * from alert_evaluations order by customer_id'),
  };
}

const longWindows: HealthConfig = {
  ...defaultHealthConfig,
  rules: {
    ...defaultHealthConfig.rules,
    usageDrop: { ...defaultHealthConfig.rules.usageDrop, windowDays: 28, alignToWeeks: true },
    featureAbandoned: { ...defaultHealthConfig.rules.featureAbandoned, windowDays: 45, minPreviousUsers: 1 },
    championInactive: { ...defaultHealthConfig.rules.championInactive, days: 20, referenceDays: 90, minActiveDays: 3 },
    anomaly: { ...defaultHealthConfig.rules.anomaly, baselineWeeks: 12 },
    noActivity: { enabled: true, days: 30 },
  },
};

let bounded: TestWorkspace;
let whole: TestWorkspace;
beforeEach(async () => {
  bounded = await workspace();
  whole = await workspace();
});
afterEach(async () => {
  await bounded.close();
  await whole.close();
});

async function both(config: HealthConfig, now: number, options: RecomputeOptions = {}) {
  const state = { version: 1, updatedAt: null, config };
  const a = await recomputeHealth(bounded.ctx, state, now, options);
  const b = await recomputeHealth(whole.ctx, state, now, { ...options, readWholeHistory: true });
  expect(a).toEqual(b);
  return a;
}

describe('bounded reads', () => {
  it.each([
    ['the default rules', defaultHealthConfig],
    ['rule windows longer than the defaults', longWindows],
  ])('give the same snapshots and alerts as whole-history reads, from scratch and after a sync (%s)', async (_, config) => {
    const first = await both(config, 1);
    expect(first.snapshots).toBe(3 * 90);
    expect(first.alerts.opened).toBeGreaterThan(0);
    expect(written(bounded)).toEqual(written(whole));

    // A sync brings two new days for one user of "steady" and touches them.
    for (const ws of [bounded, whole]) ws.activity('amp', 'acct-steady', 'steady-new', ['2026-04-18', '2026-04-19']);
    const after = await both(config, 2, { fromDay: '2026-04-18' });
    expect(after.snapshots).toBe(3 * 2);
    expect(written(bounded)).toEqual(written(whole));
    const full = await both(config, 3, { full: true });
    expect(full.snapshots).toBe(3 * 90);
    expect(written(bounded)).toEqual(written(whole));
  });

  it('finds the last activity of a customer silent since before the read window (no-activity evidence)', async () => {
    await both(defaultHealthConfig, 1);
    // After a sync the reads start ~65 days before the evaluated day, well after "silent" went quiet.
    await both(defaultHealthConfig, 2, { fromDay: '2026-04-19' });
    expect(written(bounded)).toEqual(written(whole));
    const silent = bounded.store.sqlite
      .prepare(`select evidence_json as evidence from alerts where customer_id = 'silent' and rule = 'noActivity'`)
      .all() as Array<{ evidence: string }>;
    expect(silent.length).toBeGreaterThan(0);
    expect(silent.map((a) => JSON.parse(a.evidence).lastActivityDay)).toContain('2026-01-09');
  });
});
