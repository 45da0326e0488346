import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type AlertSummary, defaultHealthConfig, type HealthConfig } from '../../../src-shared/contract';
import { recomputeHealth } from '../health';
import { createTestWorkspace, daysFrom, type TestWorkspace } from '../health/testWorkspace';
import { AlertStore } from './alertStore';
import type { AlertInputs } from './rule';
import { healthBandWorsenedRule } from './rules/healthBandWorsened';

/**
 * Each rule on a tiny real workspace. Today is Friday 2026-03-20 (UTC); data through 03-19; with the
 * late-data horizon of 2 days, 03-18 and 03-19 are provisional, so alerts evaluate Tuesday 03-17. The
 * usage drop compares the last complete calendar week (Mon 03-09 … Sun 03-15) with the week before.
 */
const HISTORY = { from: '2026-01-01', through: '2026-03-19' };
const FINAL = '2026-03-17';
let ws: TestWorkspace;

beforeEach(async () => {
  ws = await createTestWorkspace({ keyEvents: ['Signed Up'] });
  ws.connection('amp', 'amplitude', HISTORY);
});
afterEach(async () => {
  await ws.close();
});

const users = (n: number, prefix = 'u') => Array.from({ length: n }, (_, i) => `${prefix}${i + 1}`);
const all = daysFrom(HISTORY.from, HISTORY.through);
const upTo = (day: string) => all.filter((d) => d <= day);
const after = (day: string) => all.filter((d) => d > day);

const DROP_AFTER = '2026-03-08';

/** A customer whose `before` users are active daily until Sunday 03-08 and `nowUsers` of them after. */
function customerWithDrop(id: string, before: number, nowUsers: number) {
  ws.customer(id, { accounts: [['amp', `acct-${id}`]] });
  users(before).forEach((u, i) => {
    ws.activity('amp', `acct-${id}`, `${id}-${u}`, i < nowUsers ? all : upTo(DROP_AFTER));
  });
}

const withRule = (patch: Partial<HealthConfig['rules']['usageDrop']>): HealthConfig => ({
  ...defaultHealthConfig,
  rules: { ...defaultHealthConfig.rules, usageDrop: { ...defaultHealthConfig.rules.usageDrop, ...patch } },
});

async function run(config: HealthConfig = defaultHealthConfig): Promise<AlertSummary[]> {
  await recomputeHealth(ws.ctx, { version: 1, updatedAt: null, config }, ws.ctx.clock.now());
  return new AlertStore(ws.store.sqlite).list({ statuses: ['open', 'acknowledged', 'dismissed', 'resolved'], limit: 1000 });
}

const open = (alerts: AlertSummary[], rule: string, customer?: string) =>
  alerts.filter((a) => a.rule === rule && a.status === 'open' && (!customer || a.customer.id === customer));

