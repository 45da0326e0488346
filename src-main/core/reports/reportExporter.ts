import { randomUUID } from 'node:crypto';
import { mkdir, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, extname, isAbsolute, join } from 'node:path';
import {
  CoreError,
  type CoreEvents,
  type ExportHistoryEntry,
  type ParsedRequests,
  type ReportExportResult,
  type ReportProgress,
} from '../../../src-shared/contract';
import type { Clock, Logger } from '../ports';
import { renderReportCsv } from './csv';
import type { ExportHistory } from './exportHistory';
import { renderReportHtml } from './html';
import type { ReportModel } from './model';
import type { ReportService } from './reportService';

type ExportRequest = ParsedRequests['reports.export'];

export interface ReportExporterDeps {
  service: ReportService;
  history: ExportHistory;
  clock: Clock;
  logger: Logger;
  /** Where exports go when the host names no target: `<dataDir>/exports`. */
  exportsDir: string;
  emit(name: 'reports.progress', payload: CoreEvents['reports.progress']): void;
}

interface PrintJob {
  request: ExportRequest;
  model: ReportModel;
  target: string;
  createdAt: number;
}

/** A PDF job waits this long for the host's printed bytes. */
const PRINT_JOB_TTL_MS = 10 * 60_000;

/**
 * Builds a report, renders it and writes it where the host said. HTML and CSV are written at once;
 * PDF goes through the host's printer (see contract/reports.ts): the job waits for `attachPdf`.
 * Every export, saved or failed, lands in the history.
 */
export class ReportExporter {
  private readonly jobs = new Map<string, PrintJob>();

  constructor(private readonly deps: ReportExporterDeps) {}

  async export(request: ExportRequest): Promise<ReportExportResult> {
    const jobId = randomUUID();
    const progress = (phase: ReportProgress['phase'], message: string) =>
      this.deps.emit('reports.progress', { jobId, phase, message });
    progress('loading', 'Reading metrics, health and alerts');
    const period = { ...(request.from ? { from: request.from } : {}), ...(request.to ? { to: request.to } : {}) };
    const model =
      request.kind === 'account'
        ? await this.deps.service.accountReport(request.customer ?? '', period)
        : await this.deps.service.portfolioReport(period);
    const target = await this.resolveTarget(request, model);
    progress('rendering', `Rendering ${request.format.toUpperCase()}`);
    try {
      if (request.format === 'html') {
        const html = await renderReportHtml(model, { pageSize: request.pageSize });
        const bytes = await writeAtomically(target, Buffer.from(html, 'utf8'));
        progress('done', `Saved ${target}`);
        return { status: 'saved', entry: this.record(request, model, target, 1, bytes, null), files: [target] };
      }
      if (request.format === 'csv') {
        const files = renderReportCsv(model, { bom: request.bom });
        await mkdir(target, { recursive: true });
        let bytes = 0;
        const paths: string[] = [];
        for (const file of files) {
          const path = join(target, file.name);
          bytes += await writeAtomically(path, Buffer.from(file.text, 'utf8'));
          paths.push(path);
        }
        progress('done', `Saved ${files.length} CSV files in ${target}`);
        return { status: 'saved', entry: this.record(request, model, target, files.length, bytes, null), files: paths };
      }
      const html = await renderReportHtml(model, { pageSize: request.pageSize });
      this.pruneJobs();
      this.jobs.set(jobId, { request, model, target, createdAt: this.deps.clock.now() });
      progress('printing', 'Printing the PDF');
      return { status: 'print', jobId, html, pageSize: request.pageSize, target };
    } catch (error) {
      this.fail(request, model, target, error);
      progress('failed', error instanceof Error ? error.message : String(error));
      throw error;
    }
  }

  async attachPdf(jobId: string, pdf: Uint8Array): Promise<Extract<ReportExportResult, { status: 'saved' }>> {
    this.pruneJobs();
    const job = this.jobs.get(jobId);
    if (!job) throw new CoreError('NOT_FOUND', 'That PDF export is unknown or expired; export again.');
    this.jobs.delete(jobId);
    if (!(pdf.byteLength > 4 && Buffer.from(pdf.subarray(0, 5)).toString('latin1') === '%PDF-')) {
      this.fail(job.request, job.model, job.target, new Error('the printer returned something that is not a PDF'));
      throw new CoreError('BAD_REQUEST', 'The printer returned something that is not a PDF.');
    }
    try {
      this.deps.emit('reports.progress', { jobId, phase: 'writing', message: `Writing ${job.target}` });
      const bytes = await writeAtomically(job.target, pdf);
      this.deps.emit('reports.progress', { jobId, phase: 'done', message: `Saved ${job.target}` });
      return { status: 'saved', entry: this.record(job.request, job.model, job.target, 1, bytes, null), files: [job.target] };
    } catch (error) {
      this.fail(job.request, job.model, job.target, error);
      throw error;
    }
  }

