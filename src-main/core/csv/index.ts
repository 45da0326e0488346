export { formatCell, formatCsv } from './formatCsv';
export { CsvError, parseCsv } from './parseCsv';
