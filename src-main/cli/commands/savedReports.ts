import { parseArgs } from 'node:util';
import { type CliCommand, CliUsageError } from '../command';
import { withCore } from '../coreSession';

const USAGE = `pulse reports-saved pick CONNECTION REPORT_ID [--name NAME]
pulse reports-saved unpick CONNECTION REPORT_ID
pulse reports-saved list [--connection ID|LABEL] [--json]
pulse reports-saved show CUSTOMER [--from YYYY-MM-DD --to YYYY-MM-DD] [--json]

Picks saved vendor reports to sync with a connection: Mixpanel insights by bookmark id (the number in
the report's URL), Amplitude saved charts by chart id (the id in …/chart/<id>). They are fetched on
the connection's next sync (\`pulse sync\`) and on its schedule. Reports that break down by account
(their segments are the connection's accounts) show on each customer's account page; \`show\` prints a
customer's values.`;

export const savedReportsCommand: CliCommand = {
  name: 'reports-saved',
  summary: 'Pick saved Mixpanel insights / Amplitude charts to sync, list them, show a customer’s values',
  usage: USAGE,
  async run(args, io) {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: {
        json: { type: 'boolean' },
        name: { type: 'string' },
        connection: { type: 'string' },
        from: { type: 'string' },
        to: { type: 'string' },
      },
    });
    const [action, ...rest] = positionals;
    if (Boolean(values.from) !== Boolean(values.to)) throw new CliUsageError('give both --from and --to');
    switch (action) {
      case 'pick':
      case 'unpick': {
        const [connection, reportId] = rest;
        if (!connection || !reportId || rest.length > 2)
          throw new CliUsageError(`${action} takes CONNECTION REPORT_ID (quote a label with spaces)`);
        return withCore(io, async (client) => {
          if (action === 'unpick') {
            const { removed } = await client.call('savedReports.unpick', { connection, reportId });
            io.stdout.write(removed ? `Removed report ${reportId}.\n` : `Report ${reportId} was not picked for ${connection}.\n`);
            return removed ? 0 : 1;
          }
          const r = await client.call('savedReports.pick', { connection, reportId, name: values.name ?? null });
          if (values.json) io.stdout.write(`${JSON.stringify(r)}\n`);
          else
            io.stdout.write(
              `Picked ${r.kind === 'mixpanel-insights' ? 'Mixpanel insights' : 'Amplitude chart'} ${r.reportId} ("${r.name}") for ${r.connectionLabel}. It is fetched on the next sync: pulse sync "${r.connectionLabel}"\n`,
            );
          return 0;
        });
      }
      case 'list':
        return withCore(io, async (client) => {
          const list = await client.call('savedReports.list', { connection: values.connection ?? null });
          if (values.json) {
            io.stdout.write(`${JSON.stringify(list)}\n`);
            return 0;
          }
          if (list.length === 0) io.stdout.write('No saved reports picked. Pick one: pulse reports-saved pick CONNECTION ID\n');
          for (const r of list) {
            const state = r.lastError
              ? `last fetch failed: ${r.lastError}`
              : r.syncedAt === null
                ? 'not fetched yet'
                : `${r.values} values, ${r.firstDay ?? '—'} … ${r.lastDay ?? '—'}`;
            io.stdout.write(
              `${r.connectionLabel}  ${r.reportId.padEnd(10)} ${r.name}${r.byAccount ? '  [by account]' : ''}${r.breakdown && !r.byAccount ? `  [by ${r.breakdown}]` : ''}\n    ${state}\n`,
            );
          }
          return 0;
        });
      case 'show': {
        const customer = rest.join(' ').trim();
        if (!customer) throw new CliUsageError('name a customer');
        return withCore(io, async (client) => {
          const result = await client.call('savedReports.forCustomer', {
            customer,
            range: values.from && values.to ? { from: values.from, to: values.to } : null,
          });
          if (values.json) {
            io.stdout.write(`${JSON.stringify(result)}\n`);
            return 0;
          }
          if (result.reports.length === 0) io.stdout.write('No by-account saved report has values for this customer.\n');
          for (const { report, series } of result.reports) {
            io.stdout.write(`${report.name} (${report.connectionLabel})\n`);
            for (const s of series) {
              const total = s.points.reduce((sum, p) => sum + p.value, 0);
              const last = s.points[s.points.length - 1];
              io.stdout.write(
                `  ${s.series} [${s.segment}]: total ${total.toLocaleString('en-US')} over ${s.points.length} days; ${last ? `${last.day}: ${last.value}` : ''}\n`,
              );
            }
          }
          return 0;
        });
      }
      default:
        throw new CliUsageError('use pick, unpick, list or show');
    }
  },
};
