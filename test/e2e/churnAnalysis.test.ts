import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generatePortfolio } from '../../src-main/core/demo';
import type { ChurnAnalysis } from '../../src-shared/contract';
import { requireChromiumOrSkip } from '../support/browser';
import { type E2eSession, screenshotDir, startE2e } from '../support/e2eHarness';

/**
 * The Churn analysis page in Chromium against the web host on a demo workspace long enough for a
 * 60-day horizon (outcomes arrive with the demo's customers CSV): the ranked table and the backtest show
 * the core's figures, "Use these weights" saves the tuned weights, and an outcome marked on an account's
 * header reaches the core.
 */
const { skip } = requireChromiumOrSkip();

describe.skipIf(skip)('Churn analysis page', () => {
  let s: E2eSession;
  let analysis: ChurnAnalysis;

  beforeAll(async () => {
    const portfolio = generatePortfolio({ seed: 12, accounts: 30, days: 200, now: Date.now(), minUsers: 3, maxUsers: 5 });
    s = await startE2e({ sandboxes: { portfolio }, demo: true });
    analysis = await s.client.call('analysis.churn', { horizonDays: 60 });
  }, 900_000);
  afterAll(async () => {
    await s?.close();
  });

  it('shows the ranked metrics and the health backtest the core computed', async () => {
    const { page } = s;
    await page.goto(`${s.host.origin}/#/churn`);
    await page.getByTestId('churn-backtest').waitFor();
    await expect.poll(() => page.getByTestId('churn-current-auc').textContent()).toBe(analysis.backtest.current.auc?.toFixed(2));
    const rows = page.locator('table.data-table tbody tr');
    await expect.poll(() => rows.count()).toBe(analysis.metrics.length);
    expect(await rows.first().locator('td, th').first().textContent()).toBe(analysis.metrics[0]?.label);
    await page.getByTestId('churn-chart').locator('svg').first().waitFor();
    await page.screenshot({ path: join(screenshotDir, 'churn-analysis-1280x800-light.png'), fullPage: true });
    expect(s.pageErrors).toEqual([]);
  });

  it('"Use these weights" saves the tuned weights when they gain on held-out customers', async () => {
    const tuned = analysis.backtest.tuned;
    const { page } = s;
    const button = page.getByRole('button', { name: 'Use these weights' });
    if (!tuned) {
      expect(await button.count()).toBe(0);
      return;
    }
    if ((tuned.gain ?? 0) <= 0) {
      expect(await button.isDisabled()).toBe(true);
      return;
    }
    const before = await s.client.call('health.config.get', {});
    await button.click();
    await expect
      .poll(async () => (await s.client.call('health.config.get', {})).version, { timeout: 120_000 })
      .toBe(before.version + 1);
    expect((await s.client.call('health.config.get', {})).config.weights).toEqual(tuned.weights);
    // the page reloads: the tuned weights are now the current ones, so the button has nothing left to save
    await expect.poll(() => button.isDisabled(), { timeout: 120_000 }).toBe(true);
  });

  it('marks an outcome from the account header', async () => {
    const { page } = s;
    const id = (await s.client.call('metrics.portfolio', {})).rows[0]?.customerId as string;
    await page.goto(`${s.host.origin}/#/account/${encodeURIComponent(id)}`);
    const fact = page.getByTestId('account-outcome');
    await fact.waitFor();
    await fact.getByRole('button', { name: /Mark|Change/ }).click();
    await fact.getByLabel('Outcome', { exact: true }).selectOption('renewed');
    await fact.getByLabel('Outcome date').fill('2025-06-30');
    await fact.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => page.getByTestId('account-outcome-text').textContent()).toContain('Renewed');
    const [saved] = await s.client.call('customers.outcomes', { customer: id });
    expect(saved).toMatchObject({ status: 'renewed', date: '2025-06-30', source: 'app' });
    expect(s.pageErrors).toEqual([]);
  });
});
