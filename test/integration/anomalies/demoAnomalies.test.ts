import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type DemoCustomer,
  demoCustomersCsv,
  generatePortfolio,
  type RunningSandboxes,
  type Story,
  startSandboxes,
} from '../../../src-main/core/demo';
import { ALERT_REPLAY_DAYS } from '../../../src-main/core/health';
import type { AlertSummary, AnomalyReport } from '../../../src-shared/contract';
import { runPulse } from '../../support/cliRun';
import { sandboxConnections, startTestCore } from '../../support/coreHarness';

/**
 * Anomaly alerts end to end on the demo portfolio: three sandboxes synced by the real core into a real
 * database; the sync's afterSync hook replays the last ALERT_REPLAY_DAYS days of alerts. The stories are
 * the ground truth: churning accounts must raise anomaly alerts, steady ones must stay (almost) quiet.
 */
const DAYS = 84;
const SEED = 11;
const ACCOUNTS = 30;
let sb: RunningSandboxes;
let core: Awaited<ReturnType<typeof startTestCore>>;

beforeAll(async () => {
  const now = Date.now();
  const portfolio = generatePortfolio({ seed: SEED, accounts: ACCOUNTS, days: DAYS, now, minUsers: 8, maxUsers: 60 });
  sb = await startSandboxes({
    portfolio,
    clock: { now: () => now },
    mixpanelQueryLimitPerHour: 100_000,
    mixpanelExportLimitPerSecond: 1_000_000,
  });
  core = await startTestCore();
  await core.client.call('settings.update', { patch: { timezone: 'UTC', backfillDays: DAYS + 1, lookbackDays: 2 } });
  await core.client.call('customers.import', { csv: demoCustomersCsv(portfolio) });
  for (const input of sandboxConnections(sb)) await core.client.call('connections.create', input);
  const runs = await core.client.call('sync.run', { connection: null, full: false });
  expect(runs.map((r) => r.outcome)).toEqual(['succeeded', 'succeeded', 'succeeded']);
}, 900_000);
afterAll(async () => {
  await core?.close();
  await sb?.close();
});

const demoOf = (name: string): DemoCustomer => {
  const c = sb.portfolio.customers.find((x) => x.name === name);
  if (!c) throw new Error(`not a demo customer: ${name}`);
  return c;
};
const stories: Story[] = ['growing', 'steady', 'declining', 'churning'];

describe('anomaly alerts on the synced demo portfolio', () => {
  it('fire on the accounts whose usage drops and stay quiet on steady ones', async () => {
    const alerts: AlertSummary[] = (
      await core.client.call('alerts.list', {
        status: ['open', 'acknowledged', 'dismissed', 'resolved'],
        rule: 'anomaly',
        limit: 5000,
      })
    ).filter((a) => a.rule === 'anomaly');
    const total = (story: Story) => sb.portfolio.customers.filter((c) => c.story === story).length;
    const ofStory = (story: Story) => alerts.filter((a) => demoOf(a.customer.name).story === story);
    const customersWith = (story: Story) => new Set(ofStory(story).map((a) => a.customer.id)).size;
    const table = stories.map((s) => `${s.padEnd(9)} customers ${customersWith(s)}/${total(s)}  alerts ${ofStory(s).length}`);
    const steadyMonths = (total('steady') * ALERT_REPLAY_DAYS) / 30;
    const falseAlarmRate = ofStory('steady').length / steadyMonths;
    console.log(
      `anomaly alerts (any status) over the ${ALERT_REPLAY_DAYS} replayed days:\n${table.join('\n')}\n` +
        `false alarms: ${ofStory('steady').length} on ${total('steady')} steady accounts = ${falseAlarmRate.toFixed(2)} per steady account-month\n` +
        alerts
          .map((a) => `  ${demoOf(a.customer.name).story.padEnd(9)} ${a.status.padEnd(8)} ${a.customer.name}: ${a.title}`)
          .join('\n'),
    );

    // Accounts that churned: a demo churner loses most of its people one by one over the months before
    // (demo/portfolio/events.ts personLeaveDay), a slide each week's baseline follows, and by the last
    // day few people are left; weekdays under 3 usual daily users are not judged ("no activity" and the
    // usage-drop rule cover those). The ones that still had a team when they stopped must fire, and
    // drop stories as a whole must stand out from steady and growing ones, which stay quiet.
    const churned = sb.portfolio.customers.filter((c) => c.churnDate !== null);
    const churnedFired = churned.filter((c) => alerts.some((a) => a.customer.name === c.name));
    expect(churned.length).toBeGreaterThanOrEqual(4);
    expect(churnedFired.length).toBeGreaterThanOrEqual(2);
    expect(customersWith('churning') + customersWith('declining')).toBeGreaterThanOrEqual(6);
    // Steady and growing accounts stay (almost) quiet: at most one false alarm in six weeks.
    expect(ofStory('steady').length).toBeLessThanOrEqual(1);
    expect(falseAlarmRate).toBeLessThan(0.25);
    expect(customersWith('growing')).toBeLessThanOrEqual(1);
    // Every alert carries its evidence: observed value below the expected range of the same weekday.
    for (const a of alerts) {
      const e = a.evidence as {
        observed: number;
        expected: { low: number; median: number; high: number };
        baselineDays: unknown[];
      };
      expect(e.observed).toBeLessThan(e.expected.low);
      expect(e.baselineDays.length).toBeGreaterThanOrEqual(4);
      expect(a.subject).toMatch(/^(activeUsers|events|sessions|minutes)$/);
    }
  });

  it('anomalies.list and `pulse anomalies` show each metric against its expected range', async () => {
    const report: AnomalyReport = await core.client.call('anomalies.list', {});
    expect(report.rows).toHaveLength(ACCOUNTS);
    const yesterday = new Date(sb.portfolio.now - 86_400_000).toISOString().slice(0, 10);
    for (const row of report.rows) {
      expect(row.day !== null && row.day < yesterday).toBe(true);
      expect(row.metrics.length).toBeGreaterThanOrEqual(3);
    }
    const open = await core.client.call('alerts.list', { rule: 'anomaly' });
    const withOpen = new Set(open.map((a) => a.customer.id));
    expect(
      report.rows
        .filter((r) => r.activeAlerts > 0)
        .map((r) => r.customer.id)
        .sort(),
    ).toEqual([...withOpen].sort());

    const json = await runPulse(core.dataDir, ['anomalies', '--json']);
    expect(json.code).toBe(0);
    expect((JSON.parse(json.out) as AnomalyReport).rows).toHaveLength(ACCOUNTS);
    const steady = sb.portfolio.customers.find((c) => c.story === 'steady' && c.primaryCount >= 20) ?? sb.portfolio.customers[0];
    const one = await runPulse(core.dataDir, ['anomalies', steady?.name ?? '']);
    expect(one.code).toBe(0);
    expect(one.out).toContain(steady?.name);
    expect(one.out).toMatch(/Daily active users +\d+(\.\d)? +expected \d/);
    const unknown = await runPulse(core.dataDir, ['anomalies', 'No Such Customer Inc']);
    expect(unknown.code).not.toBe(0);
    expect(unknown.err).toMatch(/No Such Customer Inc/);
  });
});
