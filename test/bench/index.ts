/**
 * `npm run bench [-- --quick] [-- --skip=ingest,queries,render,pdf | --only=queries] [-- --no-health]`: the performance figures of issue 9,
 * each printed with its target and ratio, then ONE JSON line holding them all (the last line of stdout).
 * Figures are measured, never asserted: performance is not a test. See test/bench/README.md.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromiumAvailability } from '../support/browser';
import { type IngestFigures, runIngestBench } from './ingest';
import { runNextDayBench } from './nextDay';
import { runPdfBench } from './pdf';
import { runQueryBench, startBenchCore } from './queries';
import { runRenderBench } from './render';
import { type Figure, formatFigure } from './stats';
import { buildBenchWorkspace } from './workspace';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const args = process.argv.slice(2);
const quick = args.includes('--quick');
const PARTS = ['ingest', 'queries', 'render', 'pdf'];
const skip = new Set((args.find((a) => a.startsWith('--skip='))?.slice('--skip='.length) ?? '').split(',').filter(Boolean));
// --only=queries,render: the complement of --skip.
const only = (args.find((a) => a.startsWith('--only='))?.slice('--only='.length) ?? '').split(',').filter(Boolean);
for (const part of only.length > 0 ? PARTS.filter((p) => !only.includes(p)) : []) skip.add(part);
// --no-health: keep the health snapshots of an earlier run instead of the full recompute (19 s at 1,000 customers since fix 30; it was 12 minutes).
const health = !args.includes('--no-health');
const unknown = args.filter(
  (a) => a !== '--quick' && a !== '--no-health' && !a.startsWith('--skip=') && !a.startsWith('--only='),
);
if (unknown.length > 0 || [...skip, ...only].some((s) => !PARTS.includes(s))) {
  console.error('usage: npm run bench [-- --quick] [-- --skip=ingest,queries,render,pdf | --only=...] [-- --no-health]');
  process.exit(2);
}

const log = (line: string) => console.log(line);
const figures: Figure[] = [];
const figure = (f: Figure) => {
  figures.push(f);
  console.log(formatFigure(f));
};

const size = quick ? { customers: 100, usersPerCustomer: 50, days: 365 } : { customers: 1000, usersPerCustomer: 50, days: 365 };
log(
  `Pulse bench${quick ? ' --quick (smaller sizes: 100 customers for the queries, the ingest bench its quick sizes)' : ''}: ` +
    `node ${process.version}, ${cpus().length} cores (${cpus()[0]?.model ?? '?'}), ${Math.round(totalmem() / 2 ** 30)} GiB`,
);

const result: Record<string, number | boolean | string | null> = {
  ingest_amplitude_vs_duckdb: null,
  ingest_mixpanel_vs_duckdb: null,
  ingest_events_per_s: null,
  gunzip_floor_events_per_s: null,
  gunzip_ceiling_amplitude_vs_duckdb: null,
  gunzip_ceiling_mixpanel_vs_duckdb: null,
  ingest_amplitude_vs_duckdb_gzip: null,
  ingest_mixpanel_vs_duckdb_gzip: null,
  peak_rss_mb_2m: null,
  peak_rss_mb_10m: null,
  portfolio_query_p95_ms: null,
  account_query_p95_ms: null,
  health_recompute_ms: null,
  portfolio_render_ms: null,
  account_charts_ms: null,
  portfolio_pdf_ms: null,
};

if (!skip.has('ingest')) {
  log('\n== Ingest');
  const ingest: IngestFigures = await runIngestBench({ quick, log });
  const { quick: _quick, ...values } = ingest;
  Object.assign(result, values);
}

if (!(skip.has('queries') && skip.has('render') && skip.has('pdf'))) {
  log(`\n== Workspace: ${size.customers} customers × ~${size.usersPerCustomer} users × ${size.days} days`);
  const workspace = await buildBenchWorkspace(size, log);
  const client = await startBenchCore(workspace);
  try {
    if (!skip.has('queries')) {
      log('\n== Queries (CoreClient → worker → SQLite)');
      Object.assign(result, await runQueryBench(client, { quick, dataDir: workspace.dataDir, health, log, figure }));
      Object.assign(result, await runNextDayBench({ dataDir: workspace.dataDir, log, figure }));
    }
    const browser = chromiumAvailability();
    if (!browser.available) log(`\n(no Chromium: render and PDF figures skipped: ${browser.reason})`);
    if (!skip.has('render') && browser.available) {
      log('\n== Renderer (Chromium via Playwright, Performance API)');
      const rendererDir = ensureRendererBuilt();
      Object.assign(result, await runRenderBench(client, { rendererDir, quick, log, figure }));
    }
    if (!skip.has('pdf') && browser.available) {
      log('\n== Reports');
      const outDir = join(workspace.dataDir, 'bench-exports');
      mkdirSync(outDir, { recursive: true });
      Object.assign(result, await runPdfBench(client, { outDir, quick, log, figure }));
    }
  } finally {
    await client.close();
  }
}

log('\n== Summary');
for (const f of figures) log(formatFigure(f));
if (!skip.has('ingest')) {
  log(
    `  ingest: ${result.ingest_events_per_s} events/s (gunzip floor ${result.gunzip_floor_events_per_s}); ` +
      `vs DuckDB: Amplitude ${result.ingest_amplitude_vs_duckdb}×, Mixpanel ${result.ingest_mixpanel_vs_duckdb}×; ` +
      `peak RSS ${result.peak_rss_mb_2m} MB (2M events), ${result.peak_rss_mb_10m} MB (10M events)`,
  );
}
console.log(JSON.stringify({ ...result, quick }));

/** The bench measures the renderer as built from the current sources: rebuild when a source is newer. */
function ensureRendererBuilt(): string {
  const rendererDir = join(repoRoot, 'out', 'renderer');
  const index = join(rendererDir, 'index.html');
  const builtAt = existsSync(index) ? statSync(index).mtimeMs : 0;
  const newest = Math.max(newestIn(join(repoRoot, 'src-renderer')), newestIn(join(repoRoot, 'src-shared')));
  if (newest > builtAt) {
    log('(renderer sources changed since the last build: npx electron-vite build)');
    const build = spawnSync('npx', ['electron-vite', 'build'], { cwd: repoRoot, stdio: ['ignore', 'ignore', 'inherit'] });
    if (build.status !== 0) throw new Error('electron-vite build failed; run `npm run build` to see why.');
  }
  return rendererDir;
}

function newestIn(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestIn(path) : statSync(path).mtimeMs);
  }
  return newest;
}
