/**
 * Layout check for the portfolio table: serves a bench workspace through the web host and prints, per
 * viewport, how wide the table is against its box and each column's width; `--shot DIR` saves screenshots.
 *   node bin/run-ts.mjs test/bench/profile/tableFit.ts DATA_DIR [--shot DIR]
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { memorySecretStore } from '../../../src-main/core/secrets';
import { startWebHost } from '../../../src-main/host';
import { CoreClient } from '../../../src-main/worker';
import { launchChromium } from '../../support/browser';

const [dataDir, flag, shotDir] = process.argv.slice(2);
if (!dataDir) throw new Error('usage: profile/tableFit.ts DATA_DIR [--shot DIR]');
const rendererDir = join(fileURLToPath(new URL('../../../', import.meta.url)), 'out', 'renderer');
const secrets = memorySecretStore('in-memory (layout)');
const client = await CoreClient.start({
  dataDir,
  host: 'test',
  secrets,
  keychain: { available: false, description: secrets.description, problem: null },
});
const host = await startWebHost({ client, rendererDir });
const browser = await launchChromium();
try {
  for (const [width, height] of [
    [1280, 800],
    [1920, 1080],
  ] as const) {
    const page = await browser.newPage({ viewport: { width, height } });
    await page.goto(host.url);
    await page.goto(`${host.origin}/#/portfolio`);
    await page.locator('[data-testid="portfolio-table"] tbody tr').first().waitFor({ timeout: 120_000 });
    const fit = await page.evaluate(`(() => {
      const box = document.querySelector('.portfolio-scroll');
      const heads = [...document.querySelectorAll('[data-testid="portfolio-table"] thead th')];
      return { scroll: box.scrollWidth, client: box.clientWidth, columns: heads.map((h) => h.textContent.trim() + ' ' + Math.round(h.getBoundingClientRect().width)) };
    })()`);
    console.log(width, JSON.stringify(fit));
    if (flag === '--shot' && shotDir) await page.screenshot({ path: join(shotDir, `portfolio-${width}.png`) });
    await page.close();
  }
} finally {
  await browser.close();
  await host.close();
  await client.close();
}