describe('usage drop', () => {
  it('fires on a drop of more than 20% week over week, with the inputs as evidence', async () => {
    customerWithDrop('a', 10, 7);
    const alerts = open(await run(), 'usageDrop', 'a');
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({ subject: 'account', severity: 'warning', owner: 'Alex CSM', lastFiredOn: FINAL });
    expect(alerts[0]?.evidence).toMatchObject({
      measure: 'activeUsers',
      current: 7,
      previous: 10,
      window: { from: '2026-03-09', to: '2026-03-15' },
      previousWindow: { from: '2026-03-02', to: DROP_AFTER },
    });
    expect(alerts[0]?.evidence.change).toBeCloseTo(-0.3, 10);
    expect(alerts[0]?.title).toBe('Active users down 30% in the week of Mar 9, 2026 vs the week before (10 → 7)');
    // It opened when that week ended (evaluated on Sunday 03-15), not before.
    expect(alerts[0]?.openedOn).toBe('2026-03-15');
  });

  it('with rolling windows, compares the 7 days ending on the evaluated day with the 7 before', async () => {
    customerWithDrop('roll', 10, 7);
    const alerts = open(await run(withRule({ alignToWeeks: false })), 'usageDrop', 'roll');
    expect(alerts[0]?.evidence).toMatchObject({
      current: 7,
      previous: 10,
      window: { from: '2026-03-11', to: FINAL },
      previousWindow: { from: '2026-03-04', to: '2026-03-10' },
    });
    expect(alerts[0]?.title).toBe('Active users down 30% week over week (10 → 7)');
    expect(alerts[0]?.suggestedAction.length).toBeGreaterThan(20);
  });

  it('needs the minimum baseline and more than 20%: 4 → 2 quiet, 5 → 3 fires, 5 → 4 and 10 → 8 (exactly 20%) quiet', async () => {
    customerWithDrop('tiny', 4, 2);
    customerWithDrop('base', 5, 3);
    customerWithDrop('edge', 5, 4);
    customerWithDrop('edge10', 10, 8);
    const alerts = await run();
    expect(open(alerts, 'usageDrop', 'tiny')).toHaveLength(0);
    expect(open(alerts, 'usageDrop', 'base')).toHaveLength(1);
    expect(open(alerts, 'usageDrop', 'edge')).toHaveLength(0);
    expect(open(alerts, 'usageDrop', 'edge10')).toHaveLength(0);
  });

  it('measures events instead of users when configured', async () => {
    ws.customer('ev', { accounts: [['amp', 'acct-ev']] });
    for (const u of users(6)) {
      ws.activity('amp', 'acct-ev', `ev-${u}`, upTo(DROP_AFTER), 10);
      ws.activity('amp', 'acct-ev', `ev-${u}`, after(DROP_AFTER), 5);
    }
    const byEvents = open(await run(withRule({ measure: 'events' })), 'usageDrop', 'ev');
    expect(byEvents).toHaveLength(1);
    expect(byEvents[0]?.evidence).toMatchObject({ measure: 'events', previous: 420, current: 210 });
  });
});

describe('only complete, non-provisional days', () => {
  it('ignores a drop that shows only in the provisional days and today', async () => {
    ws.customer('late', { accounts: [['amp', 'acct-late']] });
    for (const u of users(10)) ws.activity('amp', 'acct-late', `late-${u}`, upTo(FINAL));
    // Nobody active on 03-18, 03-19 (provisional) or 03-20 (today, still running).
    const alerts = await run();
    expect(alerts.filter((a) => a.customer.id === 'late')).toEqual([]);
    // It was evaluated, on the last final day.
    expect(ws.store.sqlite.prepare(`select last_day from alert_evaluations where customer_id = 'late'`).get()).toEqual({
      last_day: FINAL,
    });
  });

  it('activity on provisional days or today does not clear "no activity"; the evaluated day is the last final one', async () => {
    ws.customer('quiet', { accounts: [['amp', 'acct-quiet']] });
    for (const u of users(6)) {
      ws.activity('amp', 'acct-quiet', `q-${u}`, upTo('2026-02-20'));
      ws.activity('amp', 'acct-quiet', `q-${u}`, ['2026-03-19', '2026-03-20']);
    }
    const alerts = open(await run(), 'noActivity', 'quiet');
    expect(alerts).toHaveLength(1);
    expect(alerts[0]?.evidence).toMatchObject({ lastActivityDay: '2026-02-20', quietDays: 25, evaluatedDay: FINAL });
  });

  it('never writes a health snapshot for today; the last two synced days are provisional', async () => {
    customerWithDrop('snap', 8, 8);
    await run();
    const rows = ws.store.sqlite
      .prepare(`select day, provisional from health_snapshots where customer_id = 'snap' order by day desc limit 3`)
      .all();
    expect(rows).toEqual([
      { day: '2026-03-19', provisional: 1 },
      { day: '2026-03-18', provisional: 1 },
      { day: FINAL, provisional: 0 },
    ]);
  });
});

describe('no activity', () => {
  it('fires after the configured days of silence, not before', async () => {
    ws.customer('silent', { accounts: [['amp', 'acct-silent']] });
    ws.customer('short', { accounts: [['amp', 'acct-short']] });
    for (const u of users(5)) {
      ws.activity('amp', 'acct-silent', `s-${u}`, upTo('2026-03-01'));
      ws.activity('amp', 'acct-short', `t-${u}`, upTo('2026-03-08'));
    }
    const alerts = await run();
    expect(open(alerts, 'noActivity', 'silent')[0]).toMatchObject({
      severity: 'critical',
      title: 'No activity for 16 days (last active Mar 1, 2026)',
    });
    expect(open(alerts, 'noActivity', 'short')).toHaveLength(0);
  });
});

