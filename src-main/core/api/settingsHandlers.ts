import type { Handlers } from '../../../src-shared/contract';
import type { CoreDeps } from './context';

export function settingsHandlers(deps: CoreDeps): Pick<Handlers, 'settings.get' | 'settings.update'> {
  return {
    'settings.get': () => deps.settings.get(),
    'settings.update': async ({ patch }) => {
      const next = await deps.settings.update(patch);
      // A new sync time or zone takes effect now, not at the scheduler's next check.
      if (patch.syncTime !== undefined || patch.timezone !== undefined) deps.scheduler.wake();
      deps.emit('data.changed', { scopes: ['settings'] });
      return next;
    },
  };
}
