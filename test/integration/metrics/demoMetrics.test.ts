import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FUNNEL_STEPS, groundTruth, type RunningSandboxes, startSandboxes } from '../../../src-main/core/demo';
import type { AccountMetrics, ConnectionSummary, FunnelResult, PortfolioMetrics } from '../../../src-shared/contract';
import { runPulse } from '../../support/cliRun';
import { sandboxConnections, startTestCore } from '../../support/coreHarness';

/**
 * The metrics engine on synced demo data: three sandboxes → real core → real database, then metrics
 * through the contract and the CLI, checked against the demo portfolio's ground truth.
 */
const DAYS = 20;
let sb: RunningSandboxes;
let core: Awaited<ReturnType<typeof startTestCore>>;
let connections: ConnectionSummary[];

beforeAll(async () => {
  const now = Date.now();
  sb = await startSandboxes({
    seed: 11,
    accounts: 8,
    days: DAYS,
    clock: { now: () => now },
    mixpanelQueryLimitPerHour: 100_000,
    mixpanelExportLimitPerSecond: 1_000_000,
  });
  core = await startTestCore();
  await core.client.call('settings.update', {
    patch: { timezone: 'UTC', backfillDays: DAYS + 1, lookbackDays: 2, keyEvents: [...FUNNEL_STEPS] },
  });
  connections = [];
  for (const input of sandboxConnections(sb)) connections.push(await core.client.call('connections.create', input));
  const runs = await core.client.call('sync.run', { connection: null, full: false });
  expect(runs.every((r) => r.outcome === 'succeeded')).toBe(true);
});
afterAll(async () => {
  await core?.close();
  await sb?.close();
});

const amplitudeId = () => (connections.find((c) => c.vendor === 'amplitude') as ConnectionSummary).id;
const today = () => new Date(sb.portfolio.now).toISOString().slice(0, 10);

describe('metrics on the synced demo portfolio', () => {
  it('DAU per customer-day on Amplitude equals the ground truth active users', async () => {
    const truth = groundTruth(sb.portfolio, { vendor: 'amplitude' });
    const byAccountDay = new Map(truth.activeUsers.map((r) => [`${r.accountId}|${r.day}`, r.users]));
    const customers = sb.portfolio.customers.filter((c) => c.vendorIds.amplitude);
    expect(customers.length).toBeGreaterThan(0);
    let compared = 0;
    for (const c of customers) {
      const m: AccountMetrics = await core.client.call('metrics.account', {
        customer: c.name,
        connection: amplitudeId(),
        range: { from: truth.fromDay, to: today() },
      });
      expect(m.source?.vendor).toBe('amplitude');
      const firstSynced = m.series.find((p) => p.dau > 0)?.day ?? today();
      for (const p of m.series) {
        if (p.incomplete || p.day < firstSynced) continue;
        expect([c.name, p.day, p.dau]).toEqual([c.name, p.day, byAccountDay.get(`${c.vendorIds.amplitude}|${p.day}`) ?? 0]);
        compared++;
      }
      expect(m.series.at(-1)?.incomplete).toBe(true);
      expect(m.header?.sessions.unavailable).toBeNull();
    }
    expect(compared).toBeGreaterThan(DAYS);
  });

  it('feature events in the window equal the ground truth per account', async () => {
    const c = sb.portfolio.customers.find((x) => x.vendorIds.amplitude) as (typeof sb.portfolio.customers)[number];
    const f = await core.client.call('metrics.features', { customer: c.name, connection: amplitudeId(), days: 7 });
    const truth = groundTruth(sb.portfolio, { vendor: 'amplitude', fromDay: f.window.from, toDay: f.window.to });
    const expected = new Map<string, number>();
    for (const r of truth.features)
      if (r.accountId === c.vendorIds.amplitude) expected.set(r.feature, (expected.get(r.feature) ?? 0) + r.events);
    for (const [feature, events] of expected)
      expect([feature, f.features.find((x) => x.id === feature)?.events]).toEqual([feature, events]);
    for (const x of f.features) expect(x.adoption === null || (x.adoption >= 0 && x.adoption <= 1)).toBe(true);
  });

  it('single-step funnels count the people reaching each onboarding step (Amplitude)', async () => {
    const truth = groundTruth(sb.portfolio, { vendor: 'amplitude' });
    const customers = sb.portfolio.customers.filter((c) => c.vendorIds.amplitude);
    for (const step of FUNNEL_STEPS) {
      let people = 0;
      for (const c of customers) {
        const f: FunnelResult = await core.client.call('metrics.funnel', {
          customer: c.name,
          connection: amplitudeId(),
          steps: [step],
          range: { from: truth.fromDay, to: today() },
          benchmark: false,
        });
        people += f.steps[0]?.count ?? 0;
      }
      expect([step, people]).toEqual([step, truth.funnel.find((s) => s.step === step)?.events]);
    }
  });

  it('the portfolio list has a row per customer with its primary source', async () => {
    const p: PortfolioMetrics = await core.client.call('metrics.portfolio', {});
    const linked = sb.portfolio.customers.filter((c) => Object.keys(c.vendorIds).length > 0);
    expect(p.rows.length).toBe(linked.length);
    for (const row of p.rows) {
      expect(row.connectionId).not.toBeNull();
      if (row.dauMau !== null) expect(row.dauMau).toBeGreaterThan(0);
    }
    const withEventLevel = linked.find((c) => c.vendorIds.amplitude || c.vendorIds.mixpanel);
    const row = p.rows.find((r) => r.name === withEventLevel?.name);
    if (row && row.events30d > 0) expect(row.vendor).not.toBe('pendo');
  });

  it('the CLI answers metrics, retention, funnel and features on the demo data', async () => {
    const name = (sb.portfolio.customers.find((c) => c.vendorIds.amplitude) as { name: string }).name;
    const run = (args: string[]) => runPulse(core.dataDir, args);
    const metrics = await run(['metrics', name.toUpperCase(), '--json']);
    expect(metrics.err).toBe('');
    expect(metrics.code).toBe(0);
    expect((JSON.parse(metrics.out) as AccountMetrics).customer.name).toBe(name);
    const retention = await run(['retention', name, '--period', 'day', '--cohort', 'any', '--json']);
    expect(retention.code).toBe(0);
    expect(JSON.parse(retention.out)).toMatchObject({ period: 'day', cohortMode: 'any', criterion: 'on' });
    const funnel = await run(['funnel', name, '--steps', FUNNEL_STEPS.slice(0, 3).join(','), '--window', '14d', '--json']);
    expect(funnel.code).toBe(0);
    expect((JSON.parse(funnel.out) as FunnelResult).steps.map((s) => s.step)).toEqual(FUNNEL_STEPS.slice(0, 3));
    const features = await run(['features', name]);
    expect(features.code).toBe(0);
    expect(features.out).toMatch(/active users/);
    const text = await run(['metrics', name]);
    expect(text.out).toMatch(/DAU \d+ {2}WAU \d+ {2}MAU \d+/);
    const unknown = await run(['metrics', 'no such customer at all']);
    expect(unknown.code).toBe(1);
    expect(unknown.err).toMatch(/No customer matches/);
  });
});
