import { formatCsv } from '../csv';
import { type ReportModel, reportTables } from './model';

export interface ReportFile {
  name: string;
  text: string;
}

/**
 * One RFC 4180 file per table (UTF-8, optional BOM so Excel reads accents), named after the table id,
 * plus `report-info.csv` with the period, time zone, sources and their "data as of". Headers are the
 * column keys; cells are the core's raw values: ratios as fractions 0..1, scores unrounded, days
 * "YYYY-MM-DD", money as plain numbers. Formula-like text is neutralised by formatCsv.
 */
export function renderReportCsv(model: ReportModel, options: { bom?: boolean } = {}): ReportFile[] {
  const bom = options.bom ?? false;
  const files: ReportFile[] = [];
  const info: Array<Array<string | number | null>> = [
    ['key', 'value'],
    ['report', model.title],
    ['subtitle', model.subtitle],
    ['period_from', model.period.from],
    ['period_to', model.period.to],
    ['time_zone', model.timezone],
    ['generated_at', model.generatedAt],
    ...model.sources.map((s) => [`data_as_of:${s.label}`, s.dataThrough] as Array<string | number | null>),
    ['internal', model.hasInternal || model.kind === 'portfolio' ? 'yes' : 'no'],
  ];
  files.push({ name: 'report-info.csv', text: formatCsv(info, { bom }) });
  const used = new Set<string>(['report-info']);
  for (const table of reportTables(model)) {
    let name = table.id;
    for (let n = 2; used.has(name); n++) name = `${table.id}-${n}`;
    used.add(name);
    const rows = [table.columns.map((c) => c.key), ...table.rows.map((row) => table.columns.map((c) => row[c.key] ?? null))];
    files.push({ name: `${name}.csv`, text: formatCsv(rows, { bom }) });
  }
  return files;
}
