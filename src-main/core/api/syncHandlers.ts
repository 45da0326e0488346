import type { Handlers, SyncRunSummary } from '../../../src-shared/contract';
import { toRunSummary } from '../connections';
import type { CoreDeps } from './context';

export function syncHandlers(deps: CoreDeps): Pick<Handlers, 'sync.run' | 'sync.cancel' | 'sync.runs'> {
  return {
    'sync.run': async ({ connection, full }) => {
      // "All" means the vendor connections: an imported file has no vendor to fetch from.
      const targets = connection
        ? [await deps.connections.find(connection)]
        : (await deps.connections.list()).filter((c) => c.settings.source !== 'file');
      const runs: SyncRunSummary[] = [];
      // One connection after the other: they share the disk and, often, the vendor's rate limits.
      for (const target of targets) runs.push(await deps.sync.run(target.id, { trigger: 'manual', full }));
      return runs;
    },
    'sync.cancel': async ({ connection }) => {
      const record = await deps.connections.find(connection);
      return { cancelled: deps.sync.cancel(record.id) };
    },
    'sync.runs': async ({ connection, limit }) => {
      let query = deps.store.db.selectFrom('sync_runs').selectAll().orderBy('id', 'desc').limit(limit);
      if (connection) query = query.where('connection_id', '=', (await deps.connections.find(connection)).id);
      return (await query.execute()).map(toRunSummary);
    },
  };
}
