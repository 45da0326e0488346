import { CoreError, type ReportExportRequest } from '../../src-shared/contract';
import type { PdfPrinter } from '../core/ports';
import { runReportExport } from '../core/reports';

export interface SaveDialogLike {
  showSaveDialog(options: {
    title: string;
    defaultPath: string;
    filters: Array<{ name: string; extensions: string[] }>;
  }): Promise<{ canceled: boolean; filePath?: string }>;
  showOpenDialog(options: {
    title: string;
    defaultPath: string;
    properties: Array<'openDirectory' | 'createDirectory'>;
  }): Promise<{ canceled: boolean; filePaths: string[] }>;
}

type Call = Parameters<typeof runReportExport>[0];

/**
 * "Export" from the window: main asks the CSM where to save (the renderer's own `target`, if any, is
 * ignored — a page must never choose paths on disk), then the core renders and main prints PDFs.
 * Cancelling the dialog answers CANCELLED, which the page shows quietly.
 */
export async function exportReportWithDialog(
  call: Call,
  request: ReportExportRequest,
  dialog: SaveDialogLike,
  printer: PdfPrinter,
  documentsFolder: string,
): ReturnType<typeof runReportExport> {
  const base = `${request.kind === 'portfolio' ? 'Portfolio report' : `QBR ${request.customer ?? ''}`.trim()}`.replace(
    /[\\/:*?"<>|]+/g,
    '-',
  );
  let target: string | undefined;
  if (request.format === 'csv') {
    const picked = await dialog.showOpenDialog({
      title: 'Choose a folder for the CSV files',
      defaultPath: documentsFolder,
      properties: ['openDirectory', 'createDirectory'],
    });
    target = picked.canceled ? undefined : picked.filePaths[0];
  } else {
    const extension = request.format;
    const picked = await dialog.showSaveDialog({
      title: 'Save report',
      defaultPath: `${documentsFolder}/${base}.${extension}`,
      filters: [{ name: extension.toUpperCase(), extensions: [extension] }],
    });
    target = picked.canceled ? undefined : picked.filePath;
  }
  if (!target) throw new CoreError('CANCELLED', 'Export cancelled.');
  return runReportExport(call, { ...request, target }, printer);
}
