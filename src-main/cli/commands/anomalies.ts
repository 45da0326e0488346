import { parseArgs } from 'node:util';
import type { AnomalyCheck, AnomalyReport, CustomerAnomalies } from '../../../src-shared/contract';
import { type CliCommand, CliUsageError } from '../command';
import { withCore } from '../coreSession';

export const anomaliesCommand: CliCommand = {
  name: 'anomalies',
  summary: 'Anomaly checks: each daily metric against its usual range for that weekday',
  usage: `pulse anomalies [CUSTOMER] [--all] [--json]

Checks daily active users, events, sessions and minutes of every customer (or one, by id or name) on
the last complete day outside the late-data horizon, against the expected range built from the same
weekday over the last weeks (median ± spread). Without CUSTOMER, lists the customers with a metric
outside its range (--all lists every customer); with CUSTOMER, shows every metric.
Sensitivity: pulse config set rules.anomaly.sensitivity low|medium|high.
--json prints the AnomalyReport as documented in docs/cli.md.`,
  async run(args, io) {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: { json: { type: 'boolean' }, all: { type: 'boolean' } },
    });
    if (positionals.length > 1) {
      throw new CliUsageError(`one customer at a time (got ${positionals.length}); quote names with spaces`);
    }
    const customer = positionals[0] ?? null;
    return withCore(io, async (client) => {
      const report = await client.call('anomalies.list', { customer });
      if (values.json) {
        io.stdout.write(`${JSON.stringify(report)}\n`);
        return 0;
      }
      io.stdout.write(renderReport(report, customer !== null || values.all === true));
      return 0;
    });
  },
};

const num = (n: number | null | undefined) =>
  n === null || n === undefined ? '–' : Math.abs(n) >= 100 ? String(Math.round(n)) : String(Math.round(n * 10) / 10);

function checkText(c: AnomalyCheck): string {
  switch (c.status) {
    case 'not-enough-history':
      return `${num(c.observed)}  not enough history (${c.baseline.length} same-weekday days)`;
    case 'too-small':
      return `${num(c.observed)}  not judged (too few usual active users on this weekday)`;
    case 'not-in-source':
      return 'not in this source';
    default:
      return `${num(c.observed)}  expected ${num(c.expected?.low)}–${num(c.expected?.high)} (usual ${num(c.expected?.median)})${c.status === 'normal' ? '' : `  ${c.status.toUpperCase()}`}`;
  }
}

function renderCustomer(row: CustomerAnomalies): string {
  const head = `${row.customer.name}${row.customer.owner ? ` (${row.customer.owner})` : ''}`;
  if (row.day === null) {
    return `${head}: ${row.unavailable === 'no-linked-source' ? 'no linked source with synced data' : 'no complete final day yet'}\n`;
  }
  const lines = row.metrics.map((m) => {
    const flag = m.firing ? ` ← ${m.firing === 'drop' ? 'unusually low' : 'unusually high'}, alert` : '';
    return `  ${m.label.padEnd(18)} ${checkText(m.check)}${flag}`;
  });
  return `${head}: ${row.day}${row.activeAlerts > 0 ? `, ${row.activeAlerts} active anomaly alert(s)` : ''}\n${lines.join('\n')}\n`;
}

function renderReport(report: AnomalyReport, everyRow: boolean): string {
  const header = `Anomaly checks: same weekday over the last ${report.baselineWeeks} weeks, ${report.sensitivity} sensitivity${report.enabled ? '' : ' (the anomaly alert rule is off)'}.\n`;
  const flagged = report.rows.filter((r) =>
    r.metrics.some((m) => m.firing !== null || m.check.status === 'drop' || m.check.status === 'spike'),
  );
  const shown = everyRow ? report.rows : flagged;
  if (shown.length === 0) return `${header}No customer has a metric outside its usual range (${report.rows.length} checked).\n`;
  const summary = everyRow ? '' : `${flagged.length} of ${report.rows.length} customers have a metric outside its usual range.\n`;
  return `${header}${summary}\n${shown.map(renderCustomer).join('\n')}`;
}
