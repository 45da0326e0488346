import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { reportFormats, reportPageSizes } from '../../../src-shared/contract';
import { runReportExport } from '../../core/reports';
import { type CliCommand, CliUsageError } from '../command';
import { withCore } from '../coreSession';
import { chromiumPdfPrinter, findChromium } from '../pdf';

export const reportCommand: CliCommand = {
  name: 'report',
  summary: 'Export the account QBR report or the portfolio report as PDF, HTML or CSV',
  usage: `pulse report CUSTOMER|--portfolio --format pdf|html|csv --out PATH [--from YYYY-MM-DD --to YYYY-MM-DD]
             [--page-size A4|Letter] [--bom] [--json]

CUSTOMER is a customer id or name. The account report covers --from..--to (default: the last 90
complete days) and compares it with the equal period before. The portfolio report is a snapshot of
the latest data (no --from/--to).
--out: a .pdf or .html file; for csv a FOLDER (created if missing) that receives one CSV file per table
plus report-info.csv. --bom starts each CSV with a UTF-8 BOM for Excel.
PDF needs a Chromium-based browser installed on this machine (Chromium, Chrome or Edge; PULSE_CHROMIUM
names one explicitly); HTML and CSV need nothing.`,
  async run(args, io) {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: {
        portfolio: { type: 'boolean' },
        format: { type: 'string' },
        out: { type: 'string' },
        from: { type: 'string' },
        to: { type: 'string' },
        'page-size': { type: 'string' },
        bom: { type: 'boolean' },
        json: { type: 'boolean' },
      },
    });
    const customer = positionals.join(' ').trim();
    if (values.portfolio && customer) throw new CliUsageError('give either CUSTOMER or --portfolio, not both');
    if (!values.portfolio && !customer) throw new CliUsageError('name a CUSTOMER or pass --portfolio');
    const format = values.format as (typeof reportFormats)[number] | undefined;
    if (!format || !reportFormats.includes(format)) throw new CliUsageError('--format must be pdf, html or csv');
    if (!values.out) throw new CliUsageError('--out PATH is required');
    const pageSize = (values['page-size'] ?? 'A4') as (typeof reportPageSizes)[number];
    if (!reportPageSizes.includes(pageSize)) throw new CliUsageError('--page-size must be A4 or Letter');
    if (values.bom && format !== 'csv') throw new CliUsageError('--bom applies to --format csv only');
    for (const flag of ['from', 'to'] as const) {
      const v = values[flag];
      if (v !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(v)) throw new CliUsageError(`--${flag} must be a day as YYYY-MM-DD`);
    }
    // Before any work: a PDF without a browser fails at once, naming what to install.
    if (format === 'pdf') {
      try {
        findChromium(io.env);
      } catch (error) {
        io.stderr.write(`pulse report: ${(error as Error).message}\n`);
        return 1;
      }
    }
    const target = resolve(values.out);
    return withCore(io, async (client) => {
      const unsubscribe = client.on('reports.progress', (p) => {
        if (!values.json && io.stderr.isTTY) io.stderr.write(`  ${p.message}\n`);
      });
      try {
        const result = await runReportExport(
          (channel, request) => client.call(channel, request),
          {
            kind: values.portfolio ? 'portfolio' : 'account',
            ...(customer ? { customer } : {}),
            format,
            ...(values.from ? { from: values.from } : {}),
            ...(values.to ? { to: values.to } : {}),
            pageSize,
            bom: values.bom ?? false,
            target,
          },
          format === 'pdf' ? chromiumPdfPrinter({ env: io.env }) : null,
        );
        if (values.json) io.stdout.write(`${JSON.stringify(result)}\n`);
        else {
          const what = result.entry.customer ? `${result.entry.customer.name} report` : 'Portfolio report';
          io.stdout.write(
            `${what} (${result.entry.period.from} – ${result.entry.period.to}) saved: ${result.entry.path}${
              result.files.length > 1 ? ` (${result.files.length} files)` : ''
            }\n`,
          );
        }
        return 0;
      } catch (error) {
        io.stderr.write(`pulse report: ${(error as Error).message}\n`);
        return 1;
      } finally {
        unsubscribe();
      }
    });
  },
};
