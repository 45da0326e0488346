import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumPdfPrinter } from '../../../src-main/cli/pdf';
import { parseCsv } from '../../../src-main/core/csv';
import { type RunningSandboxes, startSandboxes } from '../../../src-main/core/demo';
import { runReportExport } from '../../../src-main/core/reports';
import { setUpDemoWorkspace } from '../../../src-main/demoWorkspace';
import { formatDay } from '../../../src-shared/charts';
import type { AccountMetrics, PortfolioHealth, PortfolioMetrics, ReportExportRequest } from '../../../src-shared/contract';
import { requireChromiumOrSkip } from '../../support/browser';
import { startTestCore } from '../../support/coreHarness';
import { makeTempDir } from '../../support/tempDir';
import { pageSizePoints, pageTexts, pixelVariance, renderPages } from './pdfPages';

/**
 * Reports end to end on the demo portfolio: three sandboxes synced into a real workspace by the real
 * core worker, then every report in every format. CSVs are parsed back and compared with the numbers
 * the screens get from the same core; HTML is checked for any external reference; PDFs are rendered
 * to pages (pdftoppm) and read back (pdftotext). PULSE_REPORT_PAGES=DIR keeps the page images.
 */
const DAYS = 75;
let sb: RunningSandboxes;
let core: Awaited<ReturnType<typeof startTestCore>>;
let out: ReturnType<typeof makeTempDir>;
let portfolioMetrics: PortfolioMetrics;
let portfolioHealth: PortfolioHealth;
const browser = requireChromiumOrSkip();

function csvTable(path: string): Array<Record<string, string>> {
  const text = readFileSync(path, 'utf8');
  const [header, ...rows] = parseCsv(text.replace(/^\ufeff/, ''));
  return rows
    .filter((r) => r.length > 1 || r[0] !== '')
    .map((r) => Object.fromEntries((header ?? []).map((h, i) => [h, r[i] ?? ''])));
}

const num = (text: string | undefined): number | null => (text === undefined || text === '' ? null : Number(text));

function exportWith(request: ReportExportRequest) {
  return runReportExport(
    (channel, req) => core.client.call(channel, req),
    request,
    request.format === 'pdf' ? chromiumPdfPrinter() : null,
  );
}

beforeAll(async () => {
  const now = Date.now();
  sb = await startSandboxes({
    seed: 11,
    accounts: 12,
    days: DAYS,
    clock: { now: () => now },
    mixpanelQueryLimitPerHour: 100_000,
    mixpanelExportLimitPerSecond: 1_000_000,
  });
  core = await startTestCore();
  out = makeTempDir('pulse-reports-');
  await setUpDemoWorkspace(core.client, sb);
  portfolioMetrics = await core.client.call('metrics.portfolio', {});
  portfolioHealth = await core.client.call('health.portfolio', {});
}, 300_000);

afterAll(async () => {
  await core?.close();
  await sb?.close();
  out?.remove();
});

/** The customer with the most active users on an event-level source (funnels and sessions exist). */
function busiestEventLevelCustomer(): string {
  const rows = portfolioMetrics.rows.filter((r) => r.vendor === 'amplitude' || r.vendor === 'mixpanel');
  rows.sort((a, b) => b.activeUsers30d - a.activeUsers30d);
  const first = rows[0];
  if (!first) throw new Error('no event-level customer in the demo');
  return first.customerId;
}

