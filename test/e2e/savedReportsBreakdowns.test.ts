import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CoreClient } from '../../src-main/worker/client';
import { formatNumber } from '../../src-shared/charts/format';
import { requireChromiumOrSkip } from '../support/browser';
import { type E2eSession, startE2e } from '../support/e2eHarness';

/**
 * Saved reports and breakdowns in Chromium against the demo workspace: a by-account Mixpanel report
 * picked in Settings shows on the account page, and the breakdown tables equal the core's answers.
 */
const { skip } = requireChromiumOrSkip();

describe.skipIf(skip)('saved reports and breakdowns on the account page', () => {
  let session: E2eSession;
  let client: CoreClient;
  let page: Page;
  let customer: { id: string; name: string };

  beforeAll(async () => {
    session = await startE2e({ sandboxes: { accounts: 8, days: 30 }, demo: true });
    client = session.client;
    page = session.page;
    const c = session.sandboxes?.portfolio.customers.find((x) => x.vendorIds.mixpanel && x.vendorIds.amplitude);
    if (!c) throw new Error('the demo portfolio lacks a customer in Mixpanel and Amplitude');
    const match = await client.call('metrics.customer', { customer: c.name });
    customer = { id: match.id, name: match.name };
  }, 300_000);

  afterAll(async () => {
    await session?.close();
  });

  it('picks a Mixpanel saved report in Settings → Connections', async () => {
    await page.goto(`${session.host.origin}/#/settings`);
    const picker = page.getByTestId('saved-reports-picker').first();
    await picker.waitFor();
    const mixpanel = (await client.call('connections.list', {})).find((c) => c.vendor === 'mixpanel');
    if (!mixpanel) throw new Error('no Mixpanel connection in the demo');
    const card = page.locator('.connection-card', { hasText: mixpanel.label });
    await card.locator('summary', { hasText: 'Saved reports' }).click();
    await card.getByTestId('saved-report-id').fill('44003');
    await card.getByRole('button', { name: 'Add', exact: true }).click();
    await card.getByText('Mixpanel report 44003').waitFor();
    const list = await client.call('savedReports.list', { connection: mixpanel.id });
    expect(list.map((r) => r.reportId)).toEqual(['44003']);
    const runs = await client.call('sync.run', { connection: mixpanel.id, full: false });
    expect(runs[0]?.outcome).toBe('succeeded');
  }, 120_000);

  it("shows the customer's slice of the by-account report on the Engagement tab", async () => {
    const expected = await client.call('savedReports.forCustomer', { customer: customer.id });
    expect(expected.reports).toHaveLength(1);
    await page.goto(`${session.host.origin}/#/account/${encodeURIComponent(customer.id)}/engagement`);
    const figure = page.getByTestId('saved-report');
    await figure.waitFor();
    const total = expected.reports[0]?.series.reduce((s, x) => s + x.points.reduce((t, p) => t + p.value, 0), 0) ?? 0;
    expect(await figure.textContent()).toContain(`${formatNumber(total)} in total`);
  });

  it('breaks events down by the selected property, equal to the core', async () => {
    const panel = page.getByTestId('breakdown-panel');
    await panel.waitFor();
    const select = page.getByTestId('breakdown-property');
    const first = await client.call('metrics.breakdown', { customer: customer.id, property: null });
    expect(await select.inputValue()).toBe(first.property);
    await select.selectOption('role');
    const byRole = await client.call('metrics.breakdown', { customer: customer.id, property: 'role' });
    const table = page.getByTestId('breakdown-table');
    await table
      .locator('th[scope="row"]', { hasText: byRole.values[0]?.value ?? '' })
      .first()
      .waitFor();
    const rows = await table.locator('tbody tr').allTextContents();
    expect(rows).toHaveLength(byRole.values.length);
    for (const [i, v] of byRole.values.entries()) {
      expect(rows[i]).toContain(v.value);
      expect(rows[i]).toContain(formatNumber(v.events));
    }
  });

  it('splits the onboarding funnel by a property on the Funnels tab', async () => {
    await page.goto(`${session.host.origin}/#/account/${encodeURIComponent(customer.id)}/funnels`);
    const section = page.getByTestId('funnel-breakdown');
    await section.waitFor();
    const property = await page.getByTestId('funnel-breakdown-property').inputValue();
    expect(['plan', 'platform', 'role']).toContain(property);
  });
});
