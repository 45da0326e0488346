import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CoreClient } from '../../src-main/worker/client';
import { requireChromiumOrSkip } from '../support/browser';
import { type E2eSession, screenshotEveryWay, startE2e } from '../support/e2eHarness';

/**
 * First run in Chromium: an empty workspace offers the demo in one click and a real connection; the
 * click starts the sandboxes inside the core and sets the demo up (shown with progress), the demo is
 * labelled on every page, and removing it returns to the empty workspace.
 */
const { skip } = requireChromiumOrSkip();

describe.skipIf(skip)('first run: the one-click demo workspace', () => {
  let session: E2eSession;
  let client: CoreClient;
  let page: Page;

  beforeAll(async () => {
    session = await startE2e();
    ({ client, page } = session);
    // The button asks for the full-size demo (60 customers, 120 days); the test asks the same core for
    // a small one so it stays quick. Everything else is the real path: window → web host → core.
    await page.route('**/api/call/demo.start', (route) =>
      route.continue({ postData: JSON.stringify({ accounts: 5, days: 14 }) }),
    );
  }, 120_000);

  afterAll(async () => {
    await session?.close();
  });

  it('offers the demo and a real connection on an empty workspace', async () => {
    await page.goto(`${session.host.origin}/#/portfolio`);
    await page.getByRole('heading', { name: 'No customers yet' }).waitFor();
    await page.getByRole('button', { name: 'Open demo workspace' }).waitFor();
    expect(await page.getByRole('link', { name: 'Add a connection' }).getAttribute('href')).toBe('#/settings');
    expect(await page.getByTestId('demo-banner').count()).toBe(0);
    await screenshotEveryWay(page, 'first-run', async () => {
      await page.getByRole('button', { name: 'Open demo workspace' }).waitFor();
    });
  });

  it('sets the demo up in one click, with progress, and labels it as sample data', async () => {
    const progress: string[] = [];
    const off = client.on('demo.progress', (p) => progress.push(p.step));
    await page.getByRole('button', { name: 'Open demo workspace' }).click();
    // The set-up says what it is doing: in the panel, then (once the demo's connections exist) in the banner.
    await page
      .getByText(/Back-filling 14 days from the three sandboxes/)
      .first()
      .waitFor({ timeout: 240_000 });
    await page.getByTestId('portfolio-table').waitFor({ timeout: 240_000 });
    await expect.poll(() => progress.includes('done'), { timeout: 240_000 }).toBe(true);
    off();
    expect(progress[0]).toBe('sandboxes');

    const status = await client.call('demo.status', {});
    expect(status).toMatchObject({ active: true, sandboxesRunning: true, accounts: 5, days: 14 });
    const connections = await client.call('connections.list', {});
    expect(connections.map((c) => c.label).sort()).toEqual(['Amplitude (demo)', 'Mixpanel (demo)', 'Pendo (demo)']);
    const health = await client.call('health.portfolio', {});
    await expect.poll(() => page.getByTestId('portfolio-table').locator('tbody tr').count()).toBe(health.rows.length);
    expect(health.rows).toHaveLength(5);

    const banner = page.getByTestId('demo-banner');
    await expect.poll(async () => (await banner.textContent()) ?? '').toContain('Demo workspace — sample data');
    // on every page
    for (const route of ['alerts', 'sync', 'settings']) {
      await page.goto(`${session.host.origin}/#/${route}`);
      await banner.waitFor();
    }
    await page.goto(`${session.host.origin}/#/portfolio`);
    await page.getByTestId('portfolio-table').waitFor();
    await screenshotEveryWay(page, 'demo-workspace-portfolio', async () => {
      await page.getByTestId('portfolio-table').waitFor();
    });
  }, 300_000);

  it('removes the demo after a confirmation, back to the empty workspace', async () => {
    await page.getByTestId('demo-banner').getByRole('button', { name: 'Remove demo' }).click();
    const dialog = page.getByRole('dialog', { name: 'Remove the demo workspace?' });
    await dialog.waitFor();
    await dialog.getByRole('button', { name: 'Remove demo' }).click();
    await page.getByRole('heading', { name: 'No customers yet' }).waitFor({ timeout: 30_000 });
    await expect.poll(() => page.getByTestId('demo-banner').count()).toBe(0);
    expect(await client.call('connections.list', {})).toEqual([]);
    expect(await client.call('demo.status', {})).toMatchObject({ active: false, sandboxesRunning: false });
    // and the offer is back
    await page.getByRole('button', { name: 'Open demo workspace' }).waitFor();
  });

  it('ran without page errors', () => {
    expect(session.pageErrors).toEqual([]);
  });
});
