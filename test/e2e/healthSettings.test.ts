import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WebHost } from '../../src-main/host';
import type { CoreClient } from '../../src-main/worker/client';
import { componentLabels, defaultConfig } from '../../src-renderer/pages/settings/health/model';
import { defaultHealthConfig, type HealthConfig, healthComponentLabels } from '../../src-shared/contract/health';
import { requireChromiumOrSkip } from '../support/browser';
import { type E2eSession, screenshotDir, startE2e } from '../support/e2eHarness';

/**
 * Settings → Health score and alerts in Chromium against the web host on the demo workspace: the live
 * preview agrees with the core's health.preview for the same configuration, Save stores it (with the
 * version check), and a save made meanwhile elsewhere is reported as a conflict.
 */
const { skip } = requireChromiumOrSkip();

describe.skipIf(skip)('Settings → Health score and alerts', () => {
  let session: E2eSession;
  let client: CoreClient;
  let host: WebHost;
  let page: Page;

  beforeAll(async () => {
    session = await startE2e({ sandboxes: { accounts: 10, days: 75 }, demo: true });
    ({ client, host, page } = session);
  }, 300_000);

  afterAll(async () => {
    await session?.close();
  });

  const section = () => page.locator('#section-health');
  const headline = () => page.getByTestId('health-preview-changed');

  async function shoot(name: string) {
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      await expect.poll(() => page.evaluate(() => document.documentElement.dataset.theme)).toBe(scheme);
      await page.evaluate(() => {
        for (const close of document.querySelectorAll<HTMLButtonElement>('button[aria-label="Dismiss notification"]'))
          close.click();
        (document.activeElement as HTMLElement | null)?.blur();
      });
      await page.mouse.move(1279, 799);
      await page.screenshot({
        path: join(screenshotDir, `health-settings-${name}-1280x800-${scheme}.png`),
        animations: 'disabled',
      });
    }
    await page.emulateMedia({ colorScheme: 'light' });
  }

  it('keeps the renderer copy of the defaults and labels equal to the contract', () => {
    expect(defaultConfig).toEqual(defaultHealthConfig);
    expect(componentLabels).toEqual(healthComponentLabels);
  });

  it('previews a weight and a band change with the core’s numbers, then saves them', async () => {
    const before = await client.call('health.config.get', {});
    await page.goto(`${host.origin}/#/settings`);
    await page.getByRole('button', { name: 'Health and alerts' }).click();
    await page.getByRole('heading', { name: 'Health score and alerts' }).waitFor();
    await page.getByLabel('Engagement weight').waitFor();
    // weights are shown as shares of the total
    const total = Object.values(before.config.weights).reduce((a, b) => a + b, 0);
    expect(await page.getByTestId('weight-share-engagement').textContent()).toBe(
      `${Math.round((before.config.weights.engagement / total) * 100)}% of the score`,
    );

    // an invalid value is explained next to the field and stops the preview
    await page.getByLabel('Green from').fill('40');
    await section().getByText('Green must start above yellow (50), or no customer could be yellow.').waitFor();
    expect(await page.getByLabel('Green from').getAttribute('aria-invalid')).toBe('true');
    await headline().getByText('Fix the fields marked in red to see the effect.').waitFor();
    await page.getByLabel('Green from').fill(String(before.config.bands.green));

    await page.getByLabel('Engagement weight').fill('70');
    await page.getByLabel('Yellow from').fill('62');
    const proposed: HealthConfig = {
      ...before.config,
      weights: { ...before.config.weights, engagement: 70 },
      bands: { ...before.config.bands, yellow: 62 },
    };
    const expected = await client.call('health.preview', { config: proposed });
    expect(expected.rows.length).toBeGreaterThan(0);
    await expect.poll(() => headline().getAttribute('data-count'), { timeout: 15_000 }).toBe(String(expected.changed));
    const sentence =
      expected.changed === 0
        ? 'No customer would change band.'
        : `${expected.changed} customer${expected.changed === 1 ? '' : 's'} would change band.`;
    expect(await headline().textContent()).toBe(sentence);
    const moved = expected.rows.filter((row) => row.changed).map((row) => row.customer.id);
    if (moved.length > 0) {
      const listed = await page
        .getByTestId('health-preview-moves')
        .locator('li')
        .evaluateAll((items) => items.map((item) => item.getAttribute('data-customer-id')));
      expect(listed.sort()).toEqual([...moved].sort());
    }
    expect(await page.getByTestId('weight-share-engagement').textContent()).toBe(
      `${Math.round((70 / (total - before.config.weights.engagement + 70)) * 100)}% of the score`,
    );
    await shoot('preview');

    await page.getByRole('button', { name: 'Save health settings' }).click();
    await page.getByRole('status').filter({ hasText: 'Health settings saved.' }).first().waitFor({ timeout: 60_000 });
    const after = await client.call('health.config.get', {});
    expect(after.version).toBe(before.version + 1);
    expect(after.config.weights.engagement).toBe(70);
    expect(after.config.bands.yellow).toBe(62);
    expect(after.config).toEqual(proposed);
    await page.getByText('No unsaved changes.').waitFor();
  });

  it('reports a save made meanwhile elsewhere as a conflict, and can save over it', async () => {
    const current = await client.call('health.config.get', {});
    await page.getByLabel('No activity for').fill('21');
    // the CLI saves meanwhile
    await client.call('health.config.set', {
      config: { ...current.config, trendArrowPoints: 7 },
      expectedVersion: current.version,
    });
    await page.getByRole('button', { name: 'Save health settings' }).click();
    await page.getByText('Someone else saved the health settings meanwhile.').waitFor();
    expect((await client.call('health.config.get', {})).config.rules.noActivity.days).toBe(14);
    await shoot('conflict');
    await page.getByRole('button', { name: 'Save mine over it' }).click();
    await expect.poll(async () => (await client.call('health.config.get', {})).config.rules.noActivity.days).toBe(21);
  });

  it('resets to the defaults and saves them', async () => {
    await page.getByText('No unsaved changes.').waitFor();
    await page.getByRole('button', { name: 'Reset to defaults' }).click();
    expect(await page.getByLabel('Engagement weight').inputValue()).toBe('30');
    const expected = await client.call('health.preview', { config: defaultHealthConfig });
    await expect.poll(() => headline().getAttribute('data-count'), { timeout: 15_000 }).toBe(String(expected.changed));
    await page.getByRole('button', { name: 'Save health settings' }).click();
    await page.getByText('No unsaved changes.').waitFor({ timeout: 60_000 });
    expect((await client.call('health.config.get', {})).config).toEqual(defaultHealthConfig);
  });

  it('ran without page errors', () => {
    // a refused save logs its HTTP status in Chromium; nothing else may have gone wrong
    expect(session.pageErrors.filter((text) => !/status of 4\d\d/.test(text))).toEqual([]);
  });
});
