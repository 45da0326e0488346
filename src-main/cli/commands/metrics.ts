import { parseArgs } from 'node:util';
import type { AccountMetrics } from '../../../src-shared/contract';
import { type CliCommand, CliUsageError } from '../command';
import { withCore } from '../coreSession';

const pct = (v: number | null | undefined) => (v === null || v === undefined ? '—' : `${(v * 100).toFixed(1)}%`);
const num = (v: number | null | undefined) =>
  v === null || v === undefined ? '—' : Number.isInteger(v) ? String(v) : v.toFixed(1);
const DAY = /^\d{4}-\d{2}-\d{2}$/;

export const metricsCommand: CliCommand = {
  name: 'metrics',
  summary: "A customer's usage: active users, stickiness, sessions, retention, features, guides",
  usage: `pulse metrics CUSTOMER [--from YYYY-MM-DD --to YYYY-MM-DD] [--connection ID|LABEL] [--json]

CUSTOMER is a customer id or name (case-insensitive, small typos tolerated).
Numbers come from the customer's primary source unless --connection names another.
--from/--to set the engagement series range (days in the reporting time zone, inclusive).
--json prints the AccountMetrics object documented in docs/cli.md.`,
  async run(args, io) {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: { json: { type: 'boolean' }, from: { type: 'string' }, to: { type: 'string' }, connection: { type: 'string' } },
    });
    const customer = positionals.join(' ').trim();
    if (!customer) throw new CliUsageError('name a customer');
    if ((values.from && !DAY.test(values.from)) || (values.to && !DAY.test(values.to)))
      throw new CliUsageError('--from/--to take YYYY-MM-DD');
    if (Boolean(values.from) !== Boolean(values.to)) throw new CliUsageError('give both --from and --to');
    return withCore(io, async (client) => {
      const m = await client.call('metrics.account', {
        customer,
        connection: values.connection ?? null,
        range: values.from && values.to ? { from: values.from, to: values.to } : null,
      });
      if (values.json) io.stdout.write(`${JSON.stringify(m)}\n`);
      else io.stdout.write(describe(m));
      return 0;
    });
  },
};

function describe(m: AccountMetrics): string {
  const lines = [`${m.customer.name} (${m.customer.id}), today ${m.today} ${m.timezone}`];
  for (const s of m.sources)
    lines.push(
      `  source ${s.label} (${s.vendor})${s.primary ? ' [primary]' : ''}: data through ${s.dataThrough ?? 'never synced'}`,
    );
  const h = m.header;
  if (!h) {
    lines.push('  No linked account in any synced source yet.');
    return `${lines.join('\n')}\n`;
  }
  lines.push(
    `Last 30 complete days (${h.window.from} … ${h.window.to})${h.provisional ? ', provisional' : ''}:`,
    `  DAU ${h.dau}  WAU ${h.wau}  MAU ${h.mau}  new users ${h.newUsers}  active days ${h.activeDays} (${h.frequencyBand ?? 'none'})`,
    `  DAU/MAU rolling ${pct(h.stickinessRolling)}; calendar ${h.stickinessMonth?.month ?? ''} ${pct(h.stickinessMonth?.value)}`,
    `  events ${h.events} (${pct(h.eventsTrend.change)} vs previous 30 days)  sessions ${num(h.sessions.value)}${h.sessions.unavailable ? ` (${h.sessions.unavailable})` : ''}  events/session ${num(h.sessionDepth.value)}  minutes per active user-day ${num(h.minutesPerActiveUserDay.value)}`,
    `  last activity ${h.lastActivityDay ?? 'never'}`,
  );
  if (m.dayN) lines.push(`Retention D1 ${pct(m.dayN.d1.value)}  D7 ${pct(m.dayN.d7.value)}  D30 ${pct(m.dayN.d30.value)}`);
  if (m.onboarding)
    lines.push(
      `Onboarding: ${m.onboarding.steps.map((s) => `${s.step} ${s.count}`).join(' → ')} (conversion ${pct(m.onboarding.conversion.value)})`,
    );
  if (m.features)
    lines.push(
      `Features: breadth ${pct(m.features.breadth)}, ${m.features.abandoned.length} abandoned, ${m.features.neverUsed.length} never used`,
    );
  if (m.pes)
    lines.push(
      `${m.pes.label}: ${num(m.pes.score)} (adoption ${num(m.pes.adoption)}, stickiness ${num(m.pes.stickiness)}, growth ${num(m.pes.growth)})`,
    );
  return `${lines.join('\n')}\n`;
}
