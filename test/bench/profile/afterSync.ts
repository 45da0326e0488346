/**
 * The bench's health_recompute_ms step on its own, without the full-history recompute the
 * bench runs first: `health.recompute {}` (every customer's provisional days and alert day, what follows
 * a daily sync) through the real CoreClient worker, on a workspace that already has its health:
 *   node bin/run-ts.mjs test/bench/profile/afterSync.ts DATA_DIR [RUNS] [--one-thread] [--bundle]
 * Opens the workspace itself (recomputing is idempotent): run it when no bench holds the same folder.
 * Prints wall and CPU time (every thread of the process, so the worker's and its task thread's; a run
 * after the first may include the tail of the memo fill the previous recompute started, until it sees
 * the queued recompute) and the process's peak RSS during the recompute (sampled every 20 ms).
 * --one-thread starts the core without task threads: the same code on one thread, for A/B runs.
 * --bundle runs the worker (and so its task thread) from an esbuild bundle, as the desktop build ships it,
 * instead of from source through tsx (whose transpiling a task thread pays again at its start).
 * --entry=FILE runs a worker script bundled beforehand instead (an A/B of two builds in the same minutes).
 */
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { isAbsolute, join } from 'node:path';
import { memorySecretStore } from '../../../src-main/core/secrets';
import { CoreClient } from '../../../src-main/worker';
import { bundleSyncChild } from '../ingest/bundle';
import { median, ms, timed } from '../stats';
import { KEY_EVENTS } from '../workspace';

const args = process.argv.slice(2);
const oneThread = args.includes('--one-thread');
const prebuilt = args.find((a) => a.startsWith('--entry='))?.slice('--entry='.length);
if (prebuilt !== undefined && !isAbsolute(prebuilt)) throw new Error('--entry= takes an absolute path');
const entry = prebuilt ?? (args.includes('--bundle') ? (await bundleSyncChild(process.cwd())).worker : undefined);
const [dataDir, runs = '2'] = args.filter((a) => !a.startsWith('--'));
if (!dataDir) throw new Error('usage: profile/afterSync.ts DATA_DIR [RUNS] [--one-thread]');
// As the bench's startBenchCore, plus the choice of threads.
const secrets = memorySecretStore('in-memory (bench)');
const client = await CoreClient.start({
  dataDir,
  host: 'test',
  secrets,
  keychain: { available: false, description: secrets.description, problem: null },
  ...(entry ? { entry } : {}),
  ...(oneThread ? { taskEntry: null } : {}),
});
const settings = await client.call('settings.get', {});
if (settings.timezone !== 'UTC' || settings.lookbackDays !== 3 || settings.keyEvents.join() !== KEY_EVENTS.join())
  await client.call('settings.update', { patch: { timezone: 'UTC', lookbackDays: 3, backfillDays: 365, keyEvents: KEY_EVENTS } });
try {
  const times: number[] = [];
  for (let i = 0; i < Number(runs); i++) {
    // CPU of the whole process (the worker threads included): on a shared machine the steadier figure.
    const cpu = process.cpuUsage();
    const rssBefore = process.memoryUsage.rss();
    let peakRss = rssBefore;
    const sampler = setInterval(() => {
      peakRss = Math.max(peakRss, process.memoryUsage.rss());
    }, 20);
    const step = await timed(() => client.call('health.recompute', {}));
    clearInterval(sampler);
    peakRss = Math.max(peakRss, process.memoryUsage.rss());
    const used = process.cpuUsage(cpu);
    times.push(step.ms);
    console.log(
      `after-sync recompute (${oneThread ? 'one thread' : 'threads allowed'}, ${entry ? 'bundle' : 'source'}): ${step.value.customers} customers, ${step.value.snapshots} snapshots in ${ms(step.ms)} ms, CPU ${ms((used.user + used.system) / 1000)} ms, RSS ${mb(rssBefore)} → peak ${mb(peakRss)} MB (load ${loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')})${threadLine()}`,
    );
  }
  console.log(`median ${ms(median(times))} ms`);
} finally {
  await client.close();
}

/** The task thread's start and share as the core logged them for the last recompute ('' on one thread). */
function threadLine(): string {
  const log = readFileSync(join(dataDir as string, 'logs', 'pulse.log'), 'utf8')
    .trimEnd()
    .split('\n');
  const entries = log.slice(-20).map((line) => JSON.parse(line) as Record<string, unknown>);
  const last = entries.findLastIndex((e) => e.message === 'health recomputed');
  const thread = entries[last - 1];
  if (last < 1 || thread?.message !== 'health recompute shared with a task thread') return '';
  const waits = thread.turnWaitMs as { core: number; task: number } | undefined;
  return `; task thread: start ${thread.threadStartMs} ms, ${thread.byTaskThread} customers; waits for the write turn: core ${waits?.core ?? '?'} ms, task ${waits?.task ?? '?'} ms`;
}

function mb(bytes: number): number {
  return Math.round(bytes / 1048576);
}
