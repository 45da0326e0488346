import type { Handlers } from '../../../src-shared/contract';
import type { CoreDeps } from './context';

export function demoHandlers(deps: CoreDeps): Pick<Handlers, 'demo.start' | 'demo.status' | 'demo.remove'> {
  return {
    'demo.start': (request) => deps.demo.start(request),
    'demo.status': () => deps.demo.status(),
    'demo.remove': () => deps.demo.remove(),
  };
}
