import type { ConnectionRepository } from '../connections';
import type { SettingsRepository } from '../settings';
import type { Store } from '../store';
import type { ScheduleSource } from './scheduler';

/**
 * The schedule as the workspace database states it. File imports (settings.source = 'file') have no
 * vendor to call, so they are never scheduled.
 */
export function scheduleSourceFromStore(
  store: Store,
  settings: SettingsRepository,
  connections: ConnectionRepository,
): ScheduleSource {
  return {
    schedule: async () => {
      const current = await settings.get();
      return { syncTime: current.syncTime, timeZone: current.timezone };
    },
    targets: async () =>
      (await connections.list())
        .filter((record) => record.settings.source !== 'file')
        .map((record) => ({ id: record.id, label: record.label, createdAt: record.createdAt })),
    lastScheduledStart: async (connectionId) => {
      const row = await store.db
        .selectFrom('sync_runs')
        .select((eb) => eb.fn.max('started_at').as('at'))
        .where('connection_id', '=', connectionId)
        .where('trigger', 'in', ['schedule', 'catch-up'])
        .executeTakeFirst();
      return row?.at ?? null;
    },
  };
}
