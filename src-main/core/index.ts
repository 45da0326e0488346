import pkg from '../../package.json';
import type { AppInfo, CoreEvents, EventName, Handlers, KeychainStatus } from '../../src-shared/contract';
import { createHandlers } from './api';
import { ConnectionRepository } from './connections';
import { createConnector, rateBudgetFor, validateVendorSettings } from './connectors/registry';
import type { SecretScrubber } from './logging';
import type { Clock, Http, Logger, SecretStore } from './ports';
import { SettingsRepository } from './settings';
import { openStore, type Store } from './store';
import { type Sleep, SyncEngine } from './sync';
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
  /** Tests shorten retry waits. */
  sleep?: Sleep;
}

export interface Core {
  handlers: Handlers;
  store: Store;
  sync: SyncEngine;
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
  const settings = new SettingsRepository(store, options.clock);
  const connections = new ConnectionRepository(store, options.secrets, options.clock, validateVendorSettings);
  const sync = new SyncEngine({
    store,
    connections,
    settings,
    secrets: options.secrets,
    clock: options.clock,
    logger: options.logger,
    scrubber: options.scrubber,
    emit: options.emit,
    createConnector: (record, secrets) => createConnector(record, secrets, options.http, options.clock),
    rateBudget: rateBudgetFor,
    ...(options.sleep ? { sleep: options.sleep } : {}),
  });
  await sync.markInterruptedRuns();
  const handlers = createHandlers({
    dataDir: options.dataDir,
    host: options.host,
    version: pkg.version,
    store,
    settings,
    connections,
    sync,
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
    sync,
    close: async () => {
      for (const id of sync.runningConnectionIds()) sync.cancel(id);
      await store.close();
    },
  };
}

export type { Clock, Http, Logger, PdfPrinter, SecretStore } from './ports';
export { systemClock } from './ports';
