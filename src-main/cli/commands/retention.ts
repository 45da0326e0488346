import { parseArgs } from 'node:util';
import { type CliCommand, CliUsageError } from '../command';
import { withCore } from '../coreSession';

const pct = (v: number | null | undefined) => (v === null || v === undefined ? '   —  ' : `${(v * 100).toFixed(1)}%`.padStart(6));

export const retentionCommand: CliCommand = {
  name: 'retention',
  summary: "A customer's cohort retention table (day, week or month cohorts)",
  usage: `pulse retention CUSTOMER [--period day|week|month] [--cohort first-time|any] [--criterion on|on-or-after]
                [--periods N] [--connection ID|LABEL] [--json]

Calendar periods in the reporting time zone. Cell 0 is the cohort size; cells not complete yet are "—".
--json prints the RetentionTable object documented in docs/cli.md.`,
  async run(args, io) {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: {
        json: { type: 'boolean' },
        period: { type: 'string', default: 'week' },
        cohort: { type: 'string', default: 'first-time' },
        criterion: { type: 'string', default: 'on' },
        periods: { type: 'string' },
        connection: { type: 'string' },
      },
    });
    const customer = positionals.join(' ').trim();
    if (!customer) throw new CliUsageError('name a customer');
    const period = values.period as string;
    const cohort = values.cohort as string;
    const criterion = values.criterion as string;
    if (period !== 'day' && period !== 'week' && period !== 'month') throw new CliUsageError('--period is day, week or month');
    if (cohort !== 'first-time' && cohort !== 'any') throw new CliUsageError('--cohort is first-time or any');
    if (criterion !== 'on' && criterion !== 'on-or-after') throw new CliUsageError('--criterion is on or on-or-after');
    const periods = values.periods ? Number(values.periods) : null;
    if (periods !== null && (!Number.isInteger(periods) || periods < 1))
      throw new CliUsageError('--periods takes a positive whole number');
    return withCore(io, async (client) => {
      const t = await client.call('metrics.retention', {
        customer,
        connection: values.connection ?? null,
        period,
        cohort,
        criterion,
        periods,
      });
      if (values.json) {
        io.stdout.write(`${JSON.stringify(t)}\n`);
        return 0;
      }
      io.stdout.write(`${cohort} ${period} cohorts, returned ${criterion === 'on' ? 'in' : 'in or after'} period N\n`);
      io.stdout.write(`cohort       size ${t.averages.map((a) => `${String(a.period).padStart(6)}`).join(' ')}\n`);
      for (const row of t.rows)
        io.stdout.write(`${row.cohort} ${String(row.size).padStart(5)} ${row.cells.map((c) => pct(c.rate)).join(' ')}\n`);
      io.stdout.write(`average         ${t.averages.map((a) => pct(a.rate)).join(' ')}\n`);
      return 0;
    });
  },
};
