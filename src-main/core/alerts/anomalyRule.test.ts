import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type AlertSummary, defaultHealthConfig, type HealthConfig } from '../../../src-shared/contract';
import { anomalyReport, recomputeHealth } from '../health';
import { createTestWorkspace, daysFrom, type TestWorkspace } from '../health/testWorkspace';
import { AlertStore } from './alertStore';

/**
 * The anomaly rule on a tiny real workspace. Today is Friday 2026-03-20 (UTC), data through 03-19, the
 * last two synced days provisional: alerts evaluate Tuesday 03-17, never the provisional days or today.
 */
const HISTORY = { from: '2026-01-01', through: '2026-03-19' };
const FINAL = '2026-03-17';
let ws: TestWorkspace;

beforeEach(async () => {
  ws = await createTestWorkspace();
  ws.connection('amp', 'amplitude', HISTORY);
});
afterEach(async () => {
  await ws.close();
});

const weekdays = (from: string, to: string) =>
  daysFrom(from, to).filter((d) => ![0, 6].includes(new Date(`${d}T12:00:00Z`).getUTCDay()));

/** `size` users active every weekday; from `dropFrom` on, only `after` of them. */
function customer(id: string, size: number, after: number, dropFrom: string, connection = 'amp', from = HISTORY.from) {
  ws.customer(id, { accounts: [[connection, `acct-${id}`]] });
  for (let i = 0; i < size; i++) {
    const days = weekdays(from, HISTORY.through).filter((d) => i < after || d < dropFrom);
    ws.activity(connection, `acct-${id}`, `${id}-u${i}`, days);
  }
}

async function run(config: HealthConfig = defaultHealthConfig): Promise<AlertSummary[]> {
  await recomputeHealth(ws.ctx, { version: 1, updatedAt: null, config }, ws.ctx.clock.now());
  return new AlertStore(ws.store.sqlite)
    .list({ statuses: ['open', 'acknowledged', 'dismissed', 'resolved'], limit: 1000 })
    .filter((a) => a.rule === 'anomaly');
}

describe('anomaly rule', () => {
  it('fires per metric on a drop confirmed on two judged days, with expected range and observed value as evidence', async () => {
    customer('a', 20, 8, '2026-03-16');
    const alerts = (await run()).filter((a) => a.customer.id === 'a');
    expect(alerts.map((a) => a.subject).sort()).toEqual(['activeUsers', 'events', 'minutes', 'sessions']);
    const dau = alerts.find((a) => a.subject === 'activeUsers');
    expect(dau).toMatchObject({ status: 'open', severity: 'critical', openedOn: FINAL, lastFiredOn: FINAL });
    expect(dau?.title).toBe('Daily active users unusually low: 8 on Tuesday, Mar 17, 2026 (expected 15–25)');
    expect(dau?.evidence).toMatchObject({
      metric: 'activeUsers',
      direction: 'drop',
      day: FINAL,
      observed: 8,
      expected: { low: 15, median: 20, high: 25 },
      baselineWeeks: 8,
      sensitivity: 'medium',
    });
    const baseline = dau?.evidence.baselineDays as Array<{ day: string; value: number }>;
    expect(baseline.map((b) => b.day)).toEqual([
      '2026-03-10',
      '2026-03-03',
      '2026-02-24',
      '2026-02-17',
      '2026-02-10',
      '2026-02-03',
      '2026-01-27',
      '2026-01-20',
    ]);
    expect(dau?.suggestedAction).toMatch(/usual Tuesday/);
  });

  it('never judges the incomplete current day or the provisional days', async () => {
    customer('late', 20, 2, '2026-03-18');
    expect((await run()).filter((a) => a.customer.id === 'late')).toEqual([]);
    const report = anomalyReport(ws.ctx, defaultHealthConfig, 'late');
    expect(report.rows[0]?.day).toBe(FINAL);
    expect(report.rows[0]?.metrics.every((m) => m.check.status === 'normal' && m.firing === null)).toBe(true);
  });

  it('stays quiet without enough same-weekday history', async () => {
    ws.connection('young', 'amplitude', { from: '2026-02-20', through: HISTORY.through });
    customer('y', 20, 8, '2026-03-16', 'young', '2026-02-20');
    expect(await run()).toEqual([]);
    const row = anomalyReport(ws.ctx, defaultHealthConfig, 'y').rows[0];
    expect(row?.metrics[0]?.check).toMatchObject({ status: 'not-enough-history', observed: 8 });
    expect(row?.metrics[0]?.check.baseline).toHaveLength(3);
  });

  it('sensitivity and the rule switch come from the health configuration', async () => {
    customer('m', 20, 13, '2026-03-16');
    const rule = (patch: Partial<HealthConfig['rules']['anomaly']>): HealthConfig => ({
      ...defaultHealthConfig,
      rules: { ...defaultHealthConfig.rules, anomaly: { ...defaultHealthConfig.rules.anomaly, ...patch } },
    });
    // 20 → 13 is −35%: outside the medium range (15–25), inside the low one (12–28).
    expect(await run(rule({ sensitivity: 'low' }))).toEqual([]);
    expect((await run(rule({ sensitivity: 'medium' }))).map((a) => a.severity)).toContain('warning');
    const off = await run(rule({ enabled: false }));
    expect(off.every((a) => a.status === 'resolved')).toBe(true);
  });
});

describe('anomaly report', () => {
  it('lists every customer with per-metric checks and the active alerts', async () => {
    customer('a', 20, 8, '2026-03-16');
    customer('s', 20, 20, '2026-03-16');
    ws.customer('none');
    await run();
    const report = anomalyReport(ws.ctx, defaultHealthConfig, null);
    expect(report).toMatchObject({ enabled: true, sensitivity: 'medium', baselineWeeks: 8, minBaselineWeeks: 4 });
    const byId = new Map(report.rows.map((r) => [r.customer.id, r]));
    expect(byId.get('none')).toMatchObject({ day: null, unavailable: 'no-linked-source', metrics: [] });
    expect(byId.get('a')?.activeAlerts).toBe(4);
    expect(byId.get('a')?.metrics.map((m) => m.firing)).toEqual(['drop', 'drop', 'drop', 'drop']);
    expect(byId.get('s')?.metrics.map((m) => [m.metric, m.check.status, m.check.observed])).toEqual([
      ['activeUsers', 'normal', 20],
      ['events', 'normal', 60],
      ['sessions', 'normal', 20],
      ['minutes', 'normal', 100],
    ]);
  });
});