describe('champion inactive', () => {
  it('fires when the most active user of the 30 days before has been absent for 30 days', async () => {
    ws.customer('champ', { accounts: [['amp', 'acct-champ']] });
    ws.customer('loyal', { accounts: [['amp', 'acct-loyal']] });
    for (const [id, lastDay] of [
      ['champ', '2026-02-10'],
      ['loyal', HISTORY.through],
    ] as const) {
      ws.activity('amp', `acct-${id}`, `${id}-star`, upTo(lastDay), 20);
      for (const u of users(5))
        ws.activity(
          'amp',
          `acct-${id}`,
          `${id}-${u}`,
          all.filter((_, i) => i % 2 === 0),
        );
    }
    const alerts = await run();
    const fired = open(alerts, 'championInactive', 'champ');
    expect(fired).toHaveLength(1);
    expect(fired[0]).toMatchObject({ subject: 'champ-star' });
    expect(fired[0]?.evidence).toMatchObject({
      referenceWindow: { from: '2026-01-17', to: '2026-02-15' },
      quietWindow: { from: '2026-02-16', to: FINAL },
      lastActiveDay: '2026-02-10',
    });
    expect(open(alerts, 'championInactive', 'loyal')).toHaveLength(0);
  });

  it('stays quiet when the whole account went silent (the no-activity alert says it)', async () => {
    ws.customer('gone', { accounts: [['amp', 'acct-gone']] });
    ws.activity('amp', 'acct-gone', 'gone-star', upTo('2026-02-10'), 20);
    for (const u of users(3))
      ws.activity(
        'amp',
        'acct-gone',
        `gone-${u}`,
        upTo('2026-02-10').filter((_, i) => i % 3 === 0),
      );
    const alerts = await run();
    expect(open(alerts, 'championInactive', 'gone')).toHaveLength(0);
    expect(open(alerts, 'noActivity', 'gone')).toHaveLength(1);
  });
});

describe('key feature abandoned', () => {
  it('fires for a core feature used by ≥ 3 users in the previous 30 days and by nobody since', async () => {
    ws.catalogFeature('amp', 'Report Exported', 'Export Report', true);
    ws.catalogFeature('amp', 'Comment Added', 'Add Comment', true);
    ws.catalogFeature('amp', 'Signed Up', 'Signed Up', true);
    ws.catalogFeature('amp', 'Misc', 'Misc', false);
    ws.customer('feat', { accounts: [['amp', 'acct-feat']] });
    const previous = daysFrom('2026-01-20', '2026-02-14');
    for (const u of users(6)) ws.activity('amp', 'acct-feat', `f-${u}`, all);
    for (const u of users(4)) ws.feature('amp', 'acct-feat', `f-${u}`, 'Report Exported', previous);
    for (const u of users(2)) ws.feature('amp', 'acct-feat', `f-${u}`, 'Comment Added', previous);
    for (const u of users(4)) ws.feature('amp', 'acct-feat', `f-${u}`, 'Signed Up', ['2026-02-01']);
    for (const u of users(5)) ws.feature('amp', 'acct-feat', `f-${u}`, 'Misc', previous);
    const alerts = open(await run(), 'featureAbandoned', 'feat');
    expect(alerts.map((a) => a.subject)).toEqual(['Report Exported']);
    expect(alerts[0]?.evidence).toMatchObject({
      featureName: 'Export Report',
      usersBefore: 4,
      usersNow: 0,
      lastUsedDay: '2026-02-14',
      previousWindow: { from: '2026-01-17', to: '2026-02-15' },
    });
  });
});

