import { existsSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CoreClient } from '../../src-main/worker/client';
import { linkMethodText } from '../../src-renderer/pages/account/tabs/SourcesTab';
import { dropOffSentence, money, percent, renewalText, scoreText } from '../../src-renderer/pages/account/text';
import { formatDay, formatNumber } from '../../src-shared/charts/format';
import type { AccountMetrics } from '../../src-shared/contract/metrics';
import { requireChromiumOrSkip } from '../support/browser';
import { type E2eSession, screenshotEveryWay, startE2e } from '../support/e2eHarness';

/**
 * The Account page against the demo workspace (three vendor sandboxes, 12 accounts, 60 days): every
 * number shown is compared with the core's own answer for the same customer.
 */
const { skip } = requireChromiumOrSkip();

const tabs = ['engagement', 'retention', 'funnels', 'features', 'guides', 'users', 'alerts', 'sources'] as const;

describe.skipIf(skip)('the Account page in Chromium against the demo workspace', () => {
  let session: E2eSession;
  let client: CoreClient;
  let page: Page;
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
    await page.goto(`${session.host.origin}/#/account/${encodeURIComponent(id)}${tab ? `/${tab}` : ''}`);
    await page.locator(`.account-page[data-customer="${id}"]`).waitFor();
    if (tab) await page.locator(`#account-panel-${tab}`).waitFor();
  };

  beforeAll(async () => {
    session = await startE2e({ sandboxes: { accounts: 12, days: 60 }, demo: true });
    client = session.client;
    page = session.page;
    const customers = session.sandboxes?.portfolio.customers ?? [];
    const all = customers.find((c) => c.vendorIds.pendo && c.vendorIds.amplitude && c.vendorIds.mixpanel);
    const onlyPendo = customers.find((c) => c.vendorIds.pendo && !c.vendorIds.amplitude && !c.vendorIds.mixpanel);
    const withoutPendo = customers.find((c) => !c.vendorIds.pendo);
    if (!all || !onlyPendo || !withoutPendo) throw new Error('the demo portfolio lacks the customers this test needs');
    full = await idOf(all.name);
    pendoOnly = await idOf(onlyPendo.name);
    noPendo = await idOf(withoutPendo.name);
    metrics = await client.call('metrics.account', { customer: full.id });
  }, 300_000);

  afterAll(async () => {
    await session?.close();
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

  it('an account opened from the portfolio takes the average the portfolio loaded, without asking for the portfolio again', async () => {
    await page.goto(`${session.host.origin}/#/portfolio`);
    const link = page.locator(`[data-testid="portfolio-table"] tr[data-customer-id="${full.id}"] a`).first();
    await link.waitFor();
    const clickedAt = (await page.evaluate(() => performance.now())) as number;
    await link.click();
    await page.locator(`.account-page[data-customer="${full.id}"] [data-testid="engagement-tab"]`).waitFor();
    const portfolio = await client.call('metrics.portfolio', {});
    const values = portfolio.rows.map((r) => r.dauMau).filter((v): v is number => v !== null);
    await expect.poll(() => text('portfolio-average')).toBe(percent(values.reduce((a, b) => a + b, 0) / values.length, 1));
    const asked = (await page.evaluate(
      (since) =>
        performance
          .getEntriesByType('resource')
          .filter((e) => e.name.includes('/api/call/') && e.startTime >= since)
          .map((e) => decodeURIComponent(e.name.split('/api/call/')[1] ?? '')),
      clickedAt,
    )) as string[];
    expect(asked).toContain('metrics.account');
    expect(asked).not.toContain('metrics.portfolio');
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

  it('Funnels: a saved Mixpanel funnel is selectable and shows the numbers of the core for it', async () => {
    expect(metrics.savedFunnels.length).toBeGreaterThan(0);
    const saved = metrics.savedFunnels[0];
    if (!saved) throw new Error('no saved funnel');
    const expected = await client.call('metrics.funnel', {
      customer: full.id,
      savedFunnelId: saved.funnelId,
      connection: saved.connectionId,
    });
    await open(full.id, 'funnels');
    await page.getByTestId('funnel-picker').selectOption(saved.funnelId);
    if ((expected.steps[0]?.count ?? 0) === 0) {
      await page.getByText('Nobody entered').waitFor();
      return;
    }
    await page.locator(`[data-testid="funnels-tab"][data-funnel="${expected.name}"]`).waitFor();
    expect(await text('kpi-conversion')).toContain(percent(expected.conversion.value, 1));
    expect(await page.getByTestId('funnel-steps').locator('tbody tr').count()).toBe(expected.steps.length);
    // back to the onboarding funnel
    await page.getByTestId('funnel-picker').selectOption({ label: 'Onboarding (key events)' });
    await page.locator('[data-testid="funnels-tab"][data-funnel="Onboarding"]').waitFor();
  });

  it('Funnels: a Pendo-only account says it needs event-level data, from the core', async () => {
    const pendoMetrics = await client.call('metrics.account', { customer: pendoOnly.id });
    expect(pendoMetrics.onboarding?.conversion).toEqual({ value: null, unavailable: 'needs-event-level-data' });
    await open(pendoOnly.id, 'funnels');
    expect(await text('funnels-unavailable')).toContain('need event-level data (Amplitude or Mixpanel)');
    expect(await page.getByTestId('funnel-steps').count()).toBe(0);
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

  it('Sources: each vendor account with its link method, confidence, last sync and events', async () => {
    await open(full.id, 'sources');
    const rows = page.getByTestId('sources-table').locator('tbody tr');
    const accounts = metrics.sources.flatMap((source) => source.accounts.map((account) => ({ source, account })));
    expect(accounts.length).toBeGreaterThanOrEqual(3);
    expect(await rows.count()).toBe(accounts.length);
    for (const { source, account } of accounts) {
      const row = page.locator(`tr[data-connection="${source.connectionId}"][data-account="${account.accountId}"]`);
      expect(await row.textContent()).toContain(account.accountId);
      expect(await row.getByTestId('link-method').textContent()).toBe(linkMethodText(account.method, account.confidence));
      expect(await row.getByTestId('account-events').textContent()).toBe(formatNumber(account.events30d));
      expect(source.lastSyncedAt).not.toBeNull();
      expect(await row.getByTestId('last-synced').textContent()).not.toBe('Never');
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
    expect(await text('funnels-unavailable')).toContain(
      'Funnels need event-level data (Amplitude or Mixpanel): Pendo sends daily totals',
    );
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
    // The hash changes first; the tab list re-renders from it a moment later (CI under load saw the gap).
    await expect.poll(() => page.getByRole('tab', { name: 'Retention' }).getAttribute('aria-selected')).toBe('true');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('id'))).toBe('account-tab-retention');
    expect(await page.evaluate(() => getComputedStyle(document.activeElement as Element).outlineStyle)).toBe('solid');
  });

  it('takes screenshots of each tab at 1280x800 and 1920x1080, light and dark', async () => {
    const shots: string[] = [];
    for (const [who, id] of [
      ['full', full.id],
      ['pendo-only', pendoOnly.id],
    ] as const) {
      for (const tab of who === 'full' ? tabs : (['engagement', 'funnels', 'guides'] as const)) {
        shots.push(...(await screenshotEveryWay(page, `account-${who}-${tab}`, () => open(id, tab))));
      }
    }
    expect(shots).toHaveLength((tabs.length + 3) * 4);
    for (const file of shots) expect(existsSync(file), file).toBe(true);
  }, 300_000);

  it('ran without page errors', () => {
    expect(session.pageErrors).toEqual([]);
  });
});
