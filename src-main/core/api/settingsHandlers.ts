import type { Handlers } from '../../../src-shared/contract';
import type { CoreDeps } from './context';

export function settingsHandlers(deps: CoreDeps): Pick<Handlers, 'settings.get' | 'settings.update'> {
  return {
    'settings.get': () => deps.settings.get(),
    'settings.update': async ({ patch }) => {
      const next = await deps.settings.update(patch);
      deps.emit('data.changed', { scopes: ['settings'] });
      return next;
    },
  };
}
