import { join } from 'node:path';
import { chromiumPdfPrinter } from '../../src-main/cli/pdf';
import { runReportExport } from '../../src-main/core/reports';
import type { CoreClient } from '../../src-main/worker';
import { type Figure, median, ms, timed } from './stats';

/**
 * The portfolio PDF as `pulse report --portfolio --format pdf` makes it: the core builds the report
 * (every customer, health, trends, alerts) and its HTML, the CLI's Chromium printer prints it, the core
 * saves it. Timed end to end, Chromium start included (each export launches it, as the CLI does; it
 * starts while the core builds the report).
 */
export async function runPdfBench(
  client: CoreClient,
  options: { outDir: string; quick: boolean; log: (line: string) => void; figure: (f: Figure) => void },
): Promise<{ portfolio_pdf_ms: number }> {
  const samples: number[] = [];
  let pages = 0;
  for (let i = 0; i < (options.quick ? 1 : 2); i++) {
    // Where the time goes: the core's answer (report model + HTML), the print (Chromium start-up runs
    // beside the core's work, see runReportExport), the core writing the file.
    const started = performance.now();
    const phases: string[] = [];
    const lap = (label: string, since: number) => phases.push(`${label} ${ms(performance.now() - since)}`);
    const printer = chromiumPdfPrinter();
    const run = await timed(() =>
      runReportExport(
        async (channel, request) => {
          const at = performance.now();
          const answer = await client.call(channel, request);
          lap(channel === 'reports.export' ? 'core report+HTML' : 'core write', at);
          return answer;
        },
        {
          kind: 'portfolio',
          format: 'pdf',
          pageSize: 'A4',
          bom: false,
          target: join(options.outDir, `portfolio-${i}.pdf`),
        },
        {
          warmUp: () => printer.warmUp(),
          release: () => printer.release(),
          print: async (html, printOptions) => {
            const at = performance.now();
            const pdf = await printer.print(html, printOptions);
            lap(`print (${(html.length / 1e6).toFixed(2)} MB HTML, started at ${ms(at - started)})`, at);
            return pdf;
          },
        },
      ),
    );
    options.log(`pdf: run ${i + 1}: ${phases.join(', ')} ms`);
    samples.push(run.ms);
    pages = run.value.files.length;
  }
  options.log(`pdf: ${samples.map((v) => ms(v)).join(', ')} ms (${pages} file)`);
  const value = ms(median(samples));
  options.figure({
    key: 'portfolio_pdf_ms',
    label: 'Portfolio PDF report, export to saved file',
    value,
    unit: 'ms',
    target: 5000,
    note: `median of ${samples.length}`,
  });
  return { portfolio_pdf_ms: value };
}
