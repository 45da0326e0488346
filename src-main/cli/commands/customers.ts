import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { type CliCommand, CliUsageError } from '../command';
import { withCore } from '../coreSession';

export const customersCommand: CliCommand = {
  name: 'customers',
  summary: "Import the CRM's customer list (CSV: name, domain, owner, arr, renewal_date, segment)",
  usage: `pulse customers import FILE.csv [--json]

The CSV needs a header row with at least "name"; optional columns: id, domain, owner, arr,
renewal_date (YYYY-MM-DD), segment, outcome (renewed or churned) with outcome_date (YYYY-MM-DD) for
\`pulse churn-analysis\`. Existing customers are matched by id, domain, then name.
Vendor accounts are then linked to customers by domain or name.`,
  async run(args, io) {
    const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { json: { type: 'boolean' } } });
    const [action, file] = positionals;
    if (action !== 'import' || !file) throw new CliUsageError('usage: pulse customers import FILE.csv');
    let csv: string;
    try {
      csv = await readFile(file, 'utf8');
    } catch (error) {
      io.stderr.write(`pulse customers: cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? 'error'}).\n`);
      return 1;
    }
    return withCore(io, async (client) => {
      const result = await client.call('customers.import', { csv });
      if (values.json) io.stdout.write(`${JSON.stringify(result)}\n`);
      else {
        io.stdout.write(`Imported ${result.created} new and updated ${result.updated} existing customer(s).\n`);
        for (const skip of result.skipped.slice(0, 20)) io.stdout.write(`  line ${skip.line} skipped: ${skip.message}\n`);
        if (result.skipped.length > 20) io.stdout.write(`  … and ${result.skipped.length - 20} more skipped lines\n`);
      }
      return result.skipped.length > 0 && result.created + result.updated === 0 ? 1 : 0;
    });
  },
};
