/**
 * The bench's health_recompute_ms step on its own, without the 12-minute full-history recompute the
 * bench runs first: `health.recompute {}` (every customer's provisional days and alert day, what follows
 * a daily sync) through the real CoreClient worker, on a workspace that already has its health:
 *   node bin/run-ts.mjs test/bench/profile/afterSync.ts DATA_DIR [RUNS]
 * Opens the workspace itself (recomputing is idempotent): run it when no bench holds the same folder.
 * Prints wall and CPU time (every thread of the process, so the worker's; a run after the first may
 * include the tail of the memo fill the previous recompute started, until it sees the queued recompute).
 */
import { loadavg } from 'node:os';
import { startBenchCore } from '../queries';
import { median, ms, timed } from '../stats';

const [dataDir, runs = '2'] = process.argv.slice(2);
if (!dataDir) throw new Error('usage: profile/afterSync.ts DATA_DIR [RUNS]');
const client = await startBenchCore({ dataDir } as Parameters<typeof startBenchCore>[0]);
try {
  const times: number[] = [];
  for (let i = 0; i < Number(runs); i++) {
    // CPU of the whole process (the worker thread included): on a shared machine the steadier figure.
    const cpu = process.cpuUsage();
    const step = await timed(() => client.call('health.recompute', {}));
    const used = process.cpuUsage(cpu);
    times.push(step.ms);
    console.log(
      `after-sync recompute: ${step.value.customers} customers, ${step.value.snapshots} snapshots in ${ms(step.ms)} ms, CPU ${ms((used.user + used.system) / 1000)} ms (load ${loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')})`,
    );
  }
  console.log(`median ${ms(median(times))} ms`);
} finally {
  await client.close();
}
