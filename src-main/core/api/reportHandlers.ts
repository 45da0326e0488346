import { join } from 'node:path';
import type { Handlers } from '../../../src-shared/contract';
import { ExportHistory, ReportExporter, ReportService } from '../reports';
import type { CoreDeps } from './context';

/**
 * Report exports: the core builds, renders and writes; the host chooses the path and prints PDFs
 * (contract/reports.ts). Without a target, files go to `<dataDir>/exports`.
 */
export function reportHandlers(deps: CoreDeps): Pick<Handlers, 'reports.export' | 'reports.attachPdf' | 'reports.history'> {
  const exporter = new ReportExporter({
    service: new ReportService({ store: deps.store, clock: deps.clock, settings: deps.settings, logger: deps.logger }),
    history: new ExportHistory(deps.store),
    clock: deps.clock,
    logger: deps.logger,
    exportsDir: join(deps.dataDir, 'exports'),
    emit: (name, payload) => deps.emit(name, payload),
  });
  return {
    'reports.export': (request) => exporter.export(request),
    'reports.attachPdf': ({ jobId, pdf }) => exporter.attachPdf(jobId, pdf),
    'reports.history': () => exporter.history(),
  };
}
