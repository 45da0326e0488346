import type { Page } from 'playwright-core';
import { startWebHost } from '../../src-main/host';
import type { CoreClient } from '../../src-main/worker';
import { launchChromium } from '../support/browser';
import { type Figure, median, ms, percentile } from './stats';

export interface RenderFigures {
  portfolio_render_ms: number;
  account_charts_ms: number;
}

/**
 * In-page code, as JavaScript source (the bench itself is transpiled; source text keeps the page free of
 * the transpiler's helpers). Before the app's scripts: remember every long task (> 50 ms of main-thread
 * work). `__benchWhenInteractive({ ready, name, since })` waits until `ready()` holds and a frame was
 * painted, then until the main thread has been free of long tasks for 200 ms (the quiet window of Time
 * to Interactive), marks `name` and resolves with the performance.now() of the later of "painted" and
 * "end of the last long task since `since`".
 */
const inPageScript = `
window.__benchLongTasks = [];
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) window.__benchLongTasks.push({ start: e.startTime, end: e.startTime + e.duration });
}).observe({ type: 'longtask', buffered: true });
window.__benchWhenInteractive = ({ ready, name, since }) => {
  const isReady = new Function('return (' + ready + ')')();
  return new Promise((resolve, reject) => {
    const deadline = performance.now() + 60000;
    const quiet = (painted) => {
      const tasks = window.__benchLongTasks.filter((t) => t.end > since);
      const at = Math.max(painted, ...tasks.map((t) => t.end));
      if (performance.now() - at >= 200) {
        performance.mark(name, { startTime: at });
        resolve({ at, longTasks: tasks.length });
      } else setTimeout(() => quiet(painted), 50);
    };
    const check = () => {
      if (performance.now() > deadline) reject(new Error(name + ': not ready after 60 s'));
      else if (isReady()) requestAnimationFrame(() => setTimeout(() => quiet(performance.now()), 0));
      else requestAnimationFrame(check);
    };
    check();
  });
};`;

const waitFor = (ready: string, name: string, since: string) =>
  `window.__benchWhenInteractive({ ready: ${JSON.stringify(ready)}, name: ${JSON.stringify(name)}, since: ${since} })`;

const portfolioReady = `() => document.querySelectorAll('[data-testid="portfolio-table"] tbody tr').length > 0`;
const chartsReady = (id: string) =>
  `() => {
    if (!document.querySelector('.account-page[data-customer="${id}"] [data-testid="engagement-tab"]')) return false;
    const charts = [...document.querySelectorAll('.account-chart-canvas')];
    return charts.length > 0 && charts.every((c) => c.querySelector('svg path'));
  }`;

/**
 * Chromium (Debian's, through Playwright) against the web host at 1280×800, figures from the
 * Performance API inside the page:
 * - portfolio: a fresh page load of #/portfolio until the customer table is painted and the main
 *   thread is quiet (time since navigation start, performance.timeOrigin);
 * - account charts: from the in-app navigation to an account (location.hash, as a click does) until
 *   every chart of the Engagement tab has drawn its SVG and the main thread is quiet.
 */
export async function runRenderBench(
  client: CoreClient,
  options: { rendererDir: string; quick: boolean; log: (line: string) => void; figure: (f: Figure) => void },
): Promise<RenderFigures> {
  const host = await startWebHost({ client, rendererDir: options.rendererDir });
  const browser = await launchChromium();
  try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, colorScheme: 'light' });
    await context.addInitScript({ content: inPageScript });
    const errors: string[] = [];
    const watch = (page: Page) => page.on('pageerror', (e) => errors.push(e.message));
    const first = await context.newPage();
    watch(first);
    await first.goto(host.url); // sets the session cookie
    await first.waitForURL(`${host.origin}/`);
    await first.close();

    const loads: number[] = [];
    const longTasks: number[] = [];
    for (let i = 0; i < (options.quick ? 3 : 5); i++) {
      const page = await context.newPage();
      watch(page);
      await page.goto(`${host.origin}/#/portfolio`, { waitUntil: 'commit' });
      const result = (await page.evaluate(waitFor(portfolioReady, 'portfolio-interactive', '0'))) as {
        at: number;
        longTasks: number;
      };
      loads.push(result.at);
      longTasks.push(result.longTasks);
      await page.close();
    }
    options.log(
      `render: portfolio loads ${loads.map((v) => ms(v)).join(', ')} ms (long tasks per load: ${longTasks.join(', ')})`,
    );

    const page = await context.newPage();
    watch(page);
    await page.goto(`${host.origin}/#/portfolio`);
    await page.evaluate(waitFor(portfolioReady, 'portfolio-interactive', '0'));
    const fit = (await page.evaluate(`(() => {
      const box = document.querySelector('.portfolio-scroll');
      return box ? { scroll: box.scrollWidth, client: box.clientWidth } : null;
    })()`)) as { scroll: number; client: number } | null;
    if (fit)
      options.log(
        `render: portfolio table at 1280×800: ${fit.scroll} px wide in a ${fit.client} px box` +
          (fit.scroll > fit.client ? ' (scrolls sideways)' : ' (fits, no sideways scrolling)'),
      );
    const ids = await page.$$eval('[data-testid="portfolio-table"] tbody tr', (rows) =>
      rows.map((r) => r.getAttribute('data-customer-id') ?? ''),
    );
    const charts: number[] = [];
    for (const id of ids.filter(Boolean).slice(0, options.quick ? 4 : 12)) {
      // Start mark, in-app navigation (what a click on the row does), then wait: all inside the page.
      const result = (await page.evaluate(`(async () => {
        const start = performance.now();
        performance.mark('account-navigation', { startTime: start });
        location.hash = ${JSON.stringify(`#/account/${encodeURIComponent(id)}`)};
        const done = await ${waitFor(chartsReady(id), 'account-charts-drawn', 'start')};
        return done.at - start;
      })()`)) as number;
      charts.push(result);
    }
    options.log(`render: account charts ${charts.map((v) => ms(v)).join(', ')} ms`);
    if (errors.length > 0) options.log(`render: page errors: ${errors.join(' | ')}`);

    const figures: RenderFigures = {
      portfolio_render_ms: ms(median(loads)),
      account_charts_ms: ms(percentile(charts, 95)),
    };
    options.figure({
      key: 'portfolio_render_ms',
      label: 'Portfolio page interactive in Chromium, median load',
      value: figures.portfolio_render_ms,
      unit: 'ms',
      target: 1000,
      note: `${loads.length} loads, worst ${ms(Math.max(...loads))} ms`,
    });
    options.figure({
      key: 'account_charts_ms',
      label: 'Account page charts drawn, p95 over customers',
      value: figures.account_charts_ms,
      unit: 'ms',
      target: 300,
      note: `${charts.length} customers, median ${ms(median(charts))} ms`,
    });
    return figures;
  } finally {
    await browser.close();
    await host.close();
  }
}
