/**
 * One real sync in its own process, so its peak RSS is its own: a fresh workspace, the real core
 * worker (CoreClient), one connection pointing at the bench's HTTP server, `sync.run`, then one JSON
 * line on stdout with the timings and `process.resourceUsage().maxRSS`.
 * ingest.ts bundles it (./bundle.ts) and runs: node syncChild.mjs '<SyncChildInput JSON>'
 * With BENCH_RSS_TIMELINE=FILE it also appends to FILE every RSS sample (`{"at","rssMb"}`, ISO time) and,
 * at the end, the core's log lines: which step of the sync a peak falls in, finer than the progress steps.
 */
import { appendFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { memorySecretStore } from '../../../src-main/core/secrets';
import { CoreClient } from '../../../src-main/worker';
import type { ConnectionInput } from '../../../src-shared/contract';
import { makeTempDir } from '../../support/tempDir';

export interface SyncChildInput {
  connection: ConnectionInput;
  backfillDays: number;
  /** The bundled core worker (./bundle.ts); the TypeScript entry via tsx when absent. */
  workerEntry?: string;
  /**
   * The script of the core's extra threads (task and parse threads); null: none, everything on the core's
   * thread (the A/B of the parse thread). Absent: the worker entry, as the app does.
   */
  taskEntry?: string | null;
}

export interface SyncChildResult {
  outcome: string;
  errorMessage: string | null;
  eventsRead: number;
  eventsRejected: number;
  rowsWritten: number;
  windows: number;
  /** From 'starting' to the first 'computing' progress event: download, parse, aggregate, SQLite write. */
  ingestMs: number;
  /** CPU time of the process (every thread: core worker, zlib and libuv pools) over the ingest time. */
  ingestCpuMs: number;
  /** The whole sync.run call (also entities, accuracy check, metrics and health recompute). */
  totalMs: number;
  maxRssMb: number;
  /** Highest RSS sampled (every 50 ms) until the ingest phase ended: what the windows themselves cost. */
  ingestPeakRssMb: number;
  /** RSS of the started core with its connection, before the sync: what any sync starts from. */
  idleRssMb: number;
  /** Highest RSS sampled after the ingest phase (entities, saved reports, accuracy check, health recompute). */
  afterIngestPeakRssMb: number;
  /** Highest RSS sampled under each progress message of the sync, in order: where a peak comes from. */
  peakRssByStep: Array<{ step: string; rssMb: number }>;
}

async function main(): Promise<void> {
  const input = JSON.parse(process.argv[2] ?? '{}') as SyncChildInput;
  const dir = makeTempDir('pulse-bench-sync-');
  const secrets = memorySecretStore('in-memory (bench)');
  const client = await CoreClient.start({
    dataDir: dir.path,
    host: 'test',
    secrets,
    keychain: { available: false, description: secrets.description, problem: null },
    ...(input.workerEntry ? { entry: input.workerEntry } : {}),
    ...(input.taskEntry !== undefined ? { taskEntry: input.taskEntry } : {}),
  });
  try {
    await client.call('settings.update', {
      patch: { timezone: 'UTC', backfillDays: input.backfillDays, lookbackDays: 2 },
    });
    await client.call('connections.create', input.connection);
    const idleRss = process.memoryUsage.rss();
    let started = 0;
    let ingestEnd = 0;
    let ingestPeak = 0;
    let afterIngestPeak = 0;
    // Peak per step, keyed by the progress phase and message with window keys folded ("Window … saved").
    const steps = new Map<string, number>();
    let step = 'before the first progress event';
    let cpuStart: NodeJS.CpuUsage | null = null;
    let ingestCpuMs = 0;
    const timeline = process.env.BENCH_RSS_TIMELINE;
    const sampler = setInterval(() => {
      const rss = process.memoryUsage.rss();
      if (timeline)
        appendFileSync(timeline, `${JSON.stringify({ at: new Date().toISOString(), rssMb: Math.round(rss / 2 ** 20) })}\n`);
      if (ingestEnd === 0) ingestPeak = Math.max(ingestPeak, rss);
      else afterIngestPeak = Math.max(afterIngestPeak, rss);
      steps.set(step, Math.max(steps.get(step) ?? 0, rss));
    }, 50);
    client.on('sync.progress', (p) => {
      step = `${p.phase}: ${(p.message ?? '').replace(/Window \S+/, 'Window …')}`;
      if (p.phase === 'starting' && started === 0) {
        started = performance.now();
        cpuStart = process.cpuUsage();
      }
      if (p.phase === 'computing' && ingestEnd === 0) {
        ingestEnd = performance.now();
        const cpu = process.cpuUsage(cpuStart ?? undefined);
        ingestCpuMs = (cpu.user + cpu.system) / 1000;
      }
    });
    const t0 = performance.now();
    const [run] = await client.call('sync.run', { connection: input.connection.label, full: false });
    const totalMs = performance.now() - t0;
    clearInterval(sampler);
    const result: SyncChildResult = {
      outcome: run?.outcome ?? 'missing',
      errorMessage: run?.errorMessage ?? null,
      eventsRead: run?.eventsRead ?? 0,
      eventsRejected: run?.eventsRejected ?? 0,
      rowsWritten: run?.rowsWritten ?? 0,
      windows: run?.windowsDone ?? 0,
      ingestMs: (ingestEnd || performance.now()) - (started || t0),
      ingestCpuMs,
      totalMs,
      maxRssMb: process.resourceUsage().maxRSS / 1024,
      ingestPeakRssMb: ingestPeak / 2 ** 20,
      idleRssMb: idleRss / 2 ** 20,
      afterIngestPeakRssMb: afterIngestPeak / 2 ** 20,
      peakRssByStep: [...steps].map(([name, rss]) => ({ step: name, rssMb: Math.round(rss / 2 ** 20) })),
    };
    if (timeline) appendFileSync(timeline, readFileSync(join(dir.path, 'logs', 'pulse.log'), 'utf8'));
    process.stdout.write(`\nSYNC_RESULT ${JSON.stringify(result)}\n`);
  } finally {
    await client.close();
    dir.remove();
  }
}

await main();
