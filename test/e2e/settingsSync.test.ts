import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningSandboxes } from '../../src-main/core/demo';
import type { WebHost } from '../../src-main/host';
import type { CoreClient } from '../../src-main/worker/client';
import { accuracyText } from '../../src-renderer/pages/sync/runText';
import { formatNumber } from '../../src-shared/charts/format';
import { requireChromiumOrSkip } from '../support/browser';
import { type E2eSession, screenshotDir, startE2e } from '../support/e2eHarness';

/**
 * Settings → Connections / Account mapping / General and the Sync page, driven through the UI in
 * Chromium against the web host, with the demo vendor sandboxes behind the connections.
 */
const { skip } = requireChromiumOrSkip();

const WRONG_API_KEY = 'wrong-amplitude-api-key-7c1e94';
const WRONG_SECRET_KEY = 'wrong-amplitude-secret-key-55ab02';

describe.skipIf(skip)('Settings and Sync in Chromium against the web host', () => {
  let session: E2eSession;
  let sb: RunningSandboxes;
  let client: CoreClient;
  let host: WebHost;
  let page: Page;
  let secrets: string[] = [];
  /** Every body the window received from the host: call replies and event frames. */
  const received: string[] = [];
  const pending: Array<Promise<void>> = [];

  beforeAll(async () => {
    session = await startE2e({
      sandboxes: { accounts: 6, days: 8 },
      signIn: false,
      // A short history keeps the sync quick; unmatched accounts wait for the CSM instead of becoming customers.
      prepare: async (core) => {
        await core.call('settings.update', { patch: { backfillDays: 9, lookbackDays: 2, autoCreateCustomers: false } });
      },
    });
    ({ client, host, page } = session);
    if (!session.sandboxes) throw new Error('no sandboxes');
    sb = session.sandboxes;
    secrets = [sb.amplitude.apiKey, sb.amplitude.secretKey, WRONG_API_KEY, WRONG_SECRET_KEY];
    page.on('response', (response) => {
      if (!response.url().startsWith(host.origin)) return;
      pending.push(
        response.text().then(
          (text) => void received.push(text),
          () => undefined,
        ),
      );
    });
    page.on('websocket', (socket) => {
      socket.on('framereceived', ({ payload }) => void received.push(String(payload)));
    });
  }, 120_000);

  afterAll(async () => {
    await session?.close();
  });

  const connectionCard = (label: string) =>
    page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: label, exact: true }) });

  async function expectNoSecretsInPage(): Promise<void> {
    const html = await page.content();
    const text = await page.evaluate(() => document.body.textContent ?? '');
    const values = await page.evaluate(() => [...document.querySelectorAll('input')].map((input) => input.value));
    for (const secret of secrets) {
      expect(html, 'page HTML').not.toContain(secret);
      expect(text, 'page text').not.toContain(secret);
      expect(values, 'input values').not.toContain(secret);
    }
  }

  async function addAmplitude(label: string, apiKey: string, secretKey: string): Promise<void> {
    await page.getByRole('button', { name: 'Add connection' }).first().click();
    const form = page.getByRole('form', { name: 'Add a connection' });
    await form.waitFor();
    await form.getByRole('radio', { name: /Amplitude/ }).check();
    await form.getByLabel('Name').fill(label);
    await form.getByLabel('Region').selectOption('us');
    await form.getByLabel('Base URL').fill(sb.amplitude.baseUrl);
    await form.getByLabel('Account group type').fill('company');
    const apiKeyInput = form.getByLabel('API key');
    expect(await apiKeyInput.getAttribute('type')).toBe('password');
    expect(await apiKeyInput.inputValue()).toBe('');
    await apiKeyInput.fill(apiKey);
    await form.getByLabel('Secret key').fill(secretKey);
    await form.getByRole('button', { name: 'Save connection' }).click();
    await form.waitFor({ state: 'detached' });
  }

  it('shows the empty states first', async () => {
    await page.goto(host.url);
    await page.getByRole('heading', { level: 1, name: 'Portfolio' }).waitFor();
    await page.goto(`${host.origin}/#/sync`);
    await page.getByRole('heading', { name: 'No connections yet' }).waitFor();
    await page.getByRole('link', { name: 'Open Settings' }).click();
    await page.getByRole('heading', { level: 1, name: 'Settings' }).waitFor();
    await page.getByRole('heading', { name: 'No connections yet' }).waitFor();
    await page.getByText('Every synced vendor account is linked to a customer.').waitFor();
  });

  it('validates the form in plain words before anything is sent', async () => {
    await page.getByRole('button', { name: 'Add connection' }).click();
    const form = page.getByRole('form', { name: 'Add a connection' });
    await form.getByLabel('Base URL').fill('not a url');
    await form.getByRole('button', { name: 'Save connection' }).click();
    await form.getByText('This is not a web address.').waitFor();
    await form.getByText('Enter the API key.').waitFor();
    await form.getByText('Enter the secret key.').waitFor();
    expect(await form.getByLabel('Base URL').getAttribute('aria-invalid')).toBe('true');
    // focus went to the first field with a problem
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-field'))).toBe('baseUrl');
    expect((await client.call('connections.list', {})).length).toBe(0);
    await form.getByRole('button', { name: 'Cancel' }).click();
    await form.waitFor({ state: 'detached' });
  });

  it('adds an Amplitude connection with write-only keys and tests it', async () => {
    await addAmplitude('Amplitude (demo)', sb.amplitude.apiKey, sb.amplitude.secretKey);
    const card = connectionCard('Amplitude (demo)');
    await card.waitFor();
    await card.getByText('API key: set').waitFor();
    await card.getByText('Secret key: set').waitFor();
    await card.getByText(sb.amplitude.baseUrl).waitFor();
    await card.getByText('Never synced').waitFor();
    // saving tests the connection straight away
    const expected = await client.call('connections.test', { connection: 'Amplitude (demo)' });
    expect(expected.ok).toBe(true);
    await card.getByText('Connection works.').waitFor({ timeout: 30_000 });
    await card.getByText(expected.message).waitFor();
    // and the Test button does it again
    await card.getByRole('button', { name: 'Test Amplitude (demo)' }).click();
    await card.getByText('Connection works.').waitFor({ timeout: 30_000 });
    const [summary] = await client.call('connections.list', {});
    expect(summary?.secretsSet).toEqual({ apiKey: true, secretKey: true });
    await expectNoSecretsInPage();
  });

  it('shows a wrong key as a plain error, and removes that connection after confirming', async () => {
    await addAmplitude('Amplitude (wrong key)', WRONG_API_KEY, WRONG_SECRET_KEY);
    const card = connectionCard('Amplitude (wrong key)');
    await card.getByText('The test failed.').waitFor({ timeout: 30_000 });
    const outcome = await client.call('connections.test', { connection: 'Amplitude (wrong key)' });
    expect(outcome.ok).toBe(false);
    await card.getByText(outcome.message).waitFor();
    expect(outcome.message).not.toMatch(/Invalid request|\{|stack/i);
    await expectNoSecretsInPage();

    await card.getByRole('button', { name: 'Remove Amplitude (wrong key)' }).click();
    const dialog = page.getByRole('dialog', { name: 'Remove “Amplitude (wrong key)”?' });
    await dialog.waitFor();
    // Cancel has the focus, Escape closes without removing
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Cancel');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    expect((await client.call('connections.list', {})).length).toBe(2);
    await card.getByRole('button', { name: 'Remove Amplitude (wrong key)' }).click();
    await dialog.getByRole('button', { name: 'Remove connection' }).click();
    await card.waitFor({ state: 'detached' });
    expect((await client.call('connections.list', {})).map((c) => c.label)).toEqual(['Amplitude (demo)']);
  });

  it('reports a name taken elsewhere and an error from the core next to the form, in plain words', async () => {
    await page.getByRole('button', { name: 'Add connection' }).click();
    const form = page.getByRole('form', { name: 'Add a connection' });
    await form.getByLabel('Name').fill('Taken elsewhere');
    await form.getByLabel('API key').fill(WRONG_API_KEY);
    await form.getByLabel('Secret key').fill(WRONG_SECRET_KEY);
    // someone (the CLI) takes the name meanwhile: the list is live, so the form knows before sending
    await client.call('connections.create', {
      vendor: 'pendo',
      label: 'Taken elsewhere',
      region: 'us',
      baseUrl: sb.pendo.baseUrl,
      settings: {},
      secrets: { integrationKey: WRONG_API_KEY },
    });
    await connectionCard('Taken elsewhere').waitFor();
    await form.getByRole('button', { name: 'Save connection' }).click();
    await form.getByText('There is already a connection named “Taken elsewhere”. Choose another name.').waitFor();

    // a refusal only the core can make arrives as {code, message} and is shown reworded, beside the form
    const errorsBefore = session.pageErrors.length;
    await page.route('**/api/call/connections.create', (route) =>
      route.fulfill({
        status: 400,
        contentType: 'application/json',
        body: JSON.stringify({
          ok: false,
          error: { code: 'BAD_REQUEST', message: 'Invalid request for connections.create: baseUrl: Invalid URL' },
        }),
      }),
    );
    await form.getByLabel('Name').fill('Amplitude (second)');
    await form.getByLabel('API key').fill(WRONG_API_KEY);
    await form.getByLabel('Secret key').fill(WRONG_SECRET_KEY);
    await form.getByRole('button', { name: 'Save connection' }).click();
    const alert = form.getByRole('alert').filter({ hasText: 'The connection was not saved.' });
    await alert.getByText('Please check this field. Base URL: invalid URL.').waitFor();
    await page.unroute('**/api/call/connections.create');
    // Chromium logs the HTTP 400 itself; nothing else may have gone wrong
    expect(session.pageErrors.splice(errorsBefore).filter((text) => !/status of 400/.test(text))).toEqual([]);
    // the key fields were cleared after the attempt
    expect(await form.getByLabel('API key').inputValue()).toBe('');
    expect(await form.getByLabel('Secret key').inputValue()).toBe('');
    await form.getByRole('button', { name: 'Cancel' }).click();
    await form.waitFor({ state: 'detached' });
    await client.call('connections.remove', { connection: 'Taken elsewhere' });
    await connectionCard('Taken elsewhere').waitFor({ state: 'detached' });
  });

  it('syncs from the Sync page with live progress, then shows the run as the core reports it', async () => {
    // slow each export a little so the progress can be seen
    sb.addFault({ kind: 'delay', vendor: 'amplitude', path: 'export', count: -1, delayMs: 250 });
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Sync' }).click();
    await page.getByRole('heading', { level: 1, name: 'Sync' }).waitFor();
    const card = connectionCard('Amplitude (demo)');
    await card.getByText('Never synced. Press Sync now for the first one.').waitFor();
    await card.getByRole('button', { name: 'Sync Amplitude (demo) now' }).click();
    const progress = card.getByTestId('sync-progress');
    await progress.getByText(/window \d+ of \d+ · [\d,]+ events/).waitFor({ timeout: 30_000 });
    await card.getByRole('progressbar', { name: 'Sync progress of Amplitude (demo)' }).waitFor();
    await card.getByRole('button', { name: 'Cancel the sync of Amplitude (demo)' }).waitFor();
    await screenshot('sync-running', 1280, 800, 'light');
    await progress.waitFor({ state: 'detached', timeout: 90_000 });
    sb.clearFaults();

    const [run] = await client.call('sync.runs', { connection: null, limit: 20 });
    expect(run?.outcome).toBe('succeeded');
    expect(run?.eventsRead).toBeGreaterThan(0);
    await card.getByText('Succeeded').waitFor();
    await expect.poll(() => card.getByTestId('last-run-events').textContent()).toBe(formatNumber(run?.eventsRead));
    const row = page.getByRole('region', { name: 'Sync history' }).getByRole('row').nth(1);
    expect(await row.locator('[data-column="events"]').textContent()).toBe(formatNumber(run?.eventsRead));
    expect(await row.locator('[data-column="outcome"]').textContent()).toBe('Succeeded');
    expect(await row.locator('[data-column="accuracy"]').textContent()).toBe(accuracyText(run?.accuracyPct ?? null));
    await page.getByRole('status').filter({ hasText: 'Amplitude (demo) synced:' }).first().waitFor();
    await expectNoSecretsInPage();
  });

  it('imports a customers CSV and links an unmatched account by hand', async () => {
    await page.goto(`${host.origin}/#/settings`);
    await page.getByRole('button', { name: 'Account mapping' }).click();
    const before = await client.call('mapping.unmatched', {});
    expect(before.length).toBeGreaterThan(1);
    const queue = page.getByRole('region', { name: 'Unmatched vendor accounts' });
    await expect.poll(() => queue.getByRole('row').count()).toBe(before.length + 1);

    const [first] = sb.portfolio.customers;
    const csv = [
      'name,domain,owner,arr,renewal_date,segment,id',
      `${first?.name},${first?.domain},Dana Whitfield,120000,2026-03-31,Enterprise,crm-1`,
      'Northwind Manual,northwind-manual.example,Dana Whitfield,5000,2026-01-15,SMB,crm-900',
      ',nameless.example,Nobody,1,2026-01-01,SMB,crm-901',
      'Bad Money Inc,badmoney.example,Nobody,lots,2026-01-01,SMB,crm-902',
    ].join('\n');
    await page
      .getByLabel('Import customers CSV')
      .setInputFiles({ name: 'customers.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    const result = page.getByRole('status', { name: 'Import result' });
    await result.getByText('customers.csv: 2 created · 0 updated · 2 skipped').waitFor();
    await result.getByText('Line 4: no name').waitFor();
    await result.getByText('Line 5: ARR "lots" is not a number').waitFor();

    const afterImport = await client.call('mapping.unmatched', {});
    await expect.poll(() => queue.getByRole('row').count()).toBe(afterImport.length + 1);
    const target = afterImport[0];
    if (!target) throw new Error('nothing left to link by hand');
    const name = target.name ?? target.accountId;
    await queue.getByLabel(`Customer for ${name}`, { exact: true }).selectOption('__other__');
    // the picker offers customer names; the name resolves to its id
    await queue.getByLabel(`Customer name or id for ${name}`).fill('Northwind Manual');
    await queue.getByRole('button', { name: `Link ${name}`, exact: true }).click();
    await expect.poll(async () => (await client.call('mapping.unmatched', {})).length).toBe(afterImport.length - 1);
    await page
      .getByRole('status')
      .filter({ hasText: `Linked ${name} to Northwind Manual.` })
      .waitFor();
    await expect.poll(() => queue.getByRole('row').count()).toBe(Math.max(afterImport.length - 1, 1) + 1);
  });

  it('saves General settings: searchable time zone, schedule, privacy, retention, key events', async () => {
    await page.getByRole('button', { name: 'General' }).click();
    await page.getByLabel('Find a time zone').fill('tokyo');
    await page.getByText('1 zone matches.').waitFor();
    await page.getByLabel('Find a time zone').press('Enter');
    await page.getByRole('status').filter({ hasText: 'Saved. Time zone set to Asia/Tokyo.' }).waitFor();
    await page.getByLabel('Find a time zone').fill('');

    await page.getByLabel('Daily sync time').fill('07:30');
    await expect.poll(async () => (await client.call('settings.get', {})).syncTime).toBe('07:30');

    const privacy = page.getByLabel('Store readable user ids');
    expect(await privacy.isChecked()).toBe(false);
    await page.getByText('never an email or a name').waitFor();

    await page.getByLabel('Keep usage data for').fill('0');
    await page.getByLabel('Keep usage data for').press('Enter');
    await page.getByText('Enter a whole number from 1 to 120.').waitFor();
    await page.getByLabel('Keep usage data for').fill('18');
    await page.getByLabel('Keep usage data for').press('Enter');
    await expect.poll(async () => (await client.call('settings.get', {})).retentionMonths).toBe(18);

    await page.getByLabel('Add a key event').fill('Exported Report');
    await page.getByLabel('Add a key event').press('Enter');
    await expect.poll(async () => (await client.call('settings.get', {})).keyEvents.at(-1)).toBe('Exported Report');
    await page.getByRole('button', { name: 'Remove key event Exported Report' }).click();
    await expect.poll(async () => (await client.call('settings.get', {})).keyEvents).not.toContain('Exported Report');
    await client.call('settings.update', { patch: { timezone: 'UTC' } });
  });

  it('never shows or receives a secret', async () => {
    for (const route of ['settings', 'sync']) {
      await page.goto(`${host.origin}/#/${route}`);
      await page.getByRole('heading', { level: 1 }).waitFor();
      await page.getByText('Amplitude (demo)').first().waitFor();
      await expectNoSecretsInPage();
    }
    await Promise.all(pending);
    expect(received.length).toBeGreaterThan(10);
    for (const body of received) for (const secret of secrets) expect(body).not.toContain(secret);
  });

  async function screenshot(name: string, width: number, height: number, scheme: 'light' | 'dark'): Promise<string> {
    // at rest: no toasts left from earlier steps, no keyboard focus, no hover
    await page.evaluate(() => {
      for (const close of document.querySelectorAll<HTMLButtonElement>('button[aria-label="Dismiss notification"]'))
        close.click();
    });
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await page.mouse.move(width - 1, height - 1);
    const file = join(screenshotDir, `${name}-${width}x${height}-${scheme}.png`);
    await page.screenshot({ path: file, animations: 'disabled' });
    return file;
  }

  it('takes screenshots at 1280x800 and 1920x1080 in light and dark', async () => {
    const shots: string[] = [];
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      for (const [width, height] of [
        [1280, 800],
        [1920, 1080],
      ] as const) {
        await page.setViewportSize({ width, height });
        await page.goto(`${host.origin}/#/settings`);
        await page.getByText('API key: set').waitFor();
        await expect.poll(() => page.evaluate(() => document.documentElement.dataset.theme)).toBe(scheme);
        shots.push(await screenshot('settings-connections', width, height, scheme));
        await page.getByRole('button', { name: 'Add connection' }).click();
        const form = page.getByRole('form', { name: 'Add a connection' });
        await form.getByRole('radio', { name: /Mixpanel/ }).check();
        await form.getByLabel('Project id').fill('x');
        await form.getByRole('button', { name: 'Save connection' }).click();
        await form.getByText('Enter the service account secret.').waitFor();
        await form.scrollIntoViewIfNeeded();
        shots.push(await screenshot('settings-add-connection', width, height, scheme));
        await form.getByRole('button', { name: 'Cancel' }).click();
        await page.getByRole('button', { name: 'Account mapping' }).click();
        await page.getByRole('region', { name: 'Unmatched vendor accounts' }).waitFor();
        await page.waitForTimeout(400); // smooth scroll
        shots.push(await screenshot('settings-mapping', width, height, scheme));
        await page.getByRole('button', { name: 'General' }).click();
        await page.getByTestId('data-dir').waitFor();
        await page.waitForTimeout(400);
        shots.push(await screenshot('settings-general', width, height, scheme));
        await page.goto(`${host.origin}/#/sync`);
        await page.getByTestId('last-run-events').waitFor();
        shots.push(await screenshot('sync-history', width, height, scheme));
      }
    }
    for (const file of shots) expect(existsSync(file), file).toBe(true);
  });

  it('ran without page errors', () => {
    expect(session.pageErrors).toEqual([]);
  });
});
