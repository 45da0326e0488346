import { parseArgs } from 'node:util';
import { type CliCommand, CliUsageError } from '../command';
import { withCore } from '../coreSession';

const pct = (v: number | null) => (v === null ? '—' : `${(v * 100).toFixed(1)}%`);

export const breakdownCommand: CliCommand = {
  name: 'breakdown',
  summary: "A customer's events, users or funnel by a property kept at ingest (plan, platform, role...)",
  usage: `pulse breakdown CUSTOMER [--property NAME] [--from YYYY-MM-DD --to YYYY-MM-DD] [--connection ID|LABEL] [--json]
pulse breakdown CUSTOMER --funnel --property NAME [--steps A,B,C] [--from … --to …] [--json]

Properties are the ones listed in settings (breakdownProperties, default plan, platform, role; change
with \`pulse config set breakdown-properties '["plan","role"]'\` and run a full sync to re-cut history).
Without --property the first listed property with data is used. Default range: the last 30 complete
days (90 for --funnel). --funnel splits a key-event funnel (default steps: the key events) by each
user's latest value.`,
  async run(args, io) {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: {
        json: { type: 'boolean' },
        property: { type: 'string' },
        funnel: { type: 'boolean' },
        steps: { type: 'string' },
        from: { type: 'string' },
        to: { type: 'string' },
        connection: { type: 'string' },
      },
    });
    const customer = positionals.join(' ').trim();
    if (!customer) throw new CliUsageError('name a customer');
    if (Boolean(values.from) !== Boolean(values.to)) throw new CliUsageError('give both --from and --to');
    const range = values.from && values.to ? { from: values.from, to: values.to } : null;
    const connection = values.connection ?? null;
    if (values.funnel) {
      if (!values.property) throw new CliUsageError('--funnel needs --property NAME');
      const steps = values.steps
        ? values.steps
            .split(',')
            .map((s) => s.trim())
            .filter(Boolean)
        : null;
      return withCore(io, async (client) => {
        const f = await client.call('metrics.funnelBreakdown', {
          customer,
          connection,
          property: values.property as string,
          steps,
          range,
        });
        if (values.json) {
          io.stdout.write(`${JSON.stringify(f)}\n`);
          return 0;
        }
        io.stdout.write(`${f.steps.join(' → ')} by ${f.property} (step 1 in ${f.range.from} … ${f.range.to})\n`);
        if (f.segments.length === 0) io.stdout.write('  nobody entered the funnel in this range\n');
        for (const seg of f.segments) {
          io.stdout.write(
            `  ${seg.value.padEnd(20)} ${seg.steps.map((s) => String(s.count).padStart(5)).join(' ')}   conversion ${pct(seg.conversion)}\n`,
          );
        }
        return 0;
      });
    }
    return withCore(io, async (client) => {
      const b = await client.call('metrics.breakdown', { customer, connection, property: values.property ?? null, range });
      if (values.json) {
        io.stdout.write(`${JSON.stringify(b)}\n`);
        return 0;
      }
      io.stdout.write(
        `Events by ${b.property || '—'}, ${b.range.from} … ${b.range.to} (with data: ${b.available.join(', ') || 'none'})\n`,
      );
      if (b.values.length === 0) io.stdout.write('  no values stored for this property in the range\n');
      for (const v of b.values)
        io.stdout.write(`  ${v.value.padEnd(24)} ${String(v.events).padStart(8)} events ${String(v.users).padStart(6)} users\n`);
      return 0;
    });
  },
};
