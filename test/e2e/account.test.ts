import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningSandboxes, startSandboxes } from '../../src-main/core/demo';
import { memorySecretStore } from '../../src-main/core/secrets';
import { setUpDemoWorkspace } from '../../src-main/demoWorkspace';
import { startWebHost, type WebHost } from '../../src-main/host';
import { CoreClient } from '../../src-main/worker/client';
import { dropOffSentence, money, percent, renewalText, scoreText } from '../../src-renderer/pages/account/text';
import { formatDay, formatNumber } from '../../src-shared/charts/format';
import type { AccountMetrics } from '../../src-shared/contract/metrics';
import { launchChromium, requireChromiumOrSkip } from '../support/browser';
import { makeTempDir } from '../support/tempDir';

/**
 * The Account page against the demo workspace (three vendor sandboxes, 12 accounts, 60 days): every
 * number shown is compared with the core's own answer for the same customer.
 */
const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const rendererDir = join(repoRoot, 'out', 'renderer');
const screenshotDir = join(repoRoot, 'test-results', 'screenshots');
const { skip } = requireChromiumOrSkip();

const keychain = { available: false, description: 'in-memory (e2e test)', problem: 'No OS keychain in this test run.' };
const tabs = ['engagement', 'retention', 'funnels', 'features', 'guides', 'users', 'alerts', 'sources'] as const;