describe('portfolio report', () => {
  it('CSV tables equal the core numbers', async () => {
    const target = join(out.path, 'portfolio-csv');
    const result = await exportWith({ kind: 'portfolio', format: 'csv', target, bom: true });
    expect(result.status).toBe('saved');
    const names = readdirSync(target).sort();
    expect(names).toEqual(expect.arrayContaining(['report-info.csv', 'portfolio.csv', 'renewals-90-days.csv']));
    expect(readFileSync(join(target, 'portfolio.csv'), 'utf8').startsWith('\ufeff')).toBe(true);

    const table = csvTable(join(target, 'portfolio.csv'));
    expect(table).toHaveLength(portfolioMetrics.rows.length);
    expect(portfolioMetrics.rows.length).toBeGreaterThanOrEqual(10);
    const healthById = new Map(portfolioHealth.rows.map((r) => [r.customer.name, r]));
    for (const row of portfolioMetrics.rows) {
      const line = table.find((t) => t.customer === row.name);
      expect(line, row.name).toBeDefined();
      expect(num(line?.active_users_30d)).toBe(row.activeUsers30d);
      expect(num(line?.dau_mau)).toBe(row.dauMau);
      expect(num(line?.arr)).toBe(row.arr);
      expect(line?.renewal || null).toBe(row.renewalDate);
      expect(line?.data_through || null).toBe(row.dataThrough);
      const health = healthById.get(row.name);
      expect(num(line?.health)).toBe(health?.score ?? null);
      expect(num(line?.open_alerts)).toBe(health?.openAlerts ?? 0);
    }

    const bands = csvTable(join(target, 'bands-summary.csv'));
    for (const band of ['red', 'yellow', 'green'] as const) {
      const line = bands.find((b) => (b.band ?? '').endsWith(`(${band})`));
      expect(num(line?.customers)).toBe(portfolioHealth.summary[band].customers);
      expect(num(line?.arr)).toBe(portfolioHealth.summary[band].arr);
    }
    const atRisk = portfolioHealth.rows.filter((r) => r.band === 'red' || r.band === 'yellow');
    if (atRisk.length > 0) {
      const risk = csvTable(join(target, 'accounts-at-risk.csv'));
      expect(risk.map((r) => r.customer).sort()).toEqual(atRisk.map((r) => r.customer.name).sort());
      const arrs = risk.map((r) => num(r.arr_at_risk) ?? 0);
      expect(arrs).toEqual([...arrs].sort((a, b) => b - a));
    }
    const history = await core.client.call('reports.history', {});
    expect(history[0]).toMatchObject({ kind: 'portfolio', format: 'csv', path: target, status: 'saved' });
  });

  it('HTML is self-contained', async () => {
    const target = join(out.path, 'portfolio.html');
    await exportWith({ kind: 'portfolio', format: 'html', target });
    expectSelfContained(readFileSync(target, 'utf8'));
  });

  it.skipIf(browser.skip)(
    'PDF pages carry period, data as of and page numbers, none blank',
    async () => {
      for (const pageSize of ['A4', 'Letter'] as const) {
        const target = join(out.path, `portfolio-${pageSize}.pdf`);
        await exportWith({ kind: 'portfolio', format: 'pdf', target, pageSize });
        checkPdf(target, pageSize, { maxPages: 6, period: portfolioMetrics.window, stem: `portfolio-${pageSize}` });
      }
    },
    120_000,
  );
});

describe('account QBR report', () => {
  let account: AccountMetrics;
  let customerId: string;

  beforeAll(async () => {
    customerId = busiestEventLevelCustomer();
    account = await core.client.call('metrics.account', { customer: customerId });
  });

  it('CSV tables equal the core numbers', async () => {
    const target = join(out.path, 'account-csv');
    const result = await exportWith({ kind: 'account', customer: customerId, format: 'csv', target });
    const names = readdirSync(target);
    expect(names).toEqual(
      expect.arrayContaining(['report-info.csv', 'period-comparison.csv', 'feature-adoption.csv', 'power-users.csv']),
    );
    const period = result.entry.period;

    // Feature adoption = the core's feature list
    const features = csvTable(join(target, 'feature-adoption.csv'));
    expect(features).toHaveLength(account.features?.features.length ?? 0);
    for (const f of account.features?.features ?? []) {
      const line = features.find((l) => l.feature === f.name);
      expect(num(line?.users)).toBe(f.users);
      expect(num(line?.adoption)).toBe(f.adoption);
      expect(num(line?.peer_median_adoption)).toBe(f.peerMedianAdoption);
    }
    // Power users = the core's, pseudonymous (readable ids are off by default)
    const power = csvTable(join(target, 'power-users.csv'));
    expect(power.map((p) => num(p.active_days))).toEqual(account.users?.powerUsers.map((u) => u.activeDays));
    expect(power.every((p) => (p.user ?? '').startsWith('User '))).toBe(true);
    // Funnel = the core's onboarding funnel
    if (account.onboarding) {
      const funnel = csvTable(join(target, 'onboarding-funnel.csv'));
      expect(funnel.map((f) => num(f.users))).toEqual(account.onboarding.steps.map((s) => s.count));
    }
    // Retention averages → cohort table = core's cohorts
    const cohorts = csvTable(join(target, 'retention-cohorts.csv'));
    expect(cohorts.map((c) => num(c.size))).toEqual(account.retention?.rows.map((r) => r.size));
    // Period comparison = means/sums of the core's daily series over the same days
    const series = await core.client.call('metrics.account', { customer: customerId, range: period });
    const comparison = csvTable(join(target, 'period-comparison.csv'));
    const events = series.series.reduce((s, p) => s + p.events, 0);
    expect(num(comparison.find((c) => c.metric === 'Events')?.this_period)).toBe(events);
    const meanDau = series.series.reduce((s, p) => s + p.dau, 0) / series.series.length;
    expect(num(comparison.find((c) => c.metric === 'Average DAU')?.this_period)).toBeCloseTo(meanDau, 10);
    // Health drivers = the core's components
    const health = await core.client.call('health.get', { customer: customerId });
    const drivers = csvTable(join(target, 'health-drivers.csv'));
    for (const c of health.snapshot?.components.filter((x) => x.weight > 0) ?? []) {
      expect(num(drivers.find((d) => d.component === c.label)?.points)).toBe(c.points);
    }
  });

  it('HTML is self-contained and has the QBR sections in order', async () => {
    const target = join(out.path, 'account.html');
    await exportWith({ kind: 'account', customer: customerId, format: 'html', target });
    const html = readFileSync(target, 'utf8');
    expectSelfContained(html);
    const order = [
      'summary',
      'adoption',
      'retention',
      'funnel',
      'features',
      'health',
      'users',
      'alerts',
      'commercials',
      'next-steps',
    ];
    const positions = order.map((id) => html.indexOf(`id="${id}"`));
    expect(positions.every((p) => p > 0)).toBe(true);
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
    expect(html).toContain('INTERNAL');
    expect((html.match(/<svg /g) ?? []).length).toBeGreaterThanOrEqual(5);
  });

  it('says why a Pendo-only account has no funnel', async () => {
    const pendo = portfolioMetrics.rows.find((r) => r.vendor === 'pendo');
    if (!pendo) return;
    const target = join(out.path, 'pendo.html');
    await exportWith({ kind: 'account', customer: pendo.customerId, format: 'html', target });
    expect(readFileSync(target, 'utf8')).toContain('Funnels need event-level data: Pendo sends daily totals');
  });

  it.skipIf(browser.skip)(
    'PDF (A4 and Letter): 8-12 pages, none blank, running head and foot on each',
    async () => {
      for (const pageSize of ['A4', 'Letter'] as const) {
        const target = join(out.path, `account-${pageSize}.pdf`);
        const result = await exportWith({ kind: 'account', customer: customerId, format: 'pdf', target, pageSize });
        expect(result.entry).toMatchObject({ format: 'pdf', pageSize, path: target, status: 'saved' });
        checkPdf(target, pageSize, { minPages: 6, maxPages: 12, period: result.entry.period, stem: `account-${pageSize}` });
      }
    },
    180_000,
  );

  it('refuses a target with the wrong extension and a period ending today', async () => {
    await expect(
      exportWith({ kind: 'account', customer: customerId, format: 'pdf', target: join(out.path, 'x.html') }),
    ).rejects.toThrow(/\.pdf/);
    const today = new Date().toISOString().slice(0, 10);
    await expect(
      exportWith({ kind: 'account', customer: customerId, format: 'html', to: '2099-01-01', target: join(out.path, 'y.html') }),
    ).rejects.toThrow(/before today/);
    void today;
  });
});

