import type { Handlers, ScheduledConnectionStatus } from '../../../src-shared/contract';
import { toRunSummary } from '../connections';
import type { CoreDeps } from './context';

export function schedulerHandlers(deps: CoreDeps): Pick<Handlers, 'scheduler.status' | 'scheduler.resume'> {
  return {
    'scheduler.status': async () => {
      const status = await deps.scheduler.status();
      const connections: ScheduledConnectionStatus[] = [];
      for (const entry of status.connections) {
        const lastRun = await deps.store.db
          .selectFrom('sync_runs')
          .selectAll()
          .where('connection_id', '=', entry.connectionId)
          .orderBy('id', 'desc')
          .limit(1)
          .executeTakeFirst();
        connections.push({ ...entry, lastRun: lastRun ? toRunSummary(lastRun) : null });
      }
      return { ...status, connections };
    },
    'scheduler.resume': () => {
      // Answer at once: the power event must not wait for the syncs the check may start.
      void deps.scheduler.notifyResume();
      return { checking: deps.scheduler.isStarted };
    },
  };
}
