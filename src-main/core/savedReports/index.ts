/**
 * Saved vendor reports (Mixpanel insights by bookmark id, Amplitude saved charts by chart id): picked
 * per connection, fetched with the connection's sync, values stored per series, segment and day.
 */
export { reportKindFor, SavedReportStore } from './savedReportStore';
export { syncSavedReports } from './syncSavedReports';
