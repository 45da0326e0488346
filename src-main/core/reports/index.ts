/**
 * Reports (issue 7): the account QBR report and the portfolio report, built from the core's metric,
 * health and alert results (ReportService), rendered as CSV (one file per table), self-contained HTML
 * with inline ECharts SVG, and PDF (that HTML through the host's PdfPrinter), written by the
 * ReportExporter with an export history. Other folders import from here only.
 */
export { type AccountReportInputs, accountReportModel } from './accountReport';
export { type ReportFile, renderReportCsv } from './csv';
export { EXPORT_HISTORY_DAYS, ExportHistory } from './exportHistory';
export { type ReportCall, runReportExport } from './hostExport';
export { escapeHtml, freshnessText, type HtmlOptions, type PageSize, renderReportHtml } from './html';
export {
  type ReportBlock,
  type ReportChart,
  type ReportColumn,
  type ReportModel,
  type ReportSection,
  type ReportSourceFreshness,
  type ReportTable,
  reportCharts,
  reportTables,
  slug,
} from './model';
export { type PortfolioReportInputs, portfolioReportModel } from './portfolioReport';
export { ReportExporter, type ReportExporterDeps } from './reportExporter';
export { DEFAULT_REPORT_DAYS, ReportService, type ReportServiceDeps, resolvePeriod } from './reportService';
export { loadChartRenderer } from './svgChart';
