import type { Handlers } from '../../../src-shared/contract';
import { appHandlers } from './appHandlers';
import { connectionHandlers } from './connectionHandlers';
import type { CoreDeps } from './context';
import { customerHandlers } from './customerHandlers';
import { secretHandlers } from './secretHandlers';
import { settingsHandlers } from './settingsHandlers';
import { syncHandlers } from './syncHandlers';

export type { CoreDeps } from './context';

/** Every channel of the contract, implemented. Leaving one out does not compile. */
export function createHandlers(deps: CoreDeps): Handlers {
  return {
    ...appHandlers(deps),
    ...settingsHandlers(deps),
    ...secretHandlers(deps),
    ...connectionHandlers(deps),
    ...syncHandlers(deps),
    ...customerHandlers(deps),
  };
}
