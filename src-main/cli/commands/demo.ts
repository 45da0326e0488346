import { mkdtempSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { AlertSummary, PortfolioHealth } from '../../../src-shared/contract';
import { startSandboxes } from '../../core/demo';
import { runReportExport } from '../../core/reports';
import { memorySecretStore } from '../../core/secrets';
import { setUpDemoWorkspace } from '../../demoWorkspace';
import { CoreClient } from '../../worker';
import { type CliCommand, CliUsageError } from '../command';
import { cliSecretStore } from '../coreSession';
import { chromiumPdfPrinter } from '../pdf';
import { ProgressBar } from '../progressBar';

const usage = `pulse demo [--data-dir DIR] [--out DIR] [--accounts N] [--days N] [--seed N] [--json]

Runs the whole product headless: starts local Amplitude, Mixpanel and Pendo sandboxes over a seeded
demo portfolio, connects them through the keychain path (or an in-memory store when no keychain is
available, said plainly), back-fills, computes health and alerts, and writes reports to --out
(default ./demo-output). Without --data-dir it uses a fresh temporary workspace.`;

export const demoCommand: CliCommand = {
  name: 'demo',
  summary: 'Run the whole product on a demo portfolio and write its reports to ./demo-output',
  usage,
  async run(args, io) {
    const { values } = parseArgs({
      args,
      options: {
        out: { type: 'string' },
        accounts: { type: 'string' },
        days: { type: 'string' },
        seed: { type: 'string' },
        json: { type: 'boolean' },
      },
    });
    const int = (name: string, value: string | undefined, fallback: number, max: number): number => {
      if (value === undefined) return fallback;
      const n = Number(value);
      if (!Number.isInteger(n) || n < 1 || n > max) throw new CliUsageError(`--${name} needs an integer between 1 and ${max}`);
      return n;
    };
    const accounts = int('accounts', values.accounts, 60, 5000);
    const days = int('days', values.days, 120, 730);
    const seed = values.seed === undefined ? 42 : int('seed', values.seed, 42, 2 ** 31 - 1);
    const outDir = resolve(values.out ?? 'demo-output');
    // --data-dir given → that workspace; otherwise a throwaway one, never the user's real workspace.
    const dataDir = io.dataDirExplicit ? io.dataDir : mkdtempSync(join(tmpdir(), 'pulse-demo-'));
    const say = (line: string): void => {
      if (!values.json) io.stderr.write(`${line}\n`);
    };

    say(`Pulse demo: ${accounts} accounts, ${days} days of history, seed ${seed}`);
    say(`Workspace: ${dataDir}`);
    const keychain = await cliSecretStore();
    let secrets = keychain;
    if (!keychain.status.available) {
      say(
        `No OS keychain is available: ${keychain.status.problem ?? 'none answered.'}\nThe demo keys are kept in memory for this run only.`,
      );
      const store = memorySecretStore();
      secrets = { store, status: { available: false, description: store.description, problem: keychain.status.problem } };
    } else say(`Demo keys are stored in the ${keychain.status.description}, as real keys would be.`);

    const sandboxes = await startSandboxes({ seed, accounts, days });
    const client = await CoreClient.start({ dataDir, host: 'cli', secrets: secrets.store, keychain: secrets.status });
    try {
      const labels = new Map<string, string>();
      const bars = new Map<string, ProgressBar>();
      client.on('sync.progress', (p) => {
        if (values.json) return;
        let bar = bars.get(p.connectionId);
        if (!bar) {
          bar = new ProgressBar(io.stderr, (labels.get(p.connectionId) ?? 'sync').padEnd(16));
          bars.set(p.connectionId, bar);
        }
        if (p.phase === 'done' || p.phase === 'failed' || p.phase === 'cancelled') bar.finish();
        else bar.update(p.window, p.windows, `· ${p.eventsRead.toLocaleString('en-US')} events`);
      });
      const workspace = await setUpDemoWorkspace(client, sandboxes, (progress) => {
        say(progress.message);
        for (const c of progress.connections) labels.set(c.id, c.label);
      });
      const failed = workspace.runs.filter((r) => r.outcome !== 'succeeded');
      if (failed.length > 0) {
        for (const run of failed)
          io.stderr.write(`pulse demo: the sync of ${run.connectionId} ${run.outcome}: ${run.errorMessage ?? 'unknown error'}\n`);
        return 1;
      }
      await mkdir(outDir, { recursive: true });
      say('Health scores and alerts were computed after the sync; writing reports');
      const health = await client.call('health.portfolio', {});
      const alerts = await client.call('alerts.list', { status: ['open'], limit: 5000 });
      const mostAtRisk = pickMostAtRisk(health);
      // One Chromium for the demo's two PDFs (a batch), closed once they are written.
      const printer = chromiumPdfPrinter({ batch: true });
      const call = ((channel: 'reports.export' | 'reports.attachPdf', request: unknown) =>
        client.call(channel, request as never)) as Parameters<typeof runReportExport>[0];
      const files: string[] = [];
      const save = async (request: Parameters<typeof runReportExport>[1]) => {
        const saved = await runReportExport(call, request, printer);
        files.push(...saved.files);
      };
      try {
        await save({ kind: 'portfolio', format: 'pdf', target: join(outDir, 'portfolio-report.pdf') });
        await save({ kind: 'portfolio', format: 'html', target: join(outDir, 'portfolio-report.html') });
        await save({ kind: 'portfolio', format: 'csv', target: join(outDir, 'portfolio-csv') });
        if (mostAtRisk) {
          const slug = mostAtRisk.customer.name
            .toLowerCase()
            .replace(/[^a-z0-9]+/g, '-')
            .replace(/^-|-$/g, '');
          await save({
            kind: 'account',
            customer: mostAtRisk.customer.id,
            format: 'pdf',
            target: join(outDir, `qbr-${slug}.pdf`),
          });
          await save({
            kind: 'account',
            customer: mostAtRisk.customer.id,
            format: 'html',
            target: join(outDir, `qbr-${slug}.html`),
          });
        }
      } finally {
        await printer.close();
      }

      const summary = {
        workspace: dataDir,
        customers: health.rows.length,
        eventsSynced: workspace.runs.reduce((sum, r) => sum + r.eventsRead, 0),
        connections: workspace.connections.map((c) => {
          const run = workspace.runs.find((r) => r.connectionId === c.id);
          return { label: c.label, vendor: c.vendor, events: run?.eventsRead ?? 0, accuracyPct: run?.accuracyPct ?? null };
        }),
        bands: Object.fromEntries(Object.entries(health.summary).map(([band, v]) => [band, v.customers])),
        arrAtRisk: (health.summary.red?.arr ?? 0) + (health.summary.yellow?.arr ?? 0),
        openAlerts: alerts.length,
        topAlerts: topAlerts(alerts).map((a) => ({ customer: a.customer.name, title: a.title, severity: a.severity })),
        mostAtRisk: mostAtRisk ? { customer: mostAtRisk.customer.name, score: mostAtRisk.score } : null,
        files,
      };
      if (values.json) io.stdout.write(`${JSON.stringify(summary)}\n`);
      else {
        const n = (v: number) => v.toLocaleString('en-US');
        const lines = [
          '',
          `Customers: ${summary.customers}`,
          `Events synced: ${n(summary.eventsSynced)}`,
          ...summary.connections.map(
            (c) =>
              `  ${c.label.padEnd(18)} ${n(c.events).padStart(10)} events, sync accuracy ${c.accuracyPct === null ? '— (no vendor totals)' : `${c.accuracyPct}%`}`,
          ),
          `Health: ${summary.bands.green ?? 0} healthy, ${summary.bands.yellow ?? 0} watch, ${summary.bands.red ?? 0} at risk, ${summary.bands.none ?? 0} insufficient data; ARR at risk $${n(Math.round(summary.arrAtRisk))}`,
          `Open alerts: ${summary.openAlerts}`,
          ...summary.topAlerts.map((a) => `  [${a.severity}] ${a.customer}: ${a.title}`),
          mostAtRisk
            ? `Most at risk: ${mostAtRisk.customer.name} (health ${Math.round(mostAtRisk.score ?? 0)})`
            : 'No customer could be scored.',
          'Files:',
          ...files.map((f) => `  ${f}`),
          '',
        ];
        io.stdout.write(lines.join('\n'));
      }
      return 0;
    } finally {
      await client.close();
      await sandboxes.close();
    }
  },
};

/** The lowest scored customer; ARR breaks ties, since that is where a CSM looks first. */
function pickMostAtRisk(health: PortfolioHealth) {
  const scored = health.rows.filter((r) => r.score !== null);
  scored.sort((a, b) => (a.score as number) - (b.score as number) || (b.customer.arr ?? 0) - (a.customer.arr ?? 0));
  return scored[0] ?? null;
}

const severityOrder: Record<string, number> = { critical: 0, warning: 1, info: 2 };

function topAlerts(alerts: AlertSummary[]): AlertSummary[] {
  return [...alerts]
    .sort((a, b) => (severityOrder[a.severity] ?? 3) - (severityOrder[b.severity] ?? 3) || b.createdAt - a.createdAt)
    .slice(0, 5);
}
