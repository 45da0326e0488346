import { parseArgs } from 'node:util';
import type { SyncRunSummary } from '../../../src-shared/contract';
import type { CliCommand } from '../command';
import { withCore } from '../coreSession';
import { ProgressBar } from '../progressBar';

export const syncCommand: CliCommand = {
  name: 'sync',
  summary: 'Fetch new data from every connection (or one), with progress',
  usage: `pulse sync [--connection LABEL] [--full] [--json]

Resumes from each connection's checkpoint, re-fetching recent days for late data. --full
re-fetches the whole back-fill. Ctrl-C cancels; windows already saved are kept.`,
  async run(args, io) {
    const { values } = parseArgs({
      args,
      options: { connection: { type: 'string' }, full: { type: 'boolean' }, json: { type: 'boolean' } },
    });
    return withCore(io, async (client) => {
      const labels = new Map((await client.call('connections.list', {})).map((c) => [c.id, c.label]));
      if (labels.size === 0) {
        io.stderr.write('No connections to sync. Add one with `pulse connect`.\n');
        return 1;
      }
      const bars = new Map<string, ProgressBar>();
      const unsubscribe = client.on('sync.progress', (p) => {
        if (values.json) return;
        let bar = bars.get(p.connectionId);
        if (!bar) {
          bar = new ProgressBar(io.stderr, labels.get(p.connectionId) ?? p.connectionId);
          bars.set(p.connectionId, bar);
        }
        if (p.phase === 'done' || p.phase === 'failed' || p.phase === 'cancelled') bar.finish();
        else bar.update(p.window, p.windows, `· ${p.eventsRead.toLocaleString('en-US')} events · ${p.message ?? p.phase}`);
      });
      const cancelOnInterrupt = io.interrupted.then(async () => {
        io.stderr.write('\nCancelling…\n');
        for (const id of labels.keys()) await client.call('sync.cancel', { connection: id }).catch(() => undefined);
      });
      void cancelOnInterrupt;
      let runs: SyncRunSummary[];
      try {
        runs = await client.call('sync.run', { connection: values.connection ?? null, full: values.full ?? false });
      } finally {
        unsubscribe();
        for (const bar of bars.values()) bar.finish();
      }
      if (values.json) io.stdout.write(`${JSON.stringify(runs)}\n`);
      else for (const run of runs) io.stdout.write(`${describeRun(labels.get(run.connectionId) ?? run.connectionId, run)}\n`);
      return runs.every((r) => r.outcome === 'succeeded') ? 0 : 1;
    });
  },
};

function describeRun(label: string, run: SyncRunSummary): string {
  const seconds = run.finishedAt ? ((run.finishedAt - run.startedAt) / 1000).toFixed(1) : '?';
  const head = `${label}: ${run.outcome}, ${run.windowsDone}/${run.windowsTotal} windows, ${run.eventsRead.toLocaleString('en-US')} events in ${seconds} s`;
  const parts = [head];
  if (run.accuracyPct !== null) parts.push(`  accuracy against ${label}'s own totals: ${run.accuracyPct}%`);
  if (run.eventsRejected > 0) parts.push(`  ${run.eventsRejected} record(s) could not be read`);
  if (run.retries > 0) parts.push(`  ${run.retries} retr${run.retries === 1 ? 'y' : 'ies'}`);
  for (const warning of run.warnings) parts.push(`  warning: ${warning}`);
  if (run.errorMessage) parts.push(`  ${run.errorMessage}`);
  return parts.join('\n');
}
