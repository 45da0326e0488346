import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type DemoCustomer,
  demoCustomersCsv,
  generatePortfolio,
  type RunningSandboxes,
  type Story,
  startSandboxes,
} from '../../../src-main/core/demo';
import type { AlertSummary, CustomerHealth, PortfolioHealth } from '../../../src-shared/contract';
import { runPulse } from '../../support/cliRun';
import { sandboxConnections, startTestCore } from '../../support/coreHarness';

/**
 * Health scores and alerts end to end: the demo portfolio's three sandboxes synced by the real core
 * into a real database (the sync's afterSync hook back-fills the health history and replays the
 * alerts), then read through the contract and the CLI. The demo customers' stories are the ground
 * truth: churning and declining accounts must score lower than growing and steady ones, and usage-drop
 * alerts must find the accounts whose usage drops while leaving most steady ones alone.
 */
const DAYS = 70;
const SEED = 7;
let sb: RunningSandboxes;
let core: Awaited<ReturnType<typeof startTestCore>>;
let syncMs = 0;

beforeAll(async () => {
  const now = Date.now();
  const portfolio = generatePortfolio({ seed: SEED, accounts: 18, days: DAYS, now, minUsers: 8, maxUsers: 40 });
  sb = await startSandboxes({
    portfolio,
    clock: { now: () => now },
    mixpanelQueryLimitPerHour: 100_000,
    mixpanelExportLimitPerSecond: 1_000_000,
  });
  core = await startTestCore();
  await core.client.call('settings.update', { patch: { timezone: 'UTC', backfillDays: DAYS + 1, lookbackDays: 2 } });
  // The CSM's CRM list first, as `pulse demo` does: customers arrive with their owners.
  await core.client.call('customers.import', { csv: demoCustomersCsv(portfolio) });
  for (const input of sandboxConnections(sb)) await core.client.call('connections.create', input);
  const started = Date.now();
  const runs = await core.client.call('sync.run', { connection: null, full: false });
  syncMs = Date.now() - started;
  expect(runs.map((r) => [r.outcome, r.errorMessage])).toEqual([
    ['succeeded', null],
    ['succeeded', null],
    ['succeeded', null],
  ]);
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
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
const yesterday = () => new Date(sb.portfolio.now - 86_400_000).toISOString().slice(0, 10);

const cli = (args: string[]) => runPulse(core.dataDir, args);

describe('health on the synced demo portfolio', () => {
  it('scores churning and declining accounts lower than growing and steady ones', async () => {
    const p: PortfolioHealth = await core.client.call('health.portfolio', {});
    const byStory = new Map<Story, number[]>();
    const lines: string[] = [];
    for (const row of p.rows) {
      const demo = demoOf(row.customer.name);
      lines.push(
        `${demo.story.padEnd(9)} ${String(demo.primaryCount).padStart(3)} users ${(demo.churnDate ?? '').padEnd(10)} ${(row.score === null ? 'n/a' : row.score.toFixed(1)).padStart(5)} ${(row.band ?? '-').padEnd(6)} Δ7 ${row.trend.delta7?.toFixed(1) ?? '—'} alerts ${row.openAlerts}  ${row.customer.name}`,
      );
      if (row.score !== null) byStory.set(demo.story, [...(byStory.get(demo.story) ?? []), row.score]);
    }
    const summary = [...byStory].map(([story, scores]) => `${story} ${mean(scores).toFixed(1)} (n=${scores.length})`).join(', ');
    console.log(`sync + health back-fill ${Math.round(syncMs / 1000)} s\n${lines.join('\n')}\nmean score by story: ${summary}`);

    // Every customer with synced data has today's history; most are scored.
    expect(p.rows.length).toBe(sb.portfolio.customers.length);
    expect(p.rows.every((r) => r.day !== null && r.day <= yesterday())).toBe(true);
    expect(p.rows.every((r) => r.customer.owner === demoOf(r.customer.name).owner)).toBe(true);
    expect(p.rows.filter((r) => r.score !== null).length).toBeGreaterThanOrEqual(p.rows.length - 2);
    const healthy = [...(byStory.get('growing') ?? []), ...(byStory.get('steady') ?? [])];
    const atRisk = [...(byStory.get('declining') ?? []), ...(byStory.get('churning') ?? [])];
    expect(healthy.length).toBeGreaterThanOrEqual(5);
    expect(atRisk.length).toBeGreaterThanOrEqual(5);
    expect(mean(atRisk)).toBeLessThan(mean(healthy) - 15);
    expect(mean(byStory.get('churning') ?? [])).toBeLessThan(mean(byStory.get('steady') ?? []));
    // Sparklines and Δ7 are there at once, from the back-filled history.
    expect(p.rows.every((r) => r.sparkline.length === 12)).toBe(true);
    expect(p.rows.filter((r) => r.trend.delta7 !== null).length).toBeGreaterThanOrEqual(p.rows.length - 2);
  });

  it('explains a score: components with raw inputs and points, what changed, headline, history', async () => {
    const p: PortfolioHealth = await core.client.call('health.portfolio', {});
    const worst = [...p.rows].filter((r) => r.score !== null).sort((a, b) => (a.score ?? 0) - (b.score ?? 0))[0];
    const h: CustomerHealth = await core.client.call('health.get', { customer: worst?.customer.name ?? '' });
    expect(h.snapshot?.components.map((c) => c.id)).toEqual(['engagement', 'adoption', 'retention', 'trajectory', 'guides']);
    const scored = h.snapshot?.components.filter((c) => c.points !== null && c.weight > 0) ?? [];
    expect(scored.reduce((s, c) => s + (c.points ?? 0), 0)).toBeCloseTo(h.snapshot?.score ?? Number.NaN, 6);
    expect(h.history.length).toBeGreaterThan(30);
    expect(h.headline).toMatch(/\w/);
    console.log(`${h.customer.name}: ${h.headline}\n  ${h.whatChanged.map((c) => c.text).join('\n  ')}`);
  });

  it('reads feature breadth exactly as the metrics engine defines it (the health series agrees with featureAdoption)', async () => {
    const p: PortfolioHealth = await core.client.call('health.portfolio', {});
    let compared = 0;
    for (const row of p.rows) {
      const h: CustomerHealth = await core.client.call('health.get', { customer: row.customer.id });
      if (h.snapshot?.day !== yesterday()) continue;
      const adoption = h.snapshot.components.find((c) => c.id === 'adoption');
      const f = await core.client.call('metrics.features', { customer: row.customer.id, days: 30 });
      expect([row.customer.name, adoption?.raw]).toEqual([row.customer.name, f.activeUsers === 0 ? null : f.breadth]);
      compared++;
    }
    expect(compared).toBeGreaterThan(5);
  });
});

describe('alerts on the synced demo portfolio', () => {
  it('usage-drop alerts find the accounts whose usage drops and leave most steady ones alone', async () => {
    const alerts: AlertSummary[] = await core.client.call('alerts.list', {
      status: ['open', 'acknowledged', 'dismissed', 'resolved'],
    });
    const customersWith = (rule: string, story: Story) =>
      new Set(alerts.filter((a) => a.rule === rule && demoOf(a.customer.name).story === story).map((a) => a.customer.id)).size;
    const stories: Story[] = ['growing', 'steady', 'declining', 'churning'];
    const total = (story: Story) => sb.portfolio.customers.filter((c) => c.story === story).length;
    const table = [
      'usageDrop',
      'noActivity',
      'championInactive',
      'featureAbandoned',
      'guideDismissals',
      'healthBandWorsened',
    ].map((rule) => `${rule.padEnd(19)} ${stories.map((s) => `${s} ${customersWith(rule, s)}/${total(s)}`).join('  ')}`);
    console.log(`customers with alerts (any status) over the replayed weeks:\n${table.join('\n')}`);

    const churned = sb.portfolio.customers.filter((c) => c.churnDate !== null);
    const dropped = (story: Story) => customersWith('usageDrop', story);
    // A churned demo account loses its people one by one over months, then goes silent
    // (demo/portfolio/events.ts personLeaveDay): each one is flagged, by a week-over-week drop of its
    // active users or by the silence; the slides of declining and saved accounts show as drops too.
    const flagged = (name: string) =>
      alerts.some((a) => a.customer.name === name && ['usageDrop', 'noActivity'].includes(a.rule));
    expect(churned.length).toBeGreaterThanOrEqual(2);
    expect(churned.filter((c) => !flagged(c.name)).map((c) => c.name)).toEqual([]);
    expect(dropped('churning') + dropped('declining')).toBeGreaterThanOrEqual(1);
    expect(dropped('steady')).toBeLessThan(total('steady') / 2);
    // A churned account is also silent, and the silence is an open alert.
    const silent = alerts.filter((a) => a.rule === 'noActivity' && a.status === 'open').map((a) => demoOf(a.customer.name));
    expect(silent.length).toBeGreaterThanOrEqual(1);
    expect(silent.every((c) => c.story === 'churning')).toBe(true);
  });

  it('fires only on complete, non-provisional days, once per customer, rule and subject while active', async () => {
    const alerts: AlertSummary[] = await core.client.call('alerts.list', {
      status: ['open', 'acknowledged', 'dismissed', 'resolved'],
    });
    // lookbackDays 2: yesterday and today are never final (today is still running; Amplitude's data
    // through today makes yesterday provisional), so the newest evaluated day is two days ago.
    const latestFinal = new Date(sb.portfolio.now - 2 * 86_400_000).toISOString().slice(0, 10);
    expect(alerts.length).toBeGreaterThan(0);
    expect(alerts.every((a) => a.lastFiredOn <= latestFinal && a.openedOn <= a.lastFiredOn)).toBe(true);
    const active = alerts
      .filter((a) => a.status === 'open' || a.status === 'acknowledged')
      .map((a) => `${a.customer.id}|${a.rule}|${a.subject}`);
    expect(new Set(active).size).toBe(active.length);
    expect(
      alerts.every(
        (a) => a.owner === demoOf(a.customer.name).owner && a.suggestedAction.length > 0 && Object.keys(a.evidence).length > 0,
      ),
    ).toBe(true);

    // Recomputing the same data changes nothing: no duplicates, no flapping.
    const before = (await core.client.call('alerts.list', { status: ['open', 'acknowledged'] })).map((a) => a.id).sort();
    await core.client.call('health.recompute', {});
    const after = (await core.client.call('alerts.list', { status: ['open', 'acknowledged'] })).map((a) => a.id).sort();
    expect(after).toEqual(before);
  });

  it('moves an alert through its lifecycle over the contract and tells the UI', async () => {
    const [alert] = await core.client.call('alerts.list', { status: ['open'] });
    expect(alert).toBeDefined();
    const changed = new Promise<string[]>((resolve) => core.client.on('data.changed', (e) => resolve(e.scopes)));
    const acked = await core.client.call('alerts.update', { id: alert?.id ?? 0, action: 'acknowledge' });
    expect(acked.status).toBe('acknowledged');
    expect(await changed).toContain('alerts');
    const dismissed = await core.client.call('alerts.update', { id: alert?.id ?? 0, action: 'dismiss', note: 'known: seasonal' });
    expect(dismissed).toMatchObject({ status: 'dismissed', closedBy: 'user', note: 'known: seasonal' });
    await expect(core.client.call('alerts.update', { id: alert?.id ?? 0, action: 'acknowledge' })).rejects.toMatchObject({
      code: 'CONFLICT',
    });
  });
});

describe('configuration and the CLI', () => {
  it('previews and saves a configuration; the history is recomputed under the new version', async () => {
    const current = await core.client.call('health.config.get', {});
    const strict = { ...current.config, bands: { yellow: 70, green: 90 } };
    const preview = await core.client.call('health.preview', { config: strict });
    expect(preview.rows.length).toBeGreaterThan(0);
    expect(preview.proposed.green).toBeLessThanOrEqual(preview.current.green);
    const saved = await core.client.call('health.config.set', { config: strict, expectedVersion: current.version });
    expect(saved.version).toBe(current.version + 1);
    const p = await core.client.call('health.portfolio', {});
    expect(p.configVersion).toBe(saved.version);
    expect(p.summary.green.customers).toBe(preview.proposed.green);
    await expect(
      core.client.call('health.config.set', { config: strict, expectedVersion: current.version }),
    ).rejects.toMatchObject({
      code: 'CONFLICT',
    });
    await expect(
      core.client.call('health.config.set', { config: { ...strict, bands: { yellow: 80, green: 60 } }, expectedVersion: null }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });

  it('answers pulse health, alerts and config on that data', async () => {
    const portfolio = await cli(['health', '--json']);
    expect([portfolio.code, portfolio.err]).toEqual([0, '']);
    const p = JSON.parse(portfolio.out) as PortfolioHealth;
    expect(p.rows.length).toBeGreaterThan(10);

    const name = p.rows.find((r) => r.score !== null)?.customer.name ?? '';
    const one = await cli(['health', name.toLowerCase()]);
    expect(one.code).toBe(0);
    expect(one.out).toContain(name);
    expect(one.out).toMatch(/Health \d+ (red|yellow|green)/);
    expect(one.out).toContain('DAU/MAU');
    const table = await cli(['health']);
    expect(table.out).toContain('Bands: red');

    const owner = demoOf(name).owner;
    const mine = await cli(['alerts', '--owner', owner, '--status', 'all', '--json']);
    expect(mine.code).toBe(0);
    const list = JSON.parse(mine.out) as AlertSummary[];
    expect(list.every((a) => a.owner === owner)).toBe(true);
    const everyone = JSON.parse((await cli(['alerts', '--status', 'all', '--json'])).out) as AlertSummary[];
    expect(list.length).toBe(everyone.filter((a) => a.owner === owner).length);
    const text = await cli(['alerts']);
    expect(text.code).toBe(0);
    expect(text.out).toMatch(/#\d+ (OPEN|ACKNOWLEDGED)|No open or acknowledged alerts/);

    expect((await cli(['config', 'get', 'timezone'])).out).toBe('UTC\n');
    expect((await cli(['config', 'set', 'week-start', 'sunday'])).out).toBe('week-start = "sunday"\n');
    expect((await cli(['config', 'get', 'weekStart'])).out).toBe('sunday\n');
    const set = await cli(['config', 'set', 'weights.engagement', '35']);
    expect([set.code, set.out]).toEqual([0, 'weights.engagement = 35\n']);
    expect((await cli(['config', 'get', 'weights', '--json'])).out).toContain('"engagement":35');
    const rule = await cli(['config', 'set', 'rules.usage-drop.min-drop', '0.3']);
    expect(rule.out).toBe('rules.usage-drop.min-drop = 0.3\n');
    const bad = await cli(['config', 'set', 'thresholds.engagement.good', '0.01']);
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(/good must be greater than bad/);
    expect((await cli(['config', 'set', 'nonsense', '1'])).code).toBe(2);
    const all = await cli(['config', 'get']);
    expect(all.out).toContain('rules.noActivity.days = 14');
  }, 600_000);
});
