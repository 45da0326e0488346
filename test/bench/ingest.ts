/**
 * Ingest benchmark (issue 9, ingest half). Serves a large demo portfolio from the real sandboxes,
 * syncs it through Pulse's real connectors, aggregation and SQLite writer (in a child process, so
 * its peak RSS is measurable), and compares the throughput with DuckDB aggregating the same
 * decompressed export bytes, and with gunzip alone over the same compressed bytes.
 *
 *   node bin/run-ts.mjs test/bench/ingest.ts [--quick]
 *
 * Figures are printed, never asserted: performance is not a test.
 */
import { spawn } from 'node:child_process';
import { availableParallelism, cpus, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';
import { startSandboxes } from '../../src-main/core/demo';
import type { ConnectionInput } from '../../src-shared/contract';
import { makeTempDir } from '../support/tempDir';
import { type BenchBundle, bundleSyncChild } from './ingest/bundle';
import { duckdbAggregate } from './ingest/duckdbAggregate';
import { decompressToFiles, gzipMembers, writeGzipMembers } from './ingest/exportFiles';
import { startReplayProxy } from './ingest/replayProxy';
import type { SyncChildInput, SyncChildResult } from './ingest/syncChild';

export interface IngestFigures {
  ingest_amplitude_vs_duckdb: number;
  ingest_mixpanel_vs_duckdb: number;
  ingest_events_per_s: number;
  gunzip_floor_events_per_s: number;
  /**
   * gunzip alone on every core ÷ DuckDB: the best ratio any ingest that must decompress the export could
   * reach on this machine (DuckDB reads the files already decompressed). Below 0.5, the 0.5x target is
   * out of reach here whatever Pulse does after decompressing.
   */
  gunzip_ceiling_amplitude_vs_duckdb: number;
  gunzip_ceiling_mixpanel_vs_duckdb: number;
  /** Pulse ÷ DuckDB reading the same gzip members (decompressing them itself). */
  ingest_amplitude_vs_duckdb_gzip: number;
  ingest_mixpanel_vs_duckdb_gzip: number;
  peak_rss_mb_2m: number;
  peak_rss_mb_10m: number;
  quick: boolean;
}

/**
 * Portfolio sizes. The demo generator's per-user-day density is realistic (power users ~15 events a
 * day, casual users a few, dormant ones almost none); the event count is set by accounts × days.
 * 1,200 accounts × 45 days ≈ 2.3M Amplitude events; × 225 days ≈ 11M (same accounts and density,
 * five times the days: a sync's memory must not grow with history).
 */
const SIZES = {
  full: { accounts: 1200, days: 45, bigDays: 225, label: '2M', bigLabel: '10M' },
  quick: { accounts: 200, days: 30, bigDays: 150, label: '~0.25M (quick)', bigLabel: '~1.3M (quick)' },
} as const;

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Runs one sync in a fresh process. `BENCH_CPU_PROF=<dir>` adds --cpu-prof (profiles of every thread). */
export function syncInChild(bundle: BenchBundle, input: SyncChildInput): Promise<SyncChildResult> {
  const profDir = process.env.BENCH_CPU_PROF;
  const nodeArgs = profDir ? ['--cpu-prof', `--cpu-prof-dir=${profDir}`] : [];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...nodeArgs, bundle.child, JSON.stringify({ ...input, workerEntry: bundle.worker })], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => {
      err += d.toString();
    });
    child.on('error', reject);
    child.on('exit', (code) => {
      const line = out.split('\n').find((l) => l.startsWith('SYNC_RESULT '));
      if (!line) {
        reject(new Error(`sync child exited with ${code} and no result:\n${err.slice(-2000)}`));
        return;
      }
      const result = JSON.parse(line.slice('SYNC_RESULT '.length)) as SyncChildResult;
      if (result.outcome !== 'succeeded') reject(new Error(`sync ${result.outcome}: ${result.errorMessage}`));
      else resolve(result);
    });
  });
}

