import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import BetterSqlite3 from 'better-sqlite3';
import { memorySecretStore } from '../../src-main/core/secrets';
import { databasePathIn } from '../../src-main/core/workspace';
import { CoreClient } from '../../src-main/worker';
import { bundleSyncChild } from './ingest/bundle';
import { type Figure, median, ms, percentile, timed } from './stats';
import { type BuiltWorkspace, KEY_EVENTS } from './workspace';

export interface QueryFigures {
  portfolio_query_p95_ms: number;
  portfolio_query_cold_ms: number;
  /** The first portfolio open of a freshly started core on an unchanged workspace (not one of the issue's figures). */
  portfolio_query_first_after_start_ms: number;
  account_query_p95_ms: number;
  /** null with `--no-health` (the workspace kept the health of an earlier run). */
  health_recompute_ms: number | null;
  health_full_history_ms: number | null;
}

/**
 * A real core worker on the bench workspace, configured as a synced workspace would be. The worker (and
 * the task thread it starts for a large recompute) runs from an esbuild bundle, as the desktop build
 * ships it: from source, tsx's transpiling adds ~1 s to a task thread's start and ~50 MB to its RSS.
 */
export async function startBenchCore(workspace: Pick<BuiltWorkspace, 'dataDir'>): Promise<CoreClient> {
  const secrets = memorySecretStore('in-memory (bench)');
  const client = await CoreClient.start({
    entry: (await bundleSyncChild(fileURLToPath(new URL('../../', import.meta.url)))).worker,
    dataDir: workspace.dataDir,
    host: 'test',
    secrets,
    keychain: { available: false, description: secrets.description, problem: null },
  });
  const settings = await client.call('settings.get', {});
  if (settings.timezone !== 'UTC' || settings.lookbackDays !== 3 || settings.keyEvents.join() !== KEY_EVENTS.join())
    await client.call('settings.update', {
      patch: { timezone: 'UTC', lookbackDays: 3, backfillDays: 365, keyEvents: KEY_EVENTS },
    });
  return client;
}

/** What the portfolio page asks for on open (PortfolioPage.loadPortfolio), in parallel as it does. */
function portfolioPage(client: CoreClient) {
  return Promise.all([
    client.call('metrics.portfolio', {}),
    client.call('health.portfolio', {}),
    client.call('commands.directory', {}),
  ]);
}

/** The portfolio page's calls, each one's time from the open (the worker answers them one after another). */
async function portfolioPageTimed(client: CoreClient): Promise<Record<string, number>> {
  const started = performance.now();
  const took = <T>(call: Promise<T>) => call.then(() => ms(performance.now() - started));
  const [metrics, health, directory] = await Promise.all([
    took(client.call('metrics.portfolio', {})),
    took(client.call('health.portfolio', {})),
    took(client.call('commands.directory', {})),
  ]);
  return { 'metrics.portfolio': metrics, 'health.portfolio': health, 'commands.directory': directory };
}

/** What the account page asks for on open (AccountPage.loadAccount + the Engagement tab's portfolio average). */
function accountPage(client: CoreClient, customer: string) {
  return Promise.all([
    client.call('metrics.account', { customer }),
    client.call('health.get', { customer }),
    client.call('alerts.list', { customer, status: ['open', 'acknowledged', 'dismissed', 'resolved'], limit: 500 }),
    client.call('metrics.portfolio', {}),
  ]);
}

/**
 * The query figures, through the real CoreClient (worker thread, structured clone), the channels the
 * pages call:
 * - health: every customer's full 90-day history and alerts (what a health-config change runs), then the
 *   recompute after a daily sync of every connection (each customer's provisional days and alert day);
 * - portfolio: p95 of repeated opens, the first open after a sync changed the data (cold: the
 *   per-data-version memo is empty), and the first open of a core started on unchanged data;
 * - account: p95 over opens of different customers (each one cold for its own queries).
 */
