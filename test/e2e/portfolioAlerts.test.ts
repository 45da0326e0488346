import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WebHost } from '../../src-main/host';
import type { CoreClient } from '../../src-main/worker/client';
import { formatNumber } from '../../src-shared/charts/format';
import { requireChromiumOrSkip } from '../support/browser';
import { type E2eSession, screenshotDir, screenshotEveryWay, startE2e } from '../support/e2eHarness';

/**
 * Portfolio, Alerts and the command bar in Chromium against the web host, on the demo workspace
 * (three vendor sandboxes, 12 customers, 60 days). Every number the window shows is checked against
 * the core's own answer.
 */
const { skip } = requireChromiumOrSkip();

const money = (v: number) =>
  new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', maximumFractionDigits: 0 }).format(v);
const ratio = (v: number) => formatNumber(v, 'en-US', 2);
const pct = (v: number) => `${formatNumber(Math.round(v * 100))}%`;
/** The command bar shows DAU/MAU as the account page does. */
const dauMau = (v: number) => `${formatNumber(v * 100, 'en-US', 1)} %`;

describe.skipIf(skip)('Portfolio, Alerts and the command bar', () => {
  let session: E2eSession;
  let client: CoreClient;
  let host: WebHost;
  let page: Page;

  beforeAll(async () => {
    // The first test opens the launch URL itself.
    session = await startE2e({ sandboxes: { accounts: 12, days: 60 }, demo: true, signIn: false });
    ({ client, host, page } = session);
  }, 300_000);

  afterAll(async () => {
    await session?.close();
  });

  const table = () => page.getByTestId('portfolio-table');
  const rows = () => table().locator('tbody tr');
  const rowOf = (id: string) => table().locator(`tbody tr[data-customer-id="${id}"]`);
  const cell = (id: string, column: string) => rowOf(id).locator(`[data-column="${column}"]`);

  /** The page as it is now, at both sizes in both themes. */
  const shoot = (name: string) => screenshotEveryWay(page, name, async () => {});

  it('lists every customer with the core numbers', async () => {
    await page.goto(host.url);
    await table().waitFor();
    // The home screen's calls went out while the app's script was still being evaluated (before
    // DOMContentLoaded; React renders after it), and the page showed their answers.
    const timing = await page.evaluate(() => ({
      domContentLoaded: (performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming).domContentLoadedEventStart,
      calls: performance
        .getEntriesByType('resource')
        .filter((e) => e.name.includes('/api/call/'))
        .map((e) => ({ channel: decodeURIComponent(e.name.split('/api/call/')[1] ?? ''), start: e.startTime })),
    }));
    for (const channel of ['metrics.portfolio', 'health.portfolio', 'commands.directory']) {
      const first = timing.calls.find((c) => c.channel === channel);
      expect(first?.start, channel).toBeLessThan(timing.domContentLoaded);
    }
    const health = await client.call('health.portfolio', {});
    const metrics = await client.call('metrics.portfolio', {});
    expect(await rows().count()).toBe(health.rows.length);
    expect(health.rows.length).toBe(metrics.rows.length);
    await page.getByText(`${health.rows.length} customers`, { exact: true }).waitFor();

    for (const m of metrics.rows) {
      expect(await cell(m.customerId, 'name').locator('a').textContent()).toBe(m.name);
      expect(await cell(m.customerId, 'activeUsers').textContent()).toBe(formatNumber(m.activeUsers30d));
      expect(await cell(m.customerId, 'dauMau').textContent()).toBe(m.dauMau === null ? '–' : ratio(m.dauMau));
      expect(await cell(m.customerId, 'arr').textContent()).toBe(m.arr === null ? '–' : money(m.arr));
      expect(await cell(m.customerId, 'owner').textContent()).toBe(m.owner ?? 'Unassigned');
      const h = health.rows.find((r) => r.customer.id === m.customerId);
      const healthText = (await cell(m.customerId, 'health').textContent()) ?? '';
      if (h?.status === 'insufficient-data') expect(healthText).toContain('Insufficient data');
      else if (h?.score != null) expect(healthText).toContain(String(Math.round(h.score)));
      expect(await cell(m.customerId, 'openAlerts').textContent()).toBe(String(h?.openAlerts ?? 0));
    }
  });

  it('sorts by any column, with risk (renewal soonest among red and yellow) first by default', async () => {
    const metrics = await client.call('metrics.portfolio', {});
    const byArr = [...metrics.rows].sort((a, b) => (b.arr ?? -1) - (a.arr ?? -1));
    await page.getByRole('button', { name: /^ARR/ }).click();
    await expect.poll(() => rows().first().getAttribute('data-customer-id')).toBe(byArr[0]?.customerId);
    expect(await page.getByRole('columnheader', { name: /^ARR/ }).getAttribute('aria-sort')).toBe('descending');
    await page.getByRole('button', { name: /^ARR/ }).click();
    await expect.poll(() => rows().first().getAttribute('data-customer-id')).toBe(byArr[byArr.length - 1]?.customerId);
    await page.getByRole('button', { name: /^Customer/ }).click();
    const names = await table().locator('tbody tr th a').allTextContents();
    expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b)));
  });

  it('filters by owner, band, renewal window, and searches by name and domain', async () => {
    const metrics = await client.call('metrics.portfolio', {});
    const owner = metrics.rows[0]?.owner as string;
    await page.getByLabel('Owner', { exact: true }).selectOption(owner);
    await expect.poll(() => rows().count()).toBe(metrics.rows.filter((r) => r.owner === owner).length);
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await page.getByLabel('Health', { exact: true }).selectOption('insufficient');
    const health = await client.call('health.portfolio', {});
    await expect.poll(() => rows().count()).toBe(health.rows.filter((r) => r.band === null).length);
    await page.getByLabel('Health', { exact: true }).selectOption('all');
    await page.getByLabel('Renewal', { exact: true }).selectOption('90');
    const soon = metrics.rows.filter(
      (r) => r.renewalDate && Date.parse(r.renewalDate) - Date.parse(metrics.today) <= 90 * 86_400_000,
    );
    await expect.poll(() => rows().count()).toBe(soon.length);
    await page.getByLabel('Renewal', { exact: true }).selectOption('any');

    const directory = await client.call('commands.directory', {});
    const target = directory.find((d) => d.domain) as { id: string; name: string; domain: string };
    await page.getByLabel('Search', { exact: true }).fill(target.domain);
    await expect.poll(() => rows().count()).toBe(1);
    expect(await rows().first().getAttribute('data-customer-id')).toBe(target.id);
    await page.getByLabel('Search', { exact: true }).fill(target.name.split(' ')[0]?.toLowerCase() ?? '');
    await expect
      .poll(() => rows().count())
      .toBe(directory.filter((d) => d.name.toLowerCase().includes(target.name.split(' ')[0]?.toLowerCase() ?? '')).length);
    await page.getByLabel('Search', { exact: true }).fill('zzzz-no-such-customer');
    await page.getByText('No customer matches these filters.').waitFor();
    await page.getByRole('button', { name: 'Clear the filters' }).click();
    await expect.poll(() => rows().count()).toBe(metrics.rows.length);
  });

  it('"My accounts" asks who you are once, then shows your customers', async () => {
    const metrics = await client.call('metrics.portfolio', {});
    const owner = 'Mei Chen';
    await page.getByRole('button', { name: /^My accounts/ }).click();
    await page.getByLabel('Your name as account owner').selectOption(owner);
    await page.getByRole('group', { name: 'Who are you?' }).getByRole('button', { name: 'Save' }).click();
    await expect.poll(async () => (await client.call('settings.get', {})).currentOwner).toBe(owner);
    await expect.poll(() => rows().count()).toBe(metrics.rows.filter((r) => r.owner === owner).length);
    expect(await page.getByRole('button', { name: `My accounts (${owner})` }).getAttribute('aria-pressed')).toBe('true');
    await page.getByRole('button', { name: `My accounts (${owner})` }).click();
    await expect.poll(() => rows().count()).toBe(metrics.rows.length);
    await page
      .getByRole('button', { name: /^Risk|^Customer/ })
      .first()
      .click();
    await page.goto(`${host.origin}/#/portfolio`);
    await table().waitFor();
    await shoot('portfolio-demo-insufficient');
  });

  it('shows bands, their ARR and the trend once health has enough coverage', async () => {
    const state = await client.call('health.config.get', {});
    await client.call('health.config.set', { config: { ...state.config, minCoverage: 0.4 }, expectedVersion: state.version });
    const health = await client.call('health.portfolio', {});
    const scored = health.rows.filter((r) => r.band !== null);
    expect(scored.length).toBeGreaterThan(0);
    await page.reload();
    await table().waitFor();
    for (const r of scored) {
      await expect
        .poll(() => cell(r.customer.id, 'health').locator('.health-cell').getAttribute('data-band'), { timeout: 10_000 })
        .toBe(r.band);
      expect(await cell(r.customer.id, 'health').locator('.health-score').textContent()).toBe(String(Math.round(r.score ?? 0)));
    }
    const summary = page.getByRole('region', { name: 'Portfolio summary' });
    for (const band of ['red', 'yellow', 'green'] as const) {
      const tile = summary.locator(`[data-band="${band}"]`);
      expect(await tile.locator('.summary-value').textContent()).toBe(formatNumber(health.summary[band].customers));
      expect(await tile.locator('.summary-sub').textContent()).toBe(`${money(health.summary[band].arr)} ARR`);
    }
    expect(await page.getByTestId('arr-at-risk').locator('.summary-value').textContent()).toBe(
      money(health.summary.red.arr + health.summary.yellow.arr),
    );
    await shoot('portfolio-demo');
    await page.screenshot({ path: join(screenshotDir, 'portfolio-demo-full-1280-light.png'), fullPage: true });
  });

  it('lists alerts with evidence and acknowledges one through alerts.list', async () => {
    await page.goto(`${host.origin}/#/alerts`);
    const alerts = await client.call('alerts.list', {});
    expect(alerts.length).toBeGreaterThan(0);
    const list = page.getByRole('list', { name: 'Alerts' });
    await expect.poll(() => list.locator(':scope > li').count()).toBe(alerts.length);
    const open = alerts.find((a) => a.status === 'open') as (typeof alerts)[number];
    const card = list.locator(`li[data-alert-id="${open.id}"]`);
    expect(await card.textContent()).toContain(open.suggestedAction);
    expect(await card.textContent()).toContain(open.customer.name);
    await shoot('alerts-demo');
    await card.getByRole('button', { name: /^Acknowledge/ }).click();
    await expect
      .poll(async () => (await client.call('alerts.list', {})).find((a) => a.id === open.id)?.status)
      .toBe('acknowledged');
    await expect.poll(() => card.getAttribute('data-status')).toBe('acknowledged');
    // filter by rule and status
    await page.getByLabel('Status').selectOption('acknowledged');
    await expect.poll(() => list.locator(':scope > li').count()).toBe(1);
    await page.getByLabel('Status').selectOption('active');
    await page.getByLabel('Rule').selectOption(open.rule);
    await expect.poll(() => list.locator(':scope > li').count()).toBe(alerts.filter((a) => a.rule === open.rule).length);
  });

  it('answers every command-bar question, navigates, and the number equals the core', async () => {
    const metrics = await client.call('metrics.portfolio', {});
    const connections = await client.call('connections.list', {});
    const amplitude = connections.find((c) => c.vendor === 'amplitude')?.id as string;
    const mixpanel = connections.find((c) => c.vendor === 'mixpanel')?.id as string;
    const c = metrics.rows.find((r) => r.activeUsers30d > 0 && r.vendor === 'amplitude') as (typeof metrics.rows)[number];
    const id = c.customerId;
    const account = await client.call('metrics.account', { customer: id });
    const amp = await client.call('metrics.account', { customer: id, connection: amplitude });
    const mix = await client.call('metrics.account', { customer: id, connection: mixpanel });
    const retention = await client.call('metrics.retention', { customer: id, period: 'week' });
    const header = account.header as NonNullable<typeof account.header>;
    const typo = c.name.replace(/(\w)(\w)(\w*)$/, '$2$1$3'); // swap two letters in the last word

    await page.goto(`${host.origin}/#/portfolio`);
    await table().waitFor();
    const ask = async (question: string) => {
      await page.keyboard.press('Control+k');
      const input = page.getByLabel('Ask Pulse a question');
      await input.waitFor();
      await input.fill(question);
      await input.press('Enter');
      const answer = page.getByTestId('command-answer');
      await answer.waitFor();
      const text = (await answer.textContent()) ?? '';
      return { text, hash: new URL(page.url()).hash };
    };
    const close = () => page.keyboard.press('Escape');

    let r = await ask(`Show Amplitude metrics for ${c.name}`);
    expect(r.hash).toBe(`#/account/${id}/engagement`);
    expect(r.text).toContain(`Amplitude: ${formatNumber(amp.header?.activeUsers ?? 0)} active users`);
    expect(r.text).toContain(`DAU/MAU ${dauMau(amp.header?.stickinessRolling ?? 0)}`);
    await page.screenshot({ path: join(screenshotDir, 'command-bar-1280x800-light.png') });
    await close();

    r = await ask(`What's the retention for ${c.name}?`);
    expect(r.hash).toBe(`#/account/${id}/retention`);
    const week1 = retention.averages.find((a) => a.period === 1);
    expect(r.text).toContain(week1?.rate == null ? 'not enough complete weeks' : `week-1 retention ${pct(week1.rate)}`);
    await close();

    r = await ask(`How stiky is ${typo}?`);
    expect(r.hash).toBe(`#/account/${id}/engagement`);
    expect(r.text).toBe(
      `${c.name} — DAU/MAU ${dauMau(header.stickinessRolling ?? 0)} (30 days to ${new Intl.DateTimeFormat('en-US', { timeZone: 'UTC', month: 'short', day: 'numeric', year: 'numeric' }).format(new Date(`${header.asOf}T00:00:00Z`))}).`,
    );
    await close();

    r = await ask(`Show Mixpanel events for ${c.name}`);
    expect(r.hash).toBe(`#/account/${id}/engagement`);
    expect(r.text).toContain(mix.header ? `Mixpanel: ${formatNumber(mix.header.events)} events` : 'no Mixpanel data');
    await close();

    r = await ask(`What's the funnel conversion for ${c.name}?`);
    expect(r.hash).toBe(`#/account/${id}/funnels`);
    const conversion = account.onboarding?.conversion.value;
    expect(r.text).toContain(conversion == null ? 'not available' : `conversion ${pct(conversion)}`);
    await close();

    r = await ask(`How is ${c.name} using the product?`);
    expect(r.hash).toBe(`#/account/${id}/engagement`);
    expect(r.text).toContain(
      `${formatNumber(header.activeUsers)} active users, DAU/MAU ${dauMau(header.stickinessRolling ?? 0)}, ${formatNumber(header.events)} events`,
    );
    await close();

    r = await ask(`What features is ${c.name} not using?`);
    expect(r.hash).toBe(`#/account/${id}/features`);
    expect(r.text).toContain(`never used ${formatNumber(account.features?.neverUsed.length ?? 0)}`);
    await close();

    r = await ask(`Show usage trend for ${c.name}`);
    expect(r.hash).toBe(`#/account/${id}/engagement`);
    expect(r.text).toContain(`${formatNumber(header.activeUsersTrend.current)} active users`);
    await close();

    const mine = await client.call('alerts.list', { owner: 'Mei Chen' });
    r = await ask('Any usage alerts for my portfolio?');
    expect(r.hash).toBe('#/alerts');
    expect(r.text).toMatch(
      mine.length === 0 ? /^No open alerts for Mei Chen's accounts/ : new RegExp(`^${mine.length} open alerts? across`),
    );
    await close();
    await expect.poll(() => page.getByLabel('Owner', { exact: true }).inputValue()).toBe('Mei Chen');

    // unknown input gets suggestions; a suggestion works
    await page.keyboard.press('Control+k');
    await page.getByLabel('Ask Pulse a question').fill('what is the weather in Paris');
    await page.getByLabel('Ask Pulse a question').press('Enter');
    await page.getByText(/"what is the weather in Paris"\. Try one of these:/).waitFor();
    await page.screenshot({ path: join(screenshotDir, 'command-bar-unknown-1280x800-light.png') });
    await page.getByRole('button', { name: 'Any usage alerts for my portfolio?' }).click();
    await page.getByTestId('command-answer').waitFor();
    await close();
  });

  it('ran without page errors', () => {
    expect(session.pageErrors).toEqual([]);
  });
});