export function connectionsAt(baseUrl: string, sb: Awaited<ReturnType<typeof startSandboxes>>) {
  const amplitude: ConnectionInput = {
    vendor: 'amplitude',
    label: 'Amplitude (bench)',
    region: 'us',
    baseUrl: `${baseUrl}/amplitude`,
    settings: {},
    secrets: { apiKey: sb.amplitude.apiKey, secretKey: sb.amplitude.secretKey },
  };
  const mixpanel: ConnectionInput = {
    vendor: 'mixpanel',
    label: 'Mixpanel (bench)',
    region: 'us',
    baseUrl: `${baseUrl}/mixpanel`,
    settings: {
      projectId: String(sb.mixpanel.projectId),
      username: sb.mixpanel.username,
      dataGroupId: String(sb.mixpanel.companyDataGroupId),
      requestsPerHour: 100_000,
    },
    secrets: { secret: sb.mixpanel.secret },
  };
  return { amplitude, mixpanel };
}

const fmt = (n: number, digits = 0): string =>
  n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const sec = (ms: number): string => `${fmt(ms / 1000, 2)} s`;
const ratioNote = (r: number): string =>
  `${fmt(r, 2)}x  (target >= 0.50x, aim >= 1.00x: ${r >= 1 ? 'aim met' : r >= 0.5 ? 'target met' : 'BELOW target'})`;

export async function startBenchSandboxes(accounts: number, days: number) {
  const now = Date.now();
  return startSandboxes({
    seed: 42,
    accounts,
    days,
    clock: { now: () => now },
    mixpanelQueryLimitPerHour: 1_000_000,
    mixpanelExportLimitPerSecond: 1_000_000,
  });
}