  history(): ExportHistoryEntry[] {
    return this.deps.history.list(this.deps.clock.now());
  }

  private record(
    request: ExportRequest,
    model: ReportModel,
    path: string,
    files: number,
    bytes: number,
    error: string | null,
  ): ExportHistoryEntry {
    return this.deps.history.record({
      createdAt: this.deps.clock.now(),
      kind: request.kind,
      customer: model.kind === 'account' ? customerOf(model) : null,
      format: request.format,
      period: model.period,
      pageSize: request.format === 'csv' ? null : request.pageSize,
      path,
      files,
      bytes,
      status: error ? 'failed' : 'saved',
      error,
    });
  }

  private fail(request: ExportRequest, model: ReportModel, target: string, error: unknown): void {
    const message = error instanceof CoreError ? error.message : error instanceof Error ? error.message : String(error);
    this.deps.logger.log('warn', 'report export failed', { kind: request.kind, format: request.format, error: message });
    this.record(request, model, target, 0, 0, message.slice(0, 500));
  }

  private pruneJobs(): void {
    const now = this.deps.clock.now();
    for (const [id, job] of this.jobs) if (now - job.createdAt > PRINT_JOB_TTL_MS) this.jobs.delete(id);
  }

  /** The host's target, checked; or a fresh name in the workspace's exports folder. */
  private async resolveTarget(request: ExportRequest, model: ReportModel): Promise<string> {
    const ext = request.format === 'csv' ? '' : `.${request.format}`;
    if (!request.target) {
      await mkdir(this.deps.exportsDir, { recursive: true });
      for (let n = 1; ; n++) {
        const candidate = join(this.deps.exportsDir, `${model.fileStem}${n > 1 ? `-${n}` : ''}${ext}`);
        if (!(await exists(candidate))) return candidate;
      }
    }
    const target = request.target;
    if (!isAbsolute(target)) throw new CoreError('BAD_REQUEST', `The export path must be absolute: ${target}`);
    if (request.format === 'csv') {
      const info = await stat(target).catch(() => null);
      if (info && !info.isDirectory())
        throw new CoreError('BAD_REQUEST', `CSV exports go to a folder (one file per table), and ${target} is a file.`);
      if (info) {
        const strangers = (await readdir(target)).filter((name) => !name.toLowerCase().endsWith('.csv') && !name.startsWith('.'));
        if (strangers.length > 0)
          throw new CoreError(
            'BAD_REQUEST',
            `The folder ${target} holds other files; choose an empty or new folder for the CSV files.`,
          );
      }
      if (!(await exists(dirname(target)))) throw new CoreError('BAD_REQUEST', `The folder ${dirname(target)} does not exist.`);
      return target;
    }
    const allowed = request.format === 'pdf' ? ['.pdf'] : ['.html', '.htm'];
    if (!allowed.includes(extname(target).toLowerCase())) {
      throw new CoreError(
        'BAD_REQUEST',
        `A ${request.format.toUpperCase()} export must be saved as ${allowed.join(' or ')}: ${target}`,
      );
    }
    if (!(await exists(dirname(target)))) throw new CoreError('BAD_REQUEST', `The folder ${dirname(target)} does not exist.`);
    return target;
  }
}

function customerOf(model: ReportModel): { id: string; name: string } | null {
  const id = model.customerId ?? null;
  return id ? { id, name: model.customerName ?? id } : null;
}

async function exists(path: string): Promise<boolean> {
  return (await stat(path).catch(() => null)) !== null;
}

/** Writes next to the target and renames over it: a crash never leaves half a report. */
async function writeAtomically(path: string, data: Uint8Array): Promise<number> {
  const temporary = `${path}.${process.pid}.${Date.now()}.partial`;
  try {
    await writeFile(temporary, data);
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true }).catch(() => undefined);
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    throw new CoreError('BAD_REQUEST', `Pulse could not write ${path} (${code}). Choose another place.`);
  }
  return data.byteLength;
}
