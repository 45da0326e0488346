import pkg from '../../package.json';
import type { AppInfo, CoreEvents, EventName, Handlers, KeychainStatus } from '../../src-shared/contract';
import { createHandlers } from './api';
import type { SecretScrubber } from './logging';
import type { Clock, Http, Logger, SecretStore } from './ports';
import { SettingsRepository } from './settings';
import { openStore, type Store } from './store';
import { databasePathIn } from './workspace';

export interface CoreOptions {
  dataDir: string;
  host: AppInfo['host'];
  clock: Clock;
  http: Http;
  secrets: SecretStore;
  keychain: KeychainStatus;
  logger: Logger;
  scrubber: SecretScrubber;
  emit<E extends EventName>(name: E, payload: CoreEvents[E]): void;
  allowDiagnostics?: boolean;
  nativeBinding?: string;
}

export interface Core {
  handlers: Handlers;
  store: Store;
  close(): Promise<void>;
}

/**
 * The whole product minus windows: opens the workspace and wires every capability behind the contract.
 * Runs under plain Node (worker thread, tests); never imports electron.
 */
export async function openCore(options: CoreOptions): Promise<Core> {
  const store = await openStore({
    path: databasePathIn(options.dataDir),
    clock: options.clock,
    logger: options.logger,
    ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}),
  });
  const handlers = createHandlers({
    dataDir: options.dataDir,
    host: options.host,
    version: pkg.version,
    store,
    settings: new SettingsRepository(store, options.clock),
    clock: options.clock,
    http: options.http,
    secrets: options.secrets,
    keychain: options.keychain,
    logger: options.logger,
    scrubber: options.scrubber,
    emit: options.emit,
    allowDiagnostics: options.allowDiagnostics ?? false,
  });
  return {
    handlers,
    store,
    close: () => store.close(),
  };
}

export type { Clock, Http, Logger, PdfPrinter, SecretStore } from './ports';
export { systemClock } from './ports';