export async function runIngestBench(opts: { quick: boolean; log: (line: string) => void }): Promise<IngestFigures> {
  const { log } = opts;
  const size = opts.quick ? SIZES.quick : SIZES.full;
  const work = makeTempDir('pulse-bench-ingest-');
  log(
    `ingest bench${opts.quick ? ' (--quick: smaller sizes)' : ''}: node ${process.version}, ${cpus().length} cores (${cpus()[0]?.model ?? '?'}), ${fmt(totalmem() / 2 ** 30)} GiB`,
  );
  try {
    const bundle = await bundleSyncChild(ROOT);
    // ---- 1. The ~2M portfolio, recorded once through the proxy, then replayed for the timed syncs.
    const sb = await startBenchSandboxes(size.accounts, size.days);
    const proxy = await startReplayProxy(sb.baseUrl, work.path);
    const conns = connectionsAt(proxy.baseUrl, sb);
    const backfillDays = size.days + 1;
    let ampRun: SyncChildResult;
    let mixRun: SyncChildResult;
    try {
      log(`portfolio: ${size.accounts} accounts, ${size.days} days, ${fmt(sb.portfolio.people.length)} people`);
      const recA = await syncInChild(bundle, { connection: conns.amplitude, backfillDays });
      log(`  recorded Amplitude export (sandbox generating live): ${fmt(recA.eventsRead)} events in ${sec(recA.ingestMs)}`);
      const recM = await syncInChild(bundle, { connection: conns.mixpanel, backfillDays });
      log(`  recorded Mixpanel export (sandbox generating live): ${fmt(recM.eventsRead)} events in ${sec(recM.ingestMs)}`);
      ampRun = await syncInChild(bundle, { connection: conns.amplitude, backfillDays });
      mixRun = await syncInChild(bundle, { connection: conns.mixpanel, backfillDays });
    } finally {
      await proxy.close();
      await sb.close();
    }

    // ---- 2. The same bytes, decompressed, for gunzip alone and for DuckDB.
    const ampMembers = await gzipMembers(proxy.recorded.filter((r) => r.vendor === 'amplitude'));
    const amp = await decompressToFiles(ampMembers, work.path, 'amplitude');
    const ampGz = await writeGzipMembers(ampMembers, work.path, 'amplitude');
    ampMembers.length = 0;
    const mixMembers = await gzipMembers(proxy.recorded.filter((r) => r.vendor === 'mixpanel'));
    const mix = await decompressToFiles(mixMembers, work.path, 'mixpanel');
    const mixGz = await writeGzipMembers(mixMembers, work.path, 'mixpanel');
    mixMembers.length = 0;
    const duckAmp = await duckdbAggregate('amplitude', amp.files);
    const duckMix = await duckdbAggregate('mixpanel', mix.files);
    // Like for like: DuckDB decompressing the same gzip members Pulse decompresses.
    const duckAmpGz = await duckdbAggregate('amplitude', ampGz);
    const duckMixGz = mixGz.length > 0 ? await duckdbAggregate('mixpanel', mixGz) : duckMix;

    const pulseAmpEps = amp.lines / (ampRun.ingestMs / 1000);
    const pulseMixEps = mix.lines / (mixRun.ingestMs / 1000);
    const duckAmpEps = amp.lines / (duckAmp.ms / 1000);
    const duckMixEps = mix.lines / (duckMix.ms / 1000);
    const gunzipEps = amp.lines / (amp.gunzipMs / 1000);
    log('');
    log(
      `Amplitude: ${fmt(amp.lines)} export lines, ${fmt(amp.bytes / 1e9, 2)} GB of JSON (${proxy.recorded.filter((r) => r.vendor === 'amplitude').length} ZIP downloads)`,
    );
    log(`  gunzip alone (1 core)           ${sec(amp.gunzipMs).padStart(9)}  ${fmt(gunzipEps).padStart(10)} ev/s  (floor)`);
    log(
      `  DuckDB read_ndjson + group by   ${sec(duckAmp.ms).padStart(9)}  ${fmt(duckAmpEps).padStart(10)} ev/s  (${duckAmp.threads} threads, ${fmt(duckAmp.groups)} account-user-days)`,
    );
    log(
      `  Pulse sync: HTTP+parse+agg+SQL  ${sec(ampRun.ingestMs).padStart(9)}  ${fmt(pulseAmpEps).padStart(10)} ev/s  (${fmt(ampRun.eventsRead)} events, ${fmt(ampRun.rowsWritten)} rows; whole sync.run ${sec(ampRun.totalMs)})`,
    );
    log(
      `  DuckDB from the gzip members    ${sec(duckAmpGz.ms).padStart(9)}  ${fmt(amp.lines / (duckAmpGz.ms / 1000)).padStart(10)} ev/s  (decompressing what Pulse decompresses; ${fmt(duckAmpGz.groups)} account-user-days)`,
    );
    log(`  ingest_amplitude_vs_duckdb      ${ratioNote(pulseAmpEps / duckAmpEps)}`);
    log(`  against DuckDB from the gzip members: ${fmt(pulseAmpEps / (amp.lines / (duckAmpGz.ms / 1000)), 2)}x`);
    const cores = availableParallelism();
    const ceilingAmp = (gunzipEps * cores) / duckAmpEps;
    log(
      `  ceiling: gunzip alone on all ${cores} cores ÷ DuckDB = ${fmt(ceilingAmp, 2)}x (no ingest that decompresses can pass it)`,
    );
    log(
      `  CPU time: Pulse ${sec(ampRun.ingestCpuMs)}, DuckDB ${sec(duckAmp.cpuMs)}: per CPU second ${fmt(duckAmp.cpuMs / ampRun.ingestCpuMs, 2)}x (steadier than wall time on a shared machine)`,
    );
    log(`Mixpanel: ${fmt(mix.lines)} export lines, ${fmt(mix.bytes / 1e9, 2)} GB of JSON`);
    log(
      `  gunzip alone (1 core)           ${sec(mix.gunzipMs).padStart(9)}  ${fmt(mix.lines / (mix.gunzipMs / 1000)).padStart(10)} ev/s`,
    );
    log(
      `  DuckDB read_ndjson + group by   ${sec(duckMix.ms).padStart(9)}  ${fmt(duckMixEps).padStart(10)} ev/s  (${fmt(duckMix.groups)} account-user-days)`,
    );
    log(
      `  Pulse sync: HTTP+parse+agg+SQL  ${sec(mixRun.ingestMs).padStart(9)}  ${fmt(pulseMixEps).padStart(10)} ev/s  (${fmt(mixRun.eventsRead)} events; whole sync.run ${sec(mixRun.totalMs)})`,
    );
    log(
      `  DuckDB from the gzip bodies     ${sec(duckMixGz.ms).padStart(9)}  ${fmt(mix.lines / (duckMixGz.ms / 1000)).padStart(10)} ev/s  (${fmt(duckMixGz.groups)} account-user-days)`,
    );
    log(`  ingest_mixpanel_vs_duckdb       ${ratioNote(pulseMixEps / duckMixEps)}`);
    log(`  against DuckDB from the gzip bodies: ${fmt(pulseMixEps / (mix.lines / (duckMixGz.ms / 1000)), 2)}x`);
    const ceilingMix = ((mix.lines / (mix.gunzipMs / 1000)) * cores) / duckMixEps;
    log(`  ceiling: gunzip alone on all ${cores} cores ÷ DuckDB = ${fmt(ceilingMix, 2)}x`);
    log(
      `  CPU time: Pulse ${sec(mixRun.ingestCpuMs)}, DuckDB ${sec(duckMix.cpuMs)}: per CPU second ${fmt(duckMix.cpuMs / mixRun.ingestCpuMs, 2)}x`,
    );

    // ---- 3. Peak RSS: the same accounts over five times the days, streamed live from the sandbox.
    const rss2m = Math.max(ampRun.maxRssMb, mixRun.maxRssMb);
    const big = await startBenchSandboxes(size.accounts, size.bigDays);
    let bigRun: SyncChildResult;
    try {
      bigRun = await syncInChild(bundle, {
        connection: connectionsAt(big.baseUrl, big).amplitude,
        backfillDays: size.bigDays + 1,
      });
    } finally {
      await big.close();
    }
    const rssLimitOk = (mb: number) => (mb < 300 ? 'under 300 MB: ok' : 'OVER 300 MB');
    log('');
    log(`Peak RSS of a sync (child process maxRSS, core worker included; target < 300 MB, 10M within 20% of 2M)`);
    log(
      `  ${size.label} events: Amplitude ${fmt(ampRun.maxRssMb)} MB, Mixpanel ${fmt(mixRun.maxRssMb)} MB  (${rssLimitOk(rss2m)})`,
    );
    for (const [name, run] of [
      ['Amplitude', ampRun],
      ['Mixpanel', mixRun],
    ] as const) {
      log(
        `    ${name}: the started core before syncing ${fmt(run.idleRssMb)} MB, highest while ingesting ${fmt(run.ingestPeakRssMb)} MB, after it ${fmt(run.afterIngestPeakRssMb)} MB (entities, accuracy, metrics and health recompute)`,
      );
    }
    log(
      `  ${size.bigLabel} events (${fmt(bigRun.eventsRead)} Amplitude events, ${size.bigDays} days): ${fmt(bigRun.maxRssMb)} MB  (${rssLimitOk(bigRun.maxRssMb)}; ${fmt((bigRun.maxRssMb / rss2m - 1) * 100, 1)}% vs the smaller sync)`,
    );
    log(
      `    the started core ${fmt(bigRun.idleRssMb)} MB, highest while ingesting ${fmt(bigRun.ingestPeakRssMb)} MB, after it ${fmt(bigRun.afterIngestPeakRssMb)} MB; by step: ${bigRun.peakRssByStep.map((s) => `${s.step} ${s.rssMb} MB`).join('; ')}`,
    );

    return {
      ingest_amplitude_vs_duckdb: pulseAmpEps / duckAmpEps,
      ingest_mixpanel_vs_duckdb: pulseMixEps / duckMixEps,
      ingest_events_per_s: pulseAmpEps,
      gunzip_floor_events_per_s: gunzipEps,
      ingest_amplitude_vs_duckdb_gzip: pulseAmpEps / (amp.lines / (duckAmpGz.ms / 1000)),
      ingest_mixpanel_vs_duckdb_gzip: pulseMixEps / (mix.lines / (duckMixGz.ms / 1000)),
      gunzip_ceiling_amplitude_vs_duckdb: ceilingAmp,
      gunzip_ceiling_mixpanel_vs_duckdb: ceilingMix,
      peak_rss_mb_2m: rss2m,
      peak_rss_mb_10m: bigRun.maxRssMb,
      quick: opts.quick,
    };
  } finally {
    work.remove();
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const figures = await runIngestBench({ quick: process.argv.includes('--quick'), log: (line) => console.log(line) });
  console.log(JSON.stringify(figures, null, 2));
}