describe('guide dismissal pattern', () => {
  it('fires when the account dismisses a guide well above the rate of all accounts', async () => {
    ws.connection('pendo', 'pendo', HISTORY);
    ws.guide('pendo', 'g1', 'Report Builder Tour', ['s1', 's2']);
    ws.guide('pendo', 'g2', 'NPS Survey', ['n1']);
    ws.customer('k', { accounts: [['pendo', 'acct-k']] });
    ws.customer('l', { accounts: [['pendo', 'acct-l']] });
    const day = '2026-03-05';
    const see = (acct: string, prefix: string, n: number, dismiss: number, guide: string, step: string) => {
      for (const [i, u] of users(n, prefix).entries()) {
        ws.guideEvent('pendo', acct, u, guide, step, 'guideSeen', day);
        if (i < dismiss) ws.guideEvent('pendo', acct, u, guide, step, 'guideDismissed', day);
      }
    };
    for (const [acct, prefix] of [
      ['acct-k', 'k'],
      ['acct-l', 'l'],
    ] as const) {
      for (const u of users(20, prefix)) ws.activity('pendo', acct, u, all);
    }
    see('acct-k', 'k', 10, 8, 'g1', 's1'); // 80% here
    see('acct-l', 'l', 20, 4, 'g1', 's1'); // 20% there → 40% over all accounts
    see('acct-k', 'k', 10, 9, 'g2', 'n1'); // 90% here, but 90% everywhere: the guide's problem
    see('acct-l', 'l', 20, 18, 'g2', 'n1');
    const alerts = await run();
    const k = open(alerts, 'guideDismissals', 'k');
    expect(k.map((a) => a.subject)).toEqual(['g1']);
    expect(k[0]?.evidence).toMatchObject({ reach: 10, dismissRate: 0.8, workspaceDismissRate: 0.4 });
    expect(open(alerts, 'guideDismissals', 'l')).toHaveLength(0);
  });
});

describe('health band worsened', () => {
  const inputs = (scores: Record<string, { score: number; band: 'red' | 'yellow' | 'green'; v?: number }>): AlertInputs =>
    ({
      day: '2026-03-17',
      bandCutoffs: { yellow: 50, green: 75 },
      health: (d: string) => {
        const s = scores[d];
        return s ? { score: s.score, band: s.band, configVersion: s.v ?? 1 } : null;
      },
    }) as unknown as AlertInputs;
  const settings = defaultHealthConfig.rules.healthBandWorsened;
  const evaluate = (i: AlertInputs, active = new Map()) =>
    healthBandWorsenedRule.evaluate({ inputs: i, settings, rules: defaultHealthConfig.rules, active });

  it('fires on a worse band than 7 days earlier, not on the same or a better one', () => {
    const fell = evaluate(inputs({ '2026-03-10': { score: 80, band: 'green' }, '2026-03-17': { score: 70, band: 'yellow' } }));
    expect(fell?.[0]).toMatchObject({
      subject: 'account',
      severity: 'warning',
      title: 'Health fell from Healthy to Watch (80 → 70)',
    });
    const toRed = evaluate(inputs({ '2026-03-10': { score: 60, band: 'yellow' }, '2026-03-17': { score: 40, band: 'red' } }));
    expect(toRed?.[0]?.severity).toBe('critical');
    expect(
      evaluate(inputs({ '2026-03-10': { score: 60, band: 'yellow' }, '2026-03-17': { score: 74, band: 'yellow' } })),
    ).toEqual([]);
    expect(
      evaluate(inputs({ '2026-03-10': { score: 80, band: 'green', v: 2 }, '2026-03-17': { score: 70, band: 'yellow' } })),
    ).toEqual([]);
    expect(evaluate(inputs({ '2026-03-17': { score: 70, band: 'yellow' } }))).toBeNull();
  });

  it('stays open until the score is back in the earlier band by the recovery margin', () => {
    const active = new Map([
      [
        'account',
        {
          subject: 'account',
          openedOn: '2026-03-01',
          evidence: {
            fromBand: 'green',
            fromScore: 80,
            fromDay: '2026-02-22',
            toBand: 'yellow',
            toScore: 70,
            toDay: '2026-03-01',
          },
        },
      ],
    ]);
    const stillYellow = evaluate(
      inputs({ '2026-03-17': { score: 72, band: 'yellow' }, '2026-03-10': { score: 72, band: 'yellow' } }),
      active,
    );
    expect(stillYellow?.[0]?.evidence).toMatchObject({ fromBand: 'green', toBand: 'yellow', toScore: 72 });
    // An alert opened under the old wording ("green to yellow") is refreshed with the UI's band names.
    expect(stillYellow?.[0]?.title).toBe('Health fell from Healthy to Watch (80 → 72)');
    const justBack = evaluate(inputs({ '2026-03-17': { score: 76, band: 'green' } }), active);
    expect(justBack?.[0]?.evidence).toMatchObject({ fromBand: 'green', toBand: 'yellow', toScore: 70 });
    expect(evaluate(inputs({ '2026-03-17': { score: 77, band: 'green' } }), active)).toEqual([]);
  });
});
