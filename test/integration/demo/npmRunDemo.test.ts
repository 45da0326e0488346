import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCsv } from '../../../src-main/core/csv';
import { memorySecretStore } from '../../../src-main/core/secrets';
import { CoreClient } from '../../../src-main/worker';
import { chromiumAvailability } from '../../support/browser';
import { missingPrerequisite } from '../../support/requireAll';
import { makeTempDir } from '../../support/tempDir';

/**
 * The main job in one command: `npm run demo` as a newcomer runs it (smaller portfolio to keep CI
 * fast), then its files and every number of its summary checked against the workspace it wrote.
 */
interface DemoSummary {
  workspace: string;
  customers: number;
  eventsSynced: number;
  connections: Array<{ label: string; vendor: string; events: number; accuracyPct: number | null }>;
  bands: Record<string, number>;
  openAlerts: number;
  mostAtRisk: { customer: string; score: number } | null;
  files: string[];
}

const browser = chromiumAvailability();
let out: ReturnType<typeof makeTempDir>;
let data: ReturnType<typeof makeTempDir>;
let exitCode: number | null = null;
let stdout = '';
let stderr = '';

beforeAll(async () => {
  if (!browser.available) {
    missingPrerequisite(browser.reason ?? 'no Chromium for the PDF reports');
    return;
  }
  out = makeTempDir('pulse-demo-out-');
  data = makeTempDir('pulse-demo-data-');
  const child = spawn(
    'npm',
    ['run', '--silent', 'demo', '--', '--accounts', '14', '--days', '80', '--out', out.path, '--data-dir', data.path, '--json'],
    {
      cwd: process.cwd(),
      env: { ...process.env, PULSE_DATA_DIR: '' },
    },
  );
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  exitCode = await new Promise<number | null>((resolve) => child.on('close', resolve));
}, 600_000);

afterAll(() => {
  out?.remove();
  data?.remove();
});

describe('npm run demo', () => {
  it('exits 0 and prints a JSON summary', (ctx) => {
    if (!browser.available) return ctx.skip();
    expect(exitCode, stderr.slice(-2000)).toBe(0);
    expect(stdout.trim().split('\n').at(-1)).toMatch(/^\{.*\}$/);
  });

  it('writes the portfolio report as PDF, HTML and CSV, and the QBR of the account most at risk', (ctx) => {
    if (!browser.available) return ctx.skip();
    const summary = JSON.parse(stdout.trim().split('\n').at(-1) as string) as DemoSummary;
    const pdf = join(out.path, 'portfolio-report.pdf');
    expect(readFileSync(pdf).subarray(0, 5).toString()).toBe('%PDF-');
    const html = readFileSync(join(out.path, 'portfolio-report.html'), 'utf8');
    expect(html).toContain('Portfolio report');
    expect(html).not.toMatch(/<script|https?:\/\//);
    const rows = parseCsv(readFileSync(join(out.path, 'portfolio-csv', 'portfolio.csv'), 'utf8'));
    expect(rows.length - 1).toBe(summary.customers);
    expect(summary.mostAtRisk).not.toBeNull();
    const qbr = summary.files.filter((f) => /qbr-.*\.(pdf|html)$/.test(f));
    expect(qbr).toHaveLength(2);
    for (const file of summary.files) expect(existsSync(file)).toBe(true);
    // No secret of the demo ever lands in a report.
    for (const file of summary.files.filter((f) => f.endsWith('.html') || f.endsWith('.csv'))) {
      expect(readFileSync(file, 'utf8')).not.toMatch(/demo-(amplitude|mixpanel|pendo)-[a-z-]*-0000/);
    }
  });

  it("summary numbers equal the workspace's own", async (ctx) => {
    if (!browser.available) return ctx.skip();
    const summary = JSON.parse(stdout.trim().split('\n').at(-1) as string) as DemoSummary;
    expect(summary.workspace).toBe(data.path);
    const client = await CoreClient.start({
      dataDir: data.path,
      host: 'test',
      secrets: memorySecretStore(),
      keychain: { available: false, description: 'test', problem: null },
    });
    try {
      const health = await client.call('health.portfolio', {});
      expect(summary.customers).toBe(health.rows.length);
      for (const band of ['red', 'yellow', 'green', 'none'] as const)
        expect(summary.bands[band] ?? 0).toBe(health.summary[band].customers);
      const runs = await client.call('sync.runs', { connection: null, limit: 50 });
      expect(runs.filter((r) => r.outcome === 'succeeded').reduce((sum, r) => sum + r.eventsRead, 0)).toBe(summary.eventsSynced);
      for (const connection of summary.connections) {
        const run = runs.find((r) => r.eventsRead === connection.events);
        expect(run?.accuracyPct).toBe(connection.accuracyPct);
      }
      const alerts = await client.call('alerts.list', { status: ['open'], limit: 5000 });
      expect(summary.openAlerts).toBe(alerts.length);
      const scored = health.rows.filter((r) => r.score !== null).sort((a, b) => (a.score as number) - (b.score as number));
      expect(summary.mostAtRisk?.customer).toBe(scored[0]?.customer.name);
      expect(summary.bands.green ?? 0).toBeGreaterThan(0);
    } finally {
      await client.close();
    }
  });
});
