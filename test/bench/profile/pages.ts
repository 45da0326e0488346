/**
 * Profiling entry for the portfolio and account page handlers, in one process (no worker) so
 * `node --cpu-prof` sees them, with CPU time beside wall time (the machine may be shared):
 *   node --cpu-prof bin/run-ts.mjs test/bench/profile/pages.ts DATA_DIR [ACCOUNTS] [--forget]
 * Opens the workspace itself: run it when no bench holds the same folder. The first portfolio calls
 * read back the results an earlier run persisted (store/derivedResults) when the data did not change
 * since; `--forget` deletes them first, so the first calls compute, and times persisting each one
 * (which otherwise runs right after the answer).
 */
import { flushDerivedResults } from '../../../src-main/core/store';
import { openInProcessCore } from '../../support/coreHarness';

const forget = process.argv.includes('--forget');
const [dataDir, accounts = '10'] = process.argv.slice(2).filter((a) => a !== '--forget');
if (!dataDir) throw new Error('usage: profile/pages.ts DATA_DIR [ACCOUNTS] [--forget]');
const core = await openInProcessCore({ dataDir, host: 'cli' });
const h = core.handlers as unknown as Record<string, (request: unknown, context?: unknown) => Promise<unknown>>;
const call = (channel: string, request: unknown) => (h[channel] as (r: unknown, c: unknown) => Promise<unknown>)(request, {});

async function measure(label: string, work: () => Promise<unknown>): Promise<unknown> {
  const cpu = process.cpuUsage();
  const started = performance.now();
  const value = await work();
  const used = process.cpuUsage(cpu);
  console.log(
    `${label.padEnd(40)} wall ${(performance.now() - started).toFixed(1).padStart(8)} ms  cpu ${((used.user + used.system) / 1000).toFixed(1).padStart(8)} ms`,
  );
  return value;
}

const persisting = async () => {
  if (i === 0) await measure('  persisting it', async () => flushDerivedResults(core.store.sqlite));
};
let i = 0;
try {
  if (forget) core.store.sqlite.exec('delete from derived_results');
  for (i = 0; i < 3; i++) {
    await measure('metrics.portfolio', () => call('metrics.portfolio', {}));
    await persisting();
    await measure('health.portfolio', () => call('health.portfolio', {}));
    await persisting();
    await measure('commands.directory', () => call('commands.directory', {}));
  }
  const portfolio = (await call('metrics.portfolio', {})) as { rows: Array<{ customerId: string }> };
  for (const row of portfolio.rows.slice(0, Number(accounts))) {
    const customer = row.customerId;
    await measure(`metrics.account ${customer}`, () => call('metrics.account', { customer }));
    await measure(`health.get ${customer}`, () => call('health.get', { customer }));
    await measure(`alerts.list ${customer}`, () =>
      call('alerts.list', { customer, status: ['open', 'acknowledged', 'dismissed', 'resolved'], limit: 500 }),
    );
  }
} finally {
  await core.close();
}