export async function runQueryBench(
  client: CoreClient,
  options: {
    quick: boolean;
    dataDir: string;
    /** false: keep the health snapshots an earlier run computed (the full recompute: 19 s at 1,000 customers). */
    health?: boolean;
    log: (line: string) => void;
    figure: (f: Figure) => void;
  },
): Promise<QueryFigures> {
  const { log, figure } = options;
  const runs = options.quick ? 1 : 3;

  const stored = storedSnapshots(options.dataDir);
  const skipHealth = options.health === false && stored > 0;
  if (skipHealth) log(`health: recompute skipped (--no-health), the workspace keeps ${stored} snapshots from an earlier run`);
  const full = skipHealth ? null : await timed(() => client.call('health.recompute', { full: true }));
  if (full)
    log(`health: full history for ${full.value.customers} customers, ${full.value.snapshots} snapshots in ${ms(full.ms)} ms`);
  const incremental: number[] = [];
  for (let i = 0; i < (skipHealth ? 0 : runs); i++) {
    // A daily sync's recompute starts with the core idle: the portfolio-wide results the previous
    // recompute's memo fill computes in the background were done hours before. Timed right after a
    // recompute, it would also wait for the fill's step in progress (0.3-2 s).
    await memoFillDone(options.dataDir);
    // A sync touched the last days of every connection: those windows are re-committed.
    const step = await timed(() => client.call('health.recompute', {}));
    incremental.push(step.ms);
    log(`health: after-sync recompute ${step.value.customers} customers, ${step.value.snapshots} snapshots in ${ms(step.ms)} ms`);
  }

  // Cold portfolio: a committed window changes the data version, as a sync does.
  const cold: number[] = [];
  for (let i = 0; i < (options.quick ? 2 : 3); i++) {
    touchDataVersion(options.dataDir);
    cold.push((await timed(() => portfolioPage(client))).ms);
  }
  const warm: number[] = [];
  const [metrics] = await portfolioPage(client);
  for (let i = 0; i < (options.quick ? 20 : 60); i++) warm.push((await timed(() => portfolioPage(client))).ms);
  log(`portfolio: ${metrics.rows.length} rows; cold ${cold.map((v) => ms(v)).join(', ')} ms; warm median ${ms(median(warm))} ms`);

  const customers = metrics.rows.map((r) => r.customerId);
  const sample = customers.filter((_, i) => i % Math.max(1, Math.floor(customers.length / (options.quick ? 20 : 60))) === 0);
  // The account sample starts where a sync leaves the core: the cold-portfolio steps above moved the data
  // version without the health recompute a sync runs, which (here of one customer) is followed by filling
  // the portfolio-wide memos in the background. The fill pauses between its steps, so the portfolio open
  // below waits only for the step in progress (the portfolio rows); the first account opened then
  // finishes what its connection still lacks, and later opens may still meet the fill at work.
  touchDataVersion(options.dataDir);
  await client.call('health.recompute', { customer: customers[0] as string });
  // The fill starts once the recompute has answered and the settings are read; a request sent before
  // that would compute the memos itself, so give it a moment as a user would.
  await new Promise((resolve) => setTimeout(resolve, 200));
  const settled = await timed(() => client.call('metrics.portfolio', {}));
  const firstAfterSync = await timed(() => accountPage(client, customers[Math.floor(customers.length / 2)] as string));
  log(
    `account: first open after a sync ${ms(firstAfterSync.ms)} ms (the portfolio open before it, behind the background fill: ${ms(settled.ms)} ms)`,
  );

  const account: number[] = [];
  for (const customer of sample) account.push((await timed(() => accountPage(client, customer))).ms);
  log(`account: ${sample.length} customers, median ${ms(median(account))} ms, max ${ms(Math.max(...account))} ms`);

  // The app quit and started again the same day: a core started on the workspace as the steps above left
  // it (nothing changed since the last recompute and the fill after it), first portfolio open. The first
  // core stays open, idle. (On a new day the portfolio rows' window moves: they are recomputed.)
  const restarted = await timed(() => startBenchCore({ dataDir: options.dataDir }));
  let afterStart: { ms: number; value: Record<string, number> };
  try {
    afterStart = await timed(() => portfolioPageTimed(restarted.value));
  } finally {
    await restarted.value.close();
  }
  log(
    `portfolio: first open after a core start ${ms(afterStart.ms)} ms (start ${ms(restarted.ms)} ms; answered at ` +
      `${Object.entries(afterStart.value)
        .map(([channel, at]) => `${channel} ${at} ms`)
        .join(', ')})`,
  );

  const figures: QueryFigures = {
    portfolio_query_p95_ms: ms(percentile(warm, 95)),
    portfolio_query_cold_ms: ms(percentile(cold, 95)),
    portfolio_query_first_after_start_ms: ms(afterStart.ms),
    account_query_p95_ms: ms(percentile(account, 95)),
    health_recompute_ms: full ? ms(median(incremental)) : null,
    health_full_history_ms: full ? ms(full.ms) : null,
  };
  figure({
    key: 'portfolio_query_p95_ms',
    label: 'Portfolio page queries, p95 of repeated opens',
    value: figures.portfolio_query_p95_ms,
    unit: 'ms',
    target: 50,
    note: `${warm.length} opens`,
  });
  figure({
    key: 'portfolio_query_cold_ms',
    label: 'Portfolio page queries, first open after a sync (worst)',
    value: figures.portfolio_query_cold_ms,
    unit: 'ms',
    target: 50,
    note: `${cold.length} syncs`,
  });
  figure({
    key: 'portfolio_query_first_after_start_ms',
    label: 'Portfolio page queries, first open after a core start',
    value: figures.portfolio_query_first_after_start_ms,
    unit: 'ms',
    target: 50,
    note: 'one start',
  });
  figure({
    key: 'account_query_p95_ms',
    label: 'Account page queries, p95 over customers',
    value: figures.account_query_p95_ms,
    unit: 'ms',
    target: 100,
    note: `${account.length} customers`,
  });
  if (!full) return figures;
  figure({
    key: 'health_recompute_ms',
    label: 'Health + alerts recompute, every customer, after a sync',
    value: ms(median(incremental)),
    unit: 'ms',
    target: 2000,
    note: `median of ${incremental.length}`,
  });
  figure({
    key: 'health_full_history_ms',
    label: 'Health + alerts, every customer, full 90-day history',
    value: ms(full.ms),
    unit: 'ms',
    note: `${full.value.snapshots.toLocaleString('en-US')} snapshots; runs on a health-settings change`,
  });
  return figures;
}

