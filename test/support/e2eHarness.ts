import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { expect } from 'vitest';
import { type RunningSandboxes, type SandboxOptions, startSandboxes } from '../../src-main/core/demo';
import { memorySecretStore } from '../../src-main/core/secrets';
import { setUpDemoWorkspace } from '../../src-main/demoWorkspace';
import { startWebHost, type WebHost } from '../../src-main/host';
import { CoreClient } from '../../src-main/worker/client';
import { launchChromium } from './browser';
import { makeTempDir } from './tempDir';

/**
 * The set-up every browser test shares: a real core worker on a temporary workspace (in-memory
 * keychain), optionally the vendor sandboxes and the demo workspace on them, the web host serving the
 * built renderer, and Debian's Chromium on one page that records page errors. One per test file.
 */
const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
export const rendererDir = join(repoRoot, 'out', 'renderer');
/** Kept as CI artefacts. */
export const screenshotDir = join(repoRoot, 'test-results', 'screenshots');

export const e2eKeychain = {
  available: false,
  description: 'in-memory (e2e test)',
  problem: 'No OS keychain in this test run: keys are kept in memory and forgotten afterwards.',
};

/** Fast sandboxes: the demo's Mixpanel budgets would only slow the tests down. */
const fastSandbox: SandboxOptions = { mixpanelQueryLimitPerHour: 100_000, mixpanelExportLimitPerSecond: 1e6 };

export interface E2eOptions {
  /** Start the sandboxes with these options (accounts, days…). */
  sandboxes?: SandboxOptions;
  /** Set up the demo workspace on the sandboxes (needs `sandboxes`). */
  demo?: boolean;
  allowDiagnostics?: boolean;
  /** Open the launch URL (sets the session cookie) before the tests; default true. */
  signIn?: boolean;
  /** Before the web host starts, e.g. settings the test needs. */
  prepare?(client: CoreClient): Promise<void>;
}

export interface E2eSession {
  client: CoreClient;
  host: WebHost;
  sandboxes: RunningSandboxes | null;
  browser: Browser;
  context: BrowserContext;
  page: Page;
  /** Uncaught page errors and console errors, with their source. */
  pageErrors: string[];
  dataDir: string;
  close(): Promise<void>;
}

export async function startE2e(options: E2eOptions = {}): Promise<E2eSession> {
  if (!existsSync(join(rendererDir, 'index.html'))) {
    throw new Error(`${rendererDir} is missing: run \`npx electron-vite build\` (npm run build) before the e2e tests.`);
  }
  mkdirSync(screenshotDir, { recursive: true });
  const dir = makeTempDir('pulse-e2e-');
  const sandboxes = options.sandboxes ? await startSandboxes({ ...fastSandbox, ...options.sandboxes }) : null;
  const client = await CoreClient.start({
    dataDir: join(dir.path, 'workspace'),
    host: 'web',
    secrets: memorySecretStore(),
    keychain: e2eKeychain,
    allowDiagnostics: options.allowDiagnostics ?? false,
  });
  if (options.demo) {
    if (!sandboxes) throw new Error('startE2e: the demo workspace needs `sandboxes`');
    await setUpDemoWorkspace(client, sandboxes);
  }
  await options.prepare?.(client);
  const host = await startWebHost({ client, rendererDir });
  const browser = await launchChromium();
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, colorScheme: 'light' });
  const page = await context.newPage();
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') pageErrors.push(`${message.text()} (${message.location().url})`);
  });
  if (options.signIn ?? true) {
    // the launch URL carries the token and sets the session cookie
    await page.goto(host.url);
    await page.waitForURL(`${host.origin}/`);
  }
  return {
    client,
    host,
    sandboxes,
    browser,
    context,
    page,
    pageErrors,
    dataDir: join(dir.path, 'workspace'),
    async close() {
      await context.close().catch(() => undefined);
      await browser.close().catch(() => undefined);
      await host.close();
      await client.close();
      await sandboxes?.close();
      dir.remove();
    },
  };
}

export const screenshotSizes = [
  [1280, 800],
  [1920, 1080],
] as const;
export const colorSchemes = ['light', 'dark'] as const;

/**
 * Screenshots of what `show` opens, at both sizes in both themes: `<name>-<w>x<h>-<scheme>.png` in
 * test-results/screenshots. `show` runs for each (it navigates and waits for the content).
 */
export async function screenshotEveryWay(page: Page, name: string, show: () => Promise<void>): Promise<string[]> {
  const files: string[] = [];
  for (const scheme of colorSchemes) {
    await page.emulateMedia({ colorScheme: scheme });
    for (const [width, height] of screenshotSizes) {
      await page.setViewportSize({ width, height });
      await show();
      await expect.poll(() => page.evaluate(() => document.documentElement.dataset.theme)).toBe(scheme);
      // loading placeholders gone, charts drawn, no focus ring or hover left over
      await page
        .locator('main [role="status"] .spinner')
        .first()
        .waitFor({ state: 'detached', timeout: 15_000 })
        .catch(() => undefined);
      // charts follow the new size a moment later (ResizeObserver); until then the page may be wider
      await expect
        .poll(() => page.evaluate(() => document.documentElement.scrollWidth), { timeout: 10_000 })
        .toBeLessThanOrEqual(width);
      await page.waitForTimeout(300);
      await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
      // the top-right corner of the top bar: no chart tooltip, no hover state in the picture
      await page.mouse.move(width - 2, 2);
      const file = join(screenshotDir, `${name}-${width}x${height}-${scheme}.png`);
      await page.screenshot({ path: file, fullPage: true, animations: 'disabled' });
      files.push(file);
    }
  }
  await page.emulateMedia({ colorScheme: 'light' });
  await page.setViewportSize({ width: 1280, height: 800 });
  return files;
}
