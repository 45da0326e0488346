import type { DayRange, MetricVendor } from '../../../src-shared/contract/metrics';

/**
 * The report model: what a report says, independent of its format. Builders (accountReport,
 * portfolioReport) turn the core's metric, health and alert results into sections of blocks; the
 * renderers (CSV, HTML, PDF through HTML) only lay the blocks out. Tables keep the core's raw values
 * (fractions stay fractions, scores stay unrounded) so a CSV equals the core's numbers; HTML formats
 * them for reading.
 */

export type ReportKind = 'account' | 'portfolio';

export interface ReportSourceFreshness {
  label: string;
  vendor: MetricVendor;
  /** Last day of synced data ("data as of"); null before the first sync. */
  dataThrough: string | null;
}

export type ColumnKind = 'text' | 'int' | 'number' | 'percent' | 'money' | 'day' | 'score' | 'points';

export interface ReportColumn {
  key: string;
  label: string;
  kind: ColumnKind;
}

export type ReportCell = string | number | null;

export interface ReportTable {
  /** File name stem of the table's CSV ("accounts-at-risk"): lowercase letters, digits and dashes. */
  id: string;
  title: string;
  columns: ReportColumn[];
  rows: Array<Record<string, ReportCell>>;
  /** HTML/PDF shows at most this many rows (the CSV has all) and says how many were left out. */
  htmlLimit?: number;
  /** Detail only the CSV carries (the HTML/PDF shows a summary of it elsewhere). */
  csvOnly?: boolean;
  /** Optional per-row band colour key for the HTML (never part of the CSV). */
  rowBand?: Array<'red' | 'yellow' | 'green' | null>;
}

export interface ReportChart {
  id: string;
  title: string;
  /** An ECharts option from src-shared/charts (the same builders as the screen). */
  option: object;
  width: number;
  height: number;
  caption?: string;
}

export type ReportBlock =
  | { type: 'text'; text: string; tone?: 'normal' | 'muted' | 'callout' }
  | { type: 'list'; items: string[] }
  | { type: 'stats'; items: Array<{ label: string; value: string; detail?: string; band?: 'red' | 'yellow' | 'green' | null }> }
  | { type: 'table'; table: ReportTable }
  | { type: 'chart'; chart: ReportChart }
  /** A section or part without data, saying why (never a blank frame). */
  | { type: 'empty'; reason: string }
  /** Blank ruled lines for the CSM's notes. */
  | { type: 'lines'; count: number }
  /** Two blocks side by side (screen and print); each column keeps together. */
  | { type: 'columns'; columns: ReportBlock[][] };

export interface ReportSection {
  id: string;
  title: string;
  /** What window the section's numbers cover, in words ("last 30 complete days: Mar 1 – Mar 30"). */
  window?: string;
  /** Marked INTERNAL: not for the customer's eyes (commercials). */
  internal?: boolean;
  /** Start the section on a new page in print. */
  pageBreakBefore?: boolean;
  blocks: ReportBlock[];
}

export interface ReportModel {
  kind: ReportKind;
  /** Account reports: the customer. */
  customerId?: string;
  customerName?: string;
  title: string;
  subtitle: string;
  /** File name stem for exports, e.g. "qbr-acme-2025-01-01-to-2025-03-31". */
  fileStem: string;
  period: DayRange;
  /** When the report was generated (ISO 8601, UTC). */
  generatedAt: string;
  timezone: string;
  sources: ReportSourceFreshness[];
  /** The report holds sections marked internal. */
  hasInternal: boolean;
  /** Readable user ids appear only when the privacy setting allows them. */
  readableUserIds: boolean;
  sections: ReportSection[];
}

/** Every table of the model, in order (nested columns included). */
export function reportTables(model: ReportModel): ReportTable[] {
  const out: ReportTable[] = [];
  const walk = (blocks: ReportBlock[]) => {
    for (const block of blocks) {
      if (block.type === 'table') out.push(block.table);
      else if (block.type === 'columns') for (const column of block.columns) walk(column);
    }
  };
  for (const section of model.sections) walk(section.blocks);
  return out;
}

/** Every chart of the model, in order. */
export function reportCharts(model: ReportModel): ReportChart[] {
  const out: ReportChart[] = [];
  const walk = (blocks: ReportBlock[]) => {
    for (const block of blocks) {
      if (block.type === 'chart') out.push(block.chart);
      else if (block.type === 'columns') for (const column of block.columns) walk(column);
    }
  };
  for (const section of model.sections) walk(section.blocks);
  return out;
}

/** "acme-inc" from "ACME, Inc.": safe in file names on every OS. */
export function slug(text: string): string {
  const s = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
  return s || 'report';
}
