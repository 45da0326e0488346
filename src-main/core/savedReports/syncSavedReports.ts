import { isVendorError } from '../connectors/http';
import type { Connector, FetchContext, SavedReportData } from '../connectors/types';
import type { Logger } from '../ports';
import type { Store } from '../store';
import { placeholderName } from './savedReportStore';

interface SyncDeps {
  store: Store;
  connector: Connector;
  connectionId: string;
  context: FetchContext;
  now: () => number;
  logger: Logger;
  /** Removes known secrets from a message before it is stored or logged. */
  scrub(text: string): string;
}

/** Segments that are accounts of the connection make a "by account" report (at least half of them). */
function accountSegments(store: Store, connectionId: string, data: SavedReportData): Set<string> {
  const segments = [...new Set(data.points.map((p) => p.segment).filter((s) => s !== ''))];
  if (segments.length === 0) return new Set();
  const known = store.sqlite
    .prepare(
      `select account_id as id from vendor_accounts where connection_id = ? and account_id in (select value from json_each(?))
       union select account_id from account_links where connection_id = ? and account_id in (select value from json_each(?))`,
    )
    .all(connectionId, JSON.stringify(segments), connectionId, JSON.stringify(segments)) as Array<{ id: string }>;
  const ids = new Set(known.map((k) => k.id));
  return ids.size * 2 >= segments.length ? ids : new Set();
}

/**
 * Fetches every saved report picked for the connection and replaces its stored values in ONE
 * transaction per report (delete + insert + status), the way windows are committed: a failure
 * leaves the previous values intact and becomes a warning on the run (and `last_error`).
 */
export async function syncSavedReports(deps: SyncDeps): Promise<string[]> {
  const { store, connector, connectionId } = deps;
  const picked = store.sqlite
    .prepare('select id, kind, report_id as reportId, name from saved_reports where connection_id = ? order by picked_at')
    .all(connectionId) as Array<{ id: string; kind: string; reportId: string; name: string }>;
  if (picked.length === 0) return [];
  const warnings: string[] = [];
  if (!connector.savedReport) {
    return [`Saved reports were not updated: ${connector.vendor} has no saved reports Pulse can read.`];
  }
  const del = store.sqlite.prepare('delete from saved_report_results where saved_report_id = ?');
  const insert = store.sqlite.prepare(
    'insert or replace into saved_report_results (saved_report_id, series, segment, account_id, day, value) values (?,?,?,?,?,?)',
  );
  const done = store.sqlite.prepare(
    'update saved_reports set synced_at = ?, last_error = null, breakdown = ?, by_account = ?, name = coalesce(?, name) where id = ?',
  );
  const failed = store.sqlite.prepare('update saved_reports set last_error = ? where id = ?');
  const commit = store.sqlite.transaction((id: string, data: SavedReportData, accounts: Set<string>, rename: boolean) => {
    del.run(id);
    for (const p of data.points) insert.run(id, p.series, p.segment, accounts.has(p.segment) ? p.segment : null, p.day, p.value);
    done.run(deps.now(), data.breakdown, accounts.size > 0 ? 1 : 0, rename ? data.name : null, id);
  });
  for (const report of picked) {
    try {
      const data = await connector.savedReport(report.reportId, deps.context);
      // A vendor title replaces only the placeholder name given at pick time, never the CSM's own.
      const rename = report.name === placeholderName(report.kind, report.reportId);
      commit.immediate(report.id, data, accountSegments(store, connectionId, data), rename);
    } catch (error) {
      if (isVendorError(error) && error.code === 'CANCELLED') throw error;
      const message = deps.scrub(error instanceof Error ? error.message : String(error));
      failed.run(message.slice(0, 400), report.id);
      warnings.push(`Saved report "${report.name}" was not updated: ${message}`.slice(0, 400));
      deps.logger.log('warn', 'saved report sync failed', { connectionId, reportId: report.reportId, error: message });
    }
  }
  return warnings;
}