function expectSelfContained(html: string): void {
  expect(html).not.toMatch(/<script/i);
  expect(html).not.toMatch(/<link/i);
  expect(html).not.toMatch(/\b(src|href)\s*=\s*["']?\s*[a-z][a-z0-9+.-]*:/i);
  expect(html).not.toMatch(/url\(\s*(?!#)/i);
  expect(html).not.toMatch(/@import/i);
  expect(html).not.toMatch(/https?:\/\//i);
  expect(html).not.toMatch(/@font-face/i);
}

function checkPdf(
  path: string,
  pageSize: 'A4' | 'Letter',
  expected: { minPages?: number; maxPages: number; period: { from: string; to: string }; stem: string },
): void {
  const keep = process.env.PULSE_REPORT_PAGES;
  const dir = keep ? join(keep) : join(out.path, `${expected.stem}-pages`);
  mkdirSync(dir, { recursive: true });
  const info = pageSizePoints(path);
  if (pageSize === 'A4') expect([Math.round(info.width), Math.round(info.height)]).toEqual([595, 842]);
  else expect([Math.round(info.width), Math.round(info.height)]).toEqual([612, 792]);
  expect(info.pages).toBeLessThanOrEqual(expected.maxPages);
  expect(info.pages).toBeGreaterThanOrEqual(expected.minPages ?? 1);
  const { pngs, pgms } = renderPages(path, dir, expected.stem);
  expect(pngs).toHaveLength(info.pages);
  for (const [i, page] of pgms.entries()) expect(pixelVariance(page), `page ${i + 1} looks blank`).toBeGreaterThan(150);
  const texts = pageTexts(path);
  expect(texts).toHaveLength(info.pages);
  const from = formatDay(expected.period.from);
  const to = formatDay(expected.period.to);
  texts.forEach((text, i) => {
    const flat = text.replace(/\s+/g, ' ');
    expect(flat, `page ${i + 1}`).toContain(`Page ${i + 1} of ${info.pages}`);
    expect(flat, `page ${i + 1}`).toContain('Data as of');
    expect(flat, `page ${i + 1}`).toContain(`${from} – ${to}`);
    expect(flat, `page ${i + 1}`).toContain('Time zone UTC');
  });
}