describe.skipIf(skip)('the Account page in Chromium against the demo workspace', () => {
  const dir = makeTempDir('pulse-e2e-account-');
  let sb: RunningSandboxes;
  let client: CoreClient;
  let host: WebHost;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const pageErrors: string[] = [];
  /** A customer linked in all three sources, one only in Pendo, one without Pendo. */
  let full: { id: string; name: string };
  let pendoOnly: { id: string; name: string };
  let noPendo: { id: string; name: string };
  let metrics: AccountMetrics;

  const idOf = async (name: string) => {
    const match = await client.call('metrics.customer', { customer: name });
    return { id: match.id, name: match.name };
  };
  const text = async (testId: string) =>
    ((await page.getByTestId(testId).first().textContent()) ?? '').replace(/\s+/g, ' ').trim();
  const open = async (id: string, tab?: string) => {
    await page.goto(`${host.origin}/#/account/${encodeURIComponent(id)}${tab ? `/${tab}` : ''}`);
    await page.locator(`.account-page[data-customer="${id}"]`).waitFor();
    if (tab) await page.locator(`#account-panel-${tab}`).waitFor();
  };

  beforeAll(async () => {
    if (!existsSync(join(rendererDir, 'index.html'))) {
      throw new Error(`${rendererDir} is missing: run \`npx electron-vite build\` (npm run build) before the e2e tests.`);
    }
    mkdirSync(screenshotDir, { recursive: true });
    sb = await startSandboxes({ accounts: 12, days: 60, mixpanelQueryLimitPerHour: 100_000, mixpanelExportLimitPerSecond: 1e6 });
    client = await CoreClient.start({
      dataDir: join(dir.path, 'workspace'),
      host: 'web',
      secrets: memorySecretStore(),
      keychain,
      allowDiagnostics: false,
    });
    await setUpDemoWorkspace(client, sb);
    const customers = sb.portfolio.customers;
    const all = customers.find((c) => c.vendorIds.pendo && c.vendorIds.amplitude && c.vendorIds.mixpanel);
    const onlyPendo = customers.find((c) => c.vendorIds.pendo && !c.vendorIds.amplitude && !c.vendorIds.mixpanel);
    const withoutPendo = customers.find((c) => !c.vendorIds.pendo);
    if (!all || !onlyPendo || !withoutPendo) throw new Error('the demo portfolio lacks the customers this test needs');
    full = await idOf(all.name);
    pendoOnly = await idOf(onlyPendo.name);
    noPendo = await idOf(withoutPendo.name);
    metrics = await client.call('metrics.account', { customer: full.id });
    host = await startWebHost({ client, rendererDir });
    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1280, height: 800 }, colorScheme: 'light' });
    page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') pageErrors.push(`${message.text()} (${message.location().url})`);
    });
    // the launch URL carries the token and sets the session cookie
    await page.goto(host.url);
    await page.waitForURL(`${host.origin}/`);
  }, 300_000);

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await host?.close();
    await client?.close();
    await sb?.close();
    dir.remove();
  });

  it('shows the header: health, coverage, what changed, ARR, renewal and data as of per source', async () => {
    const health = await client.call('health.get', { customer: full.id });
    await open(full.id);
    expect(await text('account-name')).toBe(full.name);
    expect(await page.getByTestId('health-score').textContent()).toContain(scoreText(health.snapshot?.score ?? null));
    expect(await text('health-headline')).toBe(health.headline);
    const weighted = health.snapshot?.components.filter((c) => c.weight > 0) ?? [];
    const available = weighted.filter((c) => c.unavailable === null);
    expect(await text('health-coverage')).toContain(`score from ${available.length} of ${weighted.length} components`);
    expect(await text('account-arr')).toBe(money(health.customer.arr));
    expect(await text('account-renewal')).toContain(renewalText(metrics.today, health.customer.renewalDate).text);
    for (const source of metrics.sources) {
      expect(await text(`source-${source.vendor}`)).toContain(
        source.dataThrough ? formatDay(source.dataThrough) : 'never synced',
      );
    }
    // the breakdown is one click away: every component with its points
    await page.getByRole('button', { name: /Why this score/ }).click();
    const breakdown = page.getByTestId('health-breakdown');
    await breakdown.waitFor();
    for (const component of health.snapshot?.components ?? []) {
      const row = breakdown.locator(`tr[data-component="${component.id}"]`);
      expect(await row.textContent()).toContain(component.label);
      if (component.points !== null && component.weight > 0)
        expect(await row.textContent()).toContain(formatNumber(component.points, 'en-US', 1));
    }
  });

  it('Engagement: DAU, WAU, MAU, stickiness and events equal the core, with the portfolio average', async () => {
    await open(full.id, 'engagement');
    const header = metrics.header;
    if (!header) throw new Error('no header');
    expect(await text('kpi-dau')).toContain(formatNumber(header.dau));
    expect(await text('kpi-wau')).toContain(formatNumber(header.wau));
    expect(await text('kpi-mau')).toContain(formatNumber(header.mau));
    expect(await text('kpi-stickiness')).toContain(percent(header.stickinessRolling, 1));
    expect(await text('kpi-events')).toContain(formatNumber(header.events));
    const portfolio = await client.call('metrics.portfolio', {});
    const values = portfolio.rows.map((r) => r.dauMau).filter((v): v is number => v !== null);
    const average = values.reduce((a, b) => a + b, 0) / values.length;
    await expect.poll(() => text('portfolio-average')).toBe(percent(average, 1));
    // charts are drawn (SVG), and only for the visible tab
    await page.getByTestId('chart-active-users').locator('svg').first().waitFor();
    expect(await page.getByTestId('chart-retention-curve').count()).toBe(0);
  });

  it('Retention: day-N numbers, the cohort table, and switching period and cohort mode', async () => {
    await open(full.id, 'retention');
    const dayN = metrics.dayN;
    if (!dayN || !metrics.retention) throw new Error('no retention');
    expect(await text('kpi-d7')).toContain(dayN.d7.value === null ? 'n/a' : percent(dayN.d7.value, 1));
    const table = page.getByTestId('retention-table');
    await table.waitFor();
    expect(await table.locator('tbody tr').count()).toBe(metrics.retention.rows.length);
    for (const [period, label] of [
      ['month', 'Month'],
      ['day', 'Day'],
    ] as const) {
      await page.getByRole('group', { name: 'Cohort period' }).getByLabel(label, { exact: true }).check();
      const expected = await client.call('metrics.retention', {
        customer: full.id,
        connection: metrics.source?.connectionId ?? null,
        period,
      });
      await expect.poll(() => table.locator('thead th').nth(2).textContent()).toBe(`${label} 0`);
      expect(await table.locator('tbody tr').count()).toBe(expected.rows.length);
      const one = expected.averages.find((a) => a.period === 1);
      if (one)
        expect(await table.locator('tfoot td[data-average-period="1"]').textContent()).toBe(
          one.rate === null ? '·' : percent(one.rate),
        );
    }
    await page.getByRole('group', { name: 'Cohorts' }).getByLabel('Any activity').check();
    const any = await client.call('metrics.retention', {
      customer: full.id,
      connection: metrics.source?.connectionId ?? null,
      period: 'day',
      cohort: 'any',
    });
    await expect.poll(() => table.locator('tbody tr').count()).toBe(any.rows.length);
  });

  it('Funnels: conversion, the drop-off in words and the portfolio median', async () => {
    await open(full.id, 'funnels');
    const funnel = metrics.onboarding;
    if (!funnel) throw new Error('no funnel');
    if ((funnel.steps[0]?.count ?? 0) === 0) {
      await page.getByText('Nobody entered').waitFor();
      return;
    }
    expect(await text('kpi-conversion')).toContain(percent(funnel.conversion.value, 1));
    expect(await text('kpi-benchmark')).toContain(
      funnel.benchmark?.conversion == null ? 'n/a' : percent(funnel.benchmark.conversion, 1),
    );
    const sentence = dropOffSentence(funnel);
    if (sentence) expect(await text('funnel-dropoff')).toContain(sentence);
    expect(await page.getByTestId('funnel-steps').locator('tbody tr').count()).toBe(funnel.steps.length);
  });

  it('Features: breadth, not using and stopped using with peer adoption', async () => {
    await open(full.id, 'features');
    const features = metrics.features;
    if (!features) throw new Error('no features');
    expect(await text('kpi-breadth')).toContain(percent(features.breadth));
    expect(await page.getByTestId('not-using').locator('tbody tr').count()).toBe(features.neverUsed.length);
    expect(await page.getByTestId('stopped-using').locator('tbody tr').count()).toBe(features.abandoned.length);
    await page.getByTestId('chart-feature-heatmap').locator('svg').first().waitFor();
  });

  it('Guides: from the Pendo source even when another source is primary', async () => {
    await open(full.id, 'guides');
    const pendo = metrics.sources.find((s) => s.vendor === 'pendo');
    const guides = (await client.call('metrics.account', { customer: full.id, connection: pendo?.connectionId ?? null })).guides;
    if (guides?.available && guides.guides.length > 0) {
      const table = page.getByTestId('guides-table');
      await table.waitFor();
      expect(await table.locator('tbody tr').count()).toBe(guides.guides.length);
      const top = [...guides.guides].sort((a, b) => b.reach - a.reach || a.name.localeCompare(b.name))[0];
      if (top) expect(await table.locator(`tr[data-guide="${top.guideId}"]`).textContent()).toContain(percent(top.completion));
    } else {
      await page.getByTestId('guides-empty').waitFor();
    }
  });

  it('Users: power and at-risk users, pseudonymous by default', async () => {
    await open(full.id, 'users');
    const users = metrics.users;
    if (!users) throw new Error('no users');
    expect(await text('kpi-power')).toContain(formatNumber(users.powerUsers.length));
    expect(await text('kpi-at-risk')).toContain(formatNumber(users.atRiskUsers.length));
    const first = users.powerUsers[0];
    if (first) expect(await page.getByTestId('power-users').textContent()).toContain(first.readableId ?? first.userKey);
    await page.getByText('pseudonymous keys').waitFor();
  });

  it('Sources: every linked vendor account with its data-through', async () => {
    await open(full.id, 'sources');
    const rows = page.getByTestId('sources-table').locator('tbody tr');
    expect(await rows.count()).toBe(metrics.sources.length);
    for (const source of metrics.sources) {
      const row = page.locator(`tr[data-connection="${source.connectionId}"]`);
      expect(await row.textContent()).toContain(source.accountIds[0] ?? '');
    }
  });

  it("Alerts: the customer's alerts with evidence, acknowledged through alerts.update", async () => {
    const withAlerts = (await client.call('alerts.list', {})).find((a) => a.status === 'open');
    if (!withAlerts) return;
    await open(withAlerts.customer.id, 'alerts');
    const expected = await client.call('alerts.list', { customer: withAlerts.customer.id });
    const cards = page.getByTestId('alerts-tab').locator('li.alert-card');
    expect(await cards.count()).toBe(expected.length);
    const card = page.locator(`li[data-alert="${withAlerts.id}"]`);
    expect(await card.textContent()).toContain(withAlerts.title);
    await card.getByRole('button', { name: /^Acknowledge/ }).click();
    await expect
      .poll(
        async () =>
          (await client.call('alerts.list', { customer: withAlerts.customer.id })).find((a) => a.id === withAlerts.id)?.status,
      )
      .toBe('acknowledged');
    await expect.poll(async () => (await card.textContent()) ?? '').toContain('Acknowledged');
  });

  it('explains the empty states for a Pendo-only customer and one without Pendo', async () => {
    await open(pendoOnly.id, 'funnels');
    expect(await text('funnels-unavailable')).toContain('Funnels need event-level data: Pendo sends daily totals');
    await open(pendoOnly.id, 'engagement');
    await page.getByText('Sessions are not available for Pendo').first().waitFor();
    await open(noPendo.id, 'guides');
    expect(await text('guides-unavailable')).toContain('this account has no Pendo source');
  });

  it('moves between tabs with the keyboard, and the URL follows', async () => {
    await open(full.id, 'engagement');
    await page.getByRole('tab', { name: 'Engagement' }).focus();
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => page.url()).toContain(`/retention`);
    expect(await page.evaluate(() => document.activeElement?.getAttribute('id'))).toBe('account-tab-retention');
    expect(await page.getByRole('tab', { name: 'Retention' }).getAttribute('aria-selected')).toBe('true');
    expect(await page.evaluate(() => getComputedStyle(document.activeElement as Element).outlineStyle)).toBe('solid');
  });

  it('takes screenshots of each tab at 1280x800 and 1920x1080, light and dark', async () => {
    const shots: string[] = [];
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      for (const [width, height] of [
        [1280, 800],
        [1920, 1080],
      ] as const) {
        await page.setViewportSize({ width, height });
        for (const [who, id] of [
          ['full', full.id],
          ['pendo-only', pendoOnly.id],
        ] as const) {
          for (const tab of who === 'full' ? tabs : (['engagement', 'funnels', 'guides'] as const)) {
            await open(id, tab);
            await expect.poll(() => page.evaluate(() => document.documentElement.dataset.theme)).toBe(scheme);
            await page
              .getByRole('tabpanel')
              .locator('[role="status"]')
              .first()
              .waitFor({ state: 'detached', timeout: 15_000 })
              .catch(() => undefined);
            await page.waitForTimeout(400);
            await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
            await page.mouse.move(width - 1, height - 1);
            const file = join(screenshotDir, `account-${who}-${tab}-${width}x${height}-${scheme}.png`);
            await page.screenshot({ path: file, fullPage: true, animations: 'disabled' });
            shots.push(file);
          }
        }
      }
    }
    for (const file of shots) expect(existsSync(file), file).toBe(true);
  }, 300_000);

  it('ran without page errors', () => {
    expect(pageErrors).toEqual([]);
  });
});
