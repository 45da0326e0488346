import { parseArgs } from 'node:util';
import { type CliCommand, CliUsageError } from '../command';
import { withCore } from '../coreSession';

const pct = (v: number | null | undefined) => (v === null || v === undefined ? '—' : `${(v * 100).toFixed(1)}%`);

export const featuresCommand: CliCommand = {
  name: 'features',
  summary: "A customer's feature adoption, breadth, abandoned and never-used features",
  usage: `pulse features CUSTOMER [--days 30] [--connection ID|LABEL] [--json]

Adoption = users of the feature / active users in the last N complete days. Features are Pendo
features, or event names for Amplitude and Mixpanel. --json prints the FeatureAdoption object.`,
  async run(args, io) {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: { json: { type: 'boolean' }, days: { type: 'string', default: '30' }, connection: { type: 'string' } },
    });
    const customer = positionals.join(' ').trim();
    if (!customer) throw new CliUsageError('name a customer');
    const days = Number(values.days);
    if (!Number.isInteger(days) || days < 1 || days > 365) throw new CliUsageError('--days takes 1 … 365');
    return withCore(io, async (client) => {
      const f = await client.call('metrics.features', { customer, connection: values.connection ?? null, days });
      if (values.json) {
        io.stdout.write(`${JSON.stringify(f)}\n`);
        return 0;
      }
      io.stdout.write(
        `${f.window.from} … ${f.window.to}: ${f.activeUsers} active users, core breadth ${pct(f.breadth)} (${f.coreBasis})\n`,
      );
      for (const x of f.features)
        io.stdout.write(
          `  ${x.core ? '*' : ' '} ${x.name.padEnd(28)} ${String(x.users).padStart(5)} users ${pct(x.adoption).padStart(7)}  peers ${pct(x.peerMedianAdoption)}${x.abandoned ? '  ABANDONED' : ''}\n`,
        );
      if (f.neverUsed.length > 0) io.stdout.write(`  never used: ${f.neverUsed.map((x) => x.name).join(', ')}\n`);
      return 0;
    });
  },
};
