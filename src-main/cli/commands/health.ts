import { parseArgs } from 'node:util';
import type { CustomerHealth, HealthTrend, PortfolioHealth } from '../../../src-shared/contract';
import type { CliCommand } from '../command';
import { withCore } from '../coreSession';

const score = (v: number | null | undefined) => (v === null || v === undefined ? '—' : String(Math.round(v)));
const pct = (v: number | null | undefined) => (v === null || v === undefined ? '—' : `${Math.round(v * 100)}%`);
const signed = (v: number | null) => (v === null ? '—' : `${v >= 0 ? '+' : '−'}${Math.abs(Math.round(v))}`);
const change = (a: HealthTrend['arrow7'], delta: number | null) => (delta === null ? '—' : `${arrow(a)} ${signed(delta)}`);
const arrow = (a: HealthTrend['arrow7']) => (a === 'up' ? '↑' : a === 'down' ? '↓' : a === 'flat' ? '→' : ' ');

export const healthCommand: CliCommand = {
  name: 'health',
  summary: 'Health scores: the portfolio, or one customer with its components and what changed',
  usage: `pulse health [CUSTOMER] [--owner NAME] [--json]

Without CUSTOMER: every customer's health (score, band, trend over 7 and 30 days, coverage, open
alerts), worst first; --owner keeps one CSM's accounts. With CUSTOMER (id or name): the score, band,
trend, coverage, each component's raw input and points, what changed since last week, and history.
Scores are 0-100 (higher = healthier); "insufficient data" when too few inputs are available.
--json prints PortfolioHealth or CustomerHealth as documented in docs/cli.md.`,
  async run(args, io) {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: { json: { type: 'boolean' }, owner: { type: 'string' } },
    });
    const customer = positionals.join(' ').trim();
    return withCore(io, async (client) => {
      if (customer) {
        const h = await client.call('health.get', { customer });
        io.stdout.write(values.json ? `${JSON.stringify(h)}\n` : describeCustomer(h));
        return 0;
      }
      const p = await client.call('health.portfolio', { owner: values.owner ?? null });
      io.stdout.write(values.json ? `${JSON.stringify(p)}\n` : describePortfolio(p));
      return 0;
    });
  },
};

function describePortfolio(p: PortfolioHealth): string {
  if (p.rows.length === 0) return 'No customers yet. Import them (`pulse customers import`) or sync a source.\n';
  const rows = [...p.rows].sort((a, b) => (a.score ?? 101) - (b.score ?? 101) || a.customer.name.localeCompare(b.customer.name));
  const width = Math.min(40, Math.max(8, ...rows.map((r) => r.customer.name.length)));
  const lines = [
    `${'Customer'.padEnd(width)}  ${'Owner'.padEnd(16)} Score Band    Δ7    Δ30  Coverage Alerts`,
    ...rows.map((r) => {
      const band = r.band ?? (r.status === 'insufficient-data' ? 'n/a' : '—');
      return `${r.customer.name.slice(0, width).padEnd(width)}  ${(r.customer.owner ?? '—').slice(0, 16).padEnd(16)} ${score(r.score).padStart(5)} ${band.padEnd(6)} ${arrow(r.trend.arrow7)}${signed(r.trend.delta7).padStart(4)} ${arrow(r.trend.arrow30)}${signed(r.trend.delta30).padStart(4)}  ${pct(r.coverage).padStart(8)} ${String(r.openAlerts).padStart(6)}`;
    }),
    '',
    `Bands: ${(['red', 'yellow', 'green', 'none'] as const)
      .map(
        (b) =>
          `${b === 'none' ? 'no score' : b} ${p.summary[b].customers} (ARR ${Math.round(p.summary[b].arr).toLocaleString('en-US')})`,
      )
      .join(', ')}. Configuration version ${p.configVersion}.`,
  ];
  return `${lines.join('\n')}\n`;
}

function describeCustomer(h: CustomerHealth): string {
  const s = h.snapshot;
  const lines = [`${h.customer.name} (${h.customer.id})${h.customer.owner ? `, owner ${h.customer.owner}` : ''}`];
  if (!s) return `${lines[0]}\n  ${h.headline}\n`;
  lines.push(
    `  Health ${score(s.score)} ${s.band ?? '(insufficient data)'} on ${s.day}${s.provisional ? ' (provisional: late data may still change it)' : ''}; coverage ${pct(s.coverage)}; data as of ${s.asOf ?? '—'}`,
    `  Trend: ${change(h.trend.arrow7, h.trend.delta7)} over 7 days, ${change(h.trend.arrow30, h.trend.delta30)} over 30 days; open alerts ${h.openAlerts}`,
    `  ${h.headline}`,
    '',
    `  ${'Component'.padEnd(18)} ${'Input'.padEnd(30)} Score Weight Points  Lost`,
  );
  for (const c of s.components) {
    lines.push(
      `  ${c.label.padEnd(18)} ${c.display.padEnd(30)} ${score(c.score).padStart(5)} ${String(c.weight).padStart(6)} ${(c.points === null ? '—' : c.points.toFixed(1)).padStart(6)} ${(c.pointsLost === null ? (c.unavailable ?? '—') : c.pointsLost.toFixed(1)).padStart(5)}`,
    );
  }
  if (h.whatChanged.length > 0) {
    lines.push('', `  What changed since ${h.comparedWith}:`);
    for (const c of h.whatChanged) lines.push(`    ${c.text}`);
  }
  const weekly = h.history.filter((_, i) => (h.history.length - 1 - i) % 7 === 0);
  if (weekly.length > 1) lines.push('', `  Weekly: ${weekly.map((p) => `${p.day.slice(5)} ${score(p.score)}`).join('  ')}`);
  return `${lines.join('\n')}\n`;
}
