import { CoreError, type Handlers } from '../../../src-shared/contract';
import type { CoreDeps } from './context';

type AppHandlers = Pick<Handlers, 'app.info' | 'diagnostics.ping' | 'diagnostics.crash'>;

export function appHandlers(deps: CoreDeps): AppHandlers {
  return {
    'app.info': () => ({
      version: deps.version,
      schemaVersion: deps.store.schemaVersion,
      dataDir: deps.dataDir,
      databasePath: deps.store.path,
      keychain: deps.keychain,
      host: deps.host,
    }),
    'diagnostics.ping': ({ echo }) => ({ echo, at: deps.clock.now() }),
    'diagnostics.crash': () => {
      if (!deps.allowDiagnostics) throw new CoreError('FORBIDDEN', 'Diagnostics are disabled in this build.');
      // Thrown outside the handler's promise so it takes the worker down like a real fault would.
      setImmediate(() => {
        throw new Error('diagnostics.crash requested');
      });
      return new Promise<never>(() => {});
    },
  };
}