/**
 * Waits until the core's log says the memo fill after the last recompute completed (the fill runs after
 * every recompute in the long-lived hosts, pausing between its steps for requests). At most 120 s.
 */
async function memoFillDone(dataDir: string): Promise<void> {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    const entries = readFileSync(join(dataDir, 'logs', 'pulse.log'), 'utf8')
      .trimEnd()
      .split('\n')
      .slice(-50)
      .map((line) => JSON.parse(line) as { message?: string; completed?: boolean });
    const lastRecompute = entries.findLastIndex((e) => e.message === 'health recomputed');
    const filled = entries.findLastIndex((e) => e.message === 'portfolio memos filled' && e.completed === true);
    if (lastRecompute < 0 || filled > lastRecompute) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('bench: the memo fill after the recompute did not complete within 120 s (see logs/pulse.log)');
}

function storedSnapshots(dataDir: string): number {
  const db = new BetterSqlite3(databasePathIn(dataDir), { readonly: true, timeout: 5000 });
  try {
    return (db.prepare('select count(*) as n from health_snapshots').get() as { n: number }).n;
  } finally {
    db.close();
  }
}

/** Re-commits the newest sync window of each connection (what a sync does), from a second connection. */
function touchDataVersion(dataDir: string): void {
  const db = new BetterSqlite3(databasePathIn(dataDir), { timeout: 5000 });
  try {
    db.prepare(
      `update sync_windows set committed_at = (select max(committed_at) + 1 from sync_windows)
       where (connection_id, stream, window_key) in (select connection_id, stream, max(window_key) from sync_windows group by connection_id, stream)`,
    ).run();
  } finally {
    db.close();
  }
}
