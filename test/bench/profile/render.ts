/**
 * Profiling entry for the portfolio and account pages in Chromium (what `render.ts` times), showing
 * where the main thread's time goes:
 *   node bin/run-ts.mjs test/bench/profile/render.ts DATA_DIR [LOADS] [--accounts=N] [--renderer=DIR] [--settle=MS]
 * Builds nothing: it serves out/renderer as built (`npx electron-vite build` first), or DIR (another
 * build, for an A/B against the same core). For each fresh
 * load of #/portfolio (and N in-app account navigations) it prints the long tasks, the core calls
 * (resource timing of /api/call/*: how long the page waited on the core), when the table was painted,
 * and a CDP CPU profile summarised by self time per script and per function, script compile/parse
 * (V8's "(program)" and compile nodes) included, and each stretch of > 50 ms main-thread work with the
 * functions it spent its time in (self and below; method names survive minification). `--save=DIR`
 * also writes each CPU profile there as a .cpuprofile (DevTools, or profile/selfTime.mjs). Opens the
 * workspace itself: run it when no bench holds the same folder. `--settle=MS`: how long the last
 * portfolio load sits after its rows are painted before the first account opens (default 1500).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CDPSession } from 'playwright-core';
import { startWebHost } from '../../../src-main/host';
import { launchChromium } from '../../support/browser';
import { startBenchCore } from '../queries';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const args = process.argv.slice(2);
const [dataDir, loadsArg = '3'] = args.filter((a) => !a.startsWith('--'));
const accounts = Number(args.find((a) => a.startsWith('--accounts='))?.slice('--accounts='.length) ?? '3');
const rendererDir = args.find((a) => a.startsWith('--renderer='))?.slice('--renderer='.length) ?? 'out/renderer';
const saveDir = args.find((a) => a.startsWith('--save='))?.slice('--save='.length);
// How long the portfolio sits after its rows are painted before the first account opens (the bench
// opens it about 250 ms after the page turned interactive; a person takes longer).
const settleMs = Number(args.find((a) => a.startsWith('--settle='))?.slice('--settle='.length) ?? '1500');
if (!dataDir)
  throw new Error('usage: profile/render.ts DATA_DIR [LOADS] [--accounts=N] [--renderer=DIR] [--save=DIR] [--settle=MS]');
if (saveDir) mkdirSync(saveDir, { recursive: true });

const client = await startBenchCore({ dataDir } as Parameters<typeof startBenchCore>[0]);
const host = await startWebHost({ client, rendererDir });
const browser = await launchChromium();

/** Self time per key, from the sample deltas (µs → ms). */
function summarise(profile: CpuProfile, keyOf: (node: ProfileNode) => string, top: number): string[] {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<string, number>();
  profile.samples.forEach((id, i) => {
    const node = byId.get(id);
    if (!node) return;
    const key = keyOf(node);
    self.set(key, (self.get(key) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
  });
  return [...self.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([key, value]) => `${value.toFixed(1).padStart(8)} ms  ${key}`);
}

const shortUrl = (url: string) => url.replace(/^https?:\/\/[^/]+/, '') || '(native/none)';

async function profiled<T>(cdp: CDPSession, work: () => Promise<T>): Promise<{ value: T; profile: CpuProfile }> {
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
  await cdp.send('Profiler.start');
  const value = await work();
  const { profile } = (await cdp.send('Profiler.stop')) as unknown as { profile: CpuProfile };
  return { value, profile };
}

/** Main-thread busy time (every sample that is not idle), split into parse/compile, GC and the rest. */
function busy(profile: CpuProfile): { total: number; program: number; gc: number } {
  const byId = new Map(profile.nodes.map((n) => [n.id, n.callFrame.functionName]));
  const out = { total: 0, program: 0, gc: 0 };
  profile.samples.forEach((id, i) => {
    const name = byId.get(id);
    const ms = (profile.timeDeltas[i] ?? 0) / 1000;
    if (name === '(idle)') return;
    out.total += ms;
    if (name === '(program)') out.program += ms;
    if (name === '(garbage collector)') out.gc += ms;
  });
  return out;
}

/**
 * Contiguous runs of non-idle samples longer than 50 ms (about the long tasks), each with the functions
 * most of it ran in, counting a function's callees too (a sample counts once per distinct function on
 * its stack), so "resize", "setOption" or React's commit show up above the leaves.
 */
function busyStretches(profile: CpuProfile): string[] {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const out: string[] = [];
  let at = 0;
  let run: { start: number; ms: number; inclusive: Map<string, number> } | null = null;
  const close = () => {
    if (run && run.ms > 50) {
      const top = [...run.inclusive.entries()]
        .filter(([key]) => !key.startsWith('(root)') && !key.startsWith('(program)'))
        .sort((a, b) => b[1] - a[1])
        .slice(0, 12)
        .map(([key, value]) => `${key} ${value.toFixed(0)}`);
      out.push(`  busy from ${run.start.toFixed(0)} ms for ${run.ms.toFixed(0)} ms: ${top.join(' | ')}`);
    }
    run = null;
  };
  profile.samples.forEach((id, i) => {
    const ms = (profile.timeDeltas[i] ?? 0) / 1000;
    at += ms;
    const node = byId.get(id);
    if (!node || node.callFrame.functionName === '(idle)') {
      close();
      return;
    }
    run ??= { start: at, ms: 0, inclusive: new Map() };
    run.ms += ms;
    const seen = new Set<string>();
    for (let n: ProfileNode | undefined = node; n; n = byId.get(parent.get(n.id) ?? -1)) {
      const key = `${n.callFrame.functionName || '(anonymous)'}${n.callFrame.url ? `:${shortUrl(n.callFrame.url).replace(/^.*\//, '')}` : ''}`;
      if (seen.has(key)) continue;
      seen.add(key);
      run.inclusive.set(key, (run.inclusive.get(key) ?? 0) + ms);
    }
  });
  close();
  return out;
}

let saved = 0;
function report(label: string, profile: CpuProfile): void {
  if (saveDir) {
    const file = join(saveDir, `${String(++saved).padStart(2, '0')}-${label.replaceAll(' ', '-')}.cpuprofile`);
    writeFileSync(file, JSON.stringify(profile));
    console.log(`  saved ${file}`);
  }
  for (const line of busyStretches(profile)) console.log(line);
  const b = busy(profile);
  console.log(
    `  BUSY ${label}: ${b.total.toFixed(0)} ms main thread (program/compile ${b.program.toFixed(0)}, GC ${b.gc.toFixed(0)})`,
  );
  console.log(`  self time by script (${label}):`);
  for (const line of summarise(profile, (n) => shortUrl(n.callFrame.url), 8)) console.log(`  ${line}`);
  console.log('  self time by function:');
  for (const line of summarise(
    profile,
    (n) => `${n.callFrame.functionName || '(anonymous)'} ${shortUrl(n.callFrame.url)}:${n.callFrame.lineNumber + 1}`,
    25,
  ))
    console.log(`  ${line}`);
}

const observeScript = `
window.__longTasks = [];
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) window.__longTasks.push([Math.round(e.startTime), Math.round(e.duration)]);
}).observe({ type: 'longtask', buffered: true });`;

try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, colorScheme: 'light' });
  await context.addInitScript({ content: observeScript });
  const first = await context.newPage();
  await first.goto(host.url);
  await first.waitForURL(`${host.origin}/`);
  await first.close();

  let ids: string[] = [];
  for (let i = 0; i < Number(loadsArg); i++) {
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    const { value: timeline, profile } = await profiled(cdp, async () => {
      await page.goto(`${host.origin}/#/portfolio`, { waitUntil: 'commit' });
      await page.waitForSelector('[data-testid="portfolio-table"] tbody tr');
      const painted = await page.evaluate(
        'new Promise((r) => requestAnimationFrame(() => setTimeout(() => r(performance.now()), 0)))',
      );
      await page.waitForTimeout(settleMs);
      return page.evaluate(`(() => ({
        painted: ${painted},
        longTasks: window.__longTasks,
        resources: performance.getEntriesByType('resource').map((e) => [e.name.replace(location.origin, ''), Math.round(e.startTime), Math.round(e.responseEnd)]),
        nav: (() => { const n = performance.getEntriesByType('navigation')[0]; return n ? { responseEnd: Math.round(n.responseEnd), domInteractive: Math.round(n.domInteractive), domContentLoaded: Math.round(n.domContentLoadedEventEnd) } : null; })(),
      }))()`);
    });
    const t = timeline as {
      painted: number;
      longTasks: Array<[number, number]>;
      resources: Array<[string, number, number]>;
      nav: unknown;
    };
    console.log(`\n== portfolio load ${i + 1}: rows painted at ${t.painted.toFixed(0)} ms`);
    console.log(`  navigation: ${JSON.stringify(t.nav)}`);
    console.log(`  long tasks [start, duration]: ${JSON.stringify(t.longTasks)}`);
    for (const [name, start, end] of t.resources) console.log(`  resource ${name}: ${start} → ${end} ms`);
    report('portfolio load', profile);
    ids = await page.$$eval('[data-testid="portfolio-table"] tbody tr', (rows) =>
      rows.map((r) => r.getAttribute('data-customer-id') ?? ''),
    );
    if (i < Number(loadsArg) - 1) await page.close();
    else {
      for (const id of ids.filter(Boolean).slice(0, accounts)) {
        const { value, profile: accountProfile } = await profiled(cdp, async () => {
          const started = (await page.evaluate(`(() => {
            window.__longTasks = [];
            performance.clearResourceTimings();
            const t = performance.now();
            location.hash = ${JSON.stringify(`#/account/${encodeURIComponent(id)}`)};
            return t;
          })()`)) as number;
          // Polled from here: the page's CSP refuses the eval that waitForFunction needs.
          const drawnCheck = `(() => {
            const charts = [...document.querySelectorAll('.account-page[data-customer="${id}"] .account-chart-canvas')];
            return charts.length > 0 && charts.every((c) => c.querySelector('svg path'));
          })()`;
          while (!(await page.evaluate(drawnCheck))) await page.waitForTimeout(10);
          const drawn = (await page.evaluate('performance.now()')) as number;
          await page.waitForTimeout(1000);
          const rest = (await page.evaluate(`({
            longTasks: window.__longTasks,
            resources: performance.getEntriesByType('resource').map((e) => [e.name.replace(location.origin, ''), Math.round(e.startTime), Math.round(e.responseEnd)]),
          })`)) as { longTasks: Array<[number, number]>; resources: Array<[string, number, number]> };
          return { started, drawn, ...rest };
        });
        console.log(`\n== account ${id}: charts drawn ${(value.drawn - value.started).toFixed(0)} ms after navigation`);
        console.log(
          `  long tasks [start−nav, duration]: ${JSON.stringify(value.longTasks.map(([s, d]) => [Math.round(s - value.started), d]))}`,
        );
        for (const [name, start, end] of value.resources)
          console.log(`  resource ${name}: ${Math.round(start - value.started)} → ${Math.round(end - value.started)} ms`);
        report('account navigation', accountProfile);
      }
      await page.close();
    }
  }
} finally {
  await browser.close();
  await host.close();
  await client.close();
}
