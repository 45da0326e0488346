import { z } from 'zod';

/**
 * Report exports (issue 7): the account QBR report and the portfolio report as PDF, HTML or CSV.
 *
 * Who does what:
 * - the CORE builds the report from its metric, health and alert results, renders HTML and CSV, writes
 *   the files to `target` and records the export in the history (entries older than 14 days are
 *   deleted automatically);
 * - the HOST chooses `target` (Electron main: the save dialog; CLI: --out) and, for PDF, prints the
 *   core's HTML through its PdfPrinter (Electron printToPDF; Chromium in the CLI): `reports.export`
 *   answers `{status: 'print', jobId, html}`, the host prints and hands the bytes back with
 *   `reports.attachPdf`, and the core writes the PDF and records it. `runReportExport` in
 *   core/reports does this loop for any host.
 * - Without `target` the core writes into the workspace's `exports` folder.
 */
const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a day as YYYY-MM-DD');

export const reportKinds = ['account', 'portfolio'] as const;
export type ReportKindName = (typeof reportKinds)[number];
export const reportFormats = ['pdf', 'html', 'csv'] as const;
export type ReportFormat = (typeof reportFormats)[number];
export const reportPageSizes = ['A4', 'Letter'] as const;
export type ReportPageSize = (typeof reportPageSizes)[number];

export const reportExportRequestSchema = z
  .object({
    kind: z.enum(reportKinds),
    /** Customer id or name (typos tolerated); required for kind "account". */
    customer: z.string().min(1).max(200).optional(),
    format: z.enum(reportFormats),
    /** Report period (account reports); default the last 90 complete days. */
    from: day.optional(),
    to: day.optional(),
    pageSize: z.enum(reportPageSizes).default('A4'),
    /** CSV only: start each file with a UTF-8 BOM so Excel reads accents. */
    bom: z.boolean().default(false),
    /**
     * Absolute path chosen by the host: a .pdf or .html file, or a folder for CSV (one file per table).
     * Omitted: the workspace's exports folder.
     */
    target: z.string().min(1).max(4096).nullable().default(null),
  })
  .strict()
  .superRefine((r, ctx) => {
    if (r.kind === 'account' && !r.customer)
      ctx.addIssue({ code: 'custom', path: ['customer'], message: 'an account report needs a customer' });
    if (r.from && r.to && r.from > r.to) ctx.addIssue({ code: 'custom', path: ['from'], message: 'from must not be after to' });
  });
export type ReportExportRequest = z.input<typeof reportExportRequestSchema>;

export const reportAttachPdfSchema = z
  .object({
    jobId: z.string().min(1).max(100),
    pdf: z
      .custom<Uint8Array>((v) => v instanceof Uint8Array, 'a PDF as bytes')
      .refine((b) => b.byteLength <= 500_000_000, 'the PDF is larger than 500 MB'),
  })
  .strict();

export interface ExportHistoryEntry {
  id: number;
  /** Epoch milliseconds. */
  createdAt: number;
  kind: ReportKindName;
  customer: { id: string; name: string } | null;
  format: ReportFormat;
  period: { from: string; to: string };
  pageSize: ReportPageSize | null;
  /** The file, or the folder of CSV files. */
  path: string;
  files: number;
  bytes: number;
  status: 'saved' | 'failed';
  error: string | null;
}

export type ReportExportResult =
  | { status: 'saved'; entry: ExportHistoryEntry; files: string[] }
  /** PDF: the host prints `html` with its PdfPrinter and calls reports.attachPdf with the job id. */
  | { status: 'print'; jobId: string; html: string; pageSize: ReportPageSize; target: string };

export interface ReportProgress {
  jobId: string;
  phase: 'loading' | 'rendering' | 'printing' | 'writing' | 'done' | 'failed';
  message: string;
}
