export { CSV_REJECT, CsvEventReader, parseCsvTimestamp, REQUIRED_CSV_COLUMNS } from './csvEvents';
export { FILE_STREAM, type FileImportDeps, type FileImportRequest, importFile } from './importFile';
