import type { Handlers } from '../../../src-shared/contract';
import { secretAccount } from '../secrets';
import type { CoreDeps } from './context';

/** Write-only by design: nothing here returns a secret's value. */
export function secretHandlers(deps: CoreDeps): Pick<Handlers, 'secrets.set' | 'secrets.has' | 'secrets.delete'> {
  return {
    'secrets.set': async ({ owner, field, value }) => {
      deps.scrubber.remember(value);
      await deps.secrets.set(secretAccount(owner, field), value);
      return { isSet: true };
    },
    'secrets.has': async ({ owner, field }) => ({ isSet: (await deps.secrets.get(secretAccount(owner, field))) !== null }),
    'secrets.delete': async ({ owner, field }) => ({ deleted: await deps.secrets.delete(secretAccount(owner, field)) }),
  };
}
