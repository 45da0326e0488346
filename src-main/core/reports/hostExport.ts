import type { ReportExportRequest, ReportExportResult, Requests, Responses } from '../../../src-shared/contract';
import type { PdfPrinter } from '../ports';

/** The two calls a host needs (CoreClient.call fits). */
export type ReportCall = <C extends 'reports.export' | 'reports.attachPdf'>(
  channel: C,
  request: Requests[C],
) => Promise<Responses[C]>;

/**
 * The host's side of an export, the same for every host: ask the core; when it answers "print", print
 * its HTML with the host's PdfPrinter and hand the PDF back so the core writes it and records it.
 */
export async function runReportExport(
  call: ReportCall,
  request: ReportExportRequest,
  printer: PdfPrinter | null,
): Promise<Extract<ReportExportResult, { status: 'saved' }>> {
  // Chromium's start-up (1–2.5 s) runs while the core builds the report, not after it.
  if (request.format === 'pdf') printer?.warmUp?.();
  let result: Responses['reports.export'];
  try {
    result = await call('reports.export', request);
  } catch (error) {
    await printer?.release?.();
    throw error;
  }
  if (result.status === 'saved') {
    await printer?.release?.();
    return result;
  }
  if (!printer) throw new Error('This host cannot print PDFs; export HTML and print it from a browser.');
  const pdf = await printer.print(result.html, { pageSize: result.pageSize });
  return call('reports.attachPdf', { jobId: result.jobId, pdf });
}
