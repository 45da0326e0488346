import { CoreError, type Handlers } from '../../../src-shared/contract';
import { findCustomer } from '../metrics';
import { SavedReportStore } from '../savedReports';
import type { CoreDeps } from './context';

type SavedReportChannels = 'savedReports.pick' | 'savedReports.unpick' | 'savedReports.list' | 'savedReports.forCustomer';

/** Saved vendor reports: pick/unpick per connection (they sync with it), list, a customer's values. */
export function savedReportHandlers(deps: CoreDeps): Pick<Handlers, SavedReportChannels> {
  const reports = new SavedReportStore(deps.store, () => deps.clock.now());
  const changed = (): void => deps.emit('data.changed', { scopes: ['connections'] });
  return {
    'savedReports.pick': async ({ connection, reportId, name }) => {
      const record = await deps.connections.find(connection);
      if (record.settings.source === 'file') {
        throw new CoreError(
          'BAD_REQUEST',
          `"${record.label}" holds imported files; saved reports come from a connection with API keys (Settings → Connections).`,
        );
      }
      const info = reports.pick(record, reportId, name);
      changed();
      return info;
    },
    'savedReports.unpick': async ({ connection, reportId }) => {
      const record = await deps.connections.find(connection);
      const removed = reports.unpick(record.id, reportId);
      if (removed) changed();
      return { removed };
    },
    'savedReports.list': async ({ connection }) => {
      if (!connection) return reports.list(null);
      // A connection removed a moment ago has no saved reports: its card may still be asking while it closes,
      // and an error there would only be noise (the removal itself reports success).
      const record = await deps.connections.find(connection).catch((error: unknown) => {
        if (error instanceof CoreError && error.code === 'NOT_FOUND') return null;
        throw error;
      });
      return record ? reports.list(record.id) : [];
    },
    'savedReports.forCustomer': async ({ customer, range }) => {
      const match = findCustomer({ store: deps.store }, customer);
      return reports.forCustomer(match.id, range);
    },
  };
}
