import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { fileImportFormatSchema } from '../../../src-shared/contract';
import { type CliCommand, CliUsageError } from '../command';
import { withCore } from '../coreSession';
import { ProgressBar } from '../progressBar';

export const importCommand: CliCommand = {
  name: 'import',
  summary: 'Import an export file (Amplitude ZIP, Mixpanel JSON lines, CSV) as a connection',
  usage: `pulse import FILE --format amplitude-export|mixpanel-jsonl|csv --label LABEL [--json]

  amplitude-export  the ZIP of gzip JSON lines the Amplitude Export API returns, or one .json.gz /
                    .jsonl file of Amplitude events (accounts from the "company" group)
  mixpanel-jsonl    a Mixpanel raw export, one JSON event per line (accounts from company_id)
  csv               header row timestamp,user_id,account_id,event [,session_id] [,feature_id];
                    timestamps ISO 8601 (UTC when no offset) or epoch seconds/milliseconds

The file becomes (or adds to) the file-import connection LABEL. Importing the same file again
replaces its rows, never doubles them. Unreadable lines are counted and reported.`,
  async run(args, io) {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: { format: { type: 'string' }, label: { type: 'string' }, json: { type: 'boolean' } },
    });
    const [file, ...extra] = positionals;
    if (!file || extra.length > 0) throw new CliUsageError('Give exactly one FILE to import.');
    const format = fileImportFormatSchema.safeParse(values.format);
    if (!format.success) throw new CliUsageError('--format must be amplitude-export, mixpanel-jsonl or csv.');
    if (!values.label) throw new CliUsageError('--label is required: the name of the connection the file goes into.');
    const label = values.label;
    return withCore(io, async (client) => {
      const bar = new ProgressBar(io.stderr, label);
      const unsubscribe = client.on('sync.progress', (p) => {
        if (values.json) return;
        if (p.phase === 'done' || p.phase === 'failed') bar.finish();
        else bar.update(p.window, p.windows, `· ${p.eventsRead.toLocaleString('en-US')} events · ${p.message ?? p.phase}`);
      });
      try {
        const result = await client.call('import.file', { path: resolve(file), format: format.data, label });
        bar.finish();
        if (values.json) {
          io.stdout.write(`${JSON.stringify(result)}\n`);
          return 0;
        }
        const run = result.run;
        const lines = [
          `${result.label}: imported ${run.eventsRead.toLocaleString('en-US')} events (${run.rowsWritten.toLocaleString('en-US')} daily rows)${result.createdConnection ? ', new file-import connection' : ''}.`,
        ];
        if (result.alreadyImported) lines.push('  This file was imported before: its rows were replaced, not added.');
        if (run.eventsRejected > 0) lines.push(`  ${run.eventsRejected.toLocaleString('en-US')} line(s) could not be read:`);
        for (const warning of run.warnings) lines.push(`    ${warning}`);
        lines.push(`  Accounts linked to customers: ${result.accountsLinked} (new customers: ${result.customersCreated}).`);
        io.stdout.write(`${lines.join('\n')}\n`);
        return 0;
      } catch (error) {
        bar.finish();
        io.stderr.write(`Import failed: ${(error as Error).message}\n`);
        return 1;
      } finally {
        unsubscribe();
      }
    });
  },
};
