import type { AppInfo, CoreEvents, EventName, KeychainStatus } from '../../../src-shared/contract';
import type { ConnectionRepository } from '../connections';
import type { DemoWorkspaceService } from '../demoWorkspace';
import type { SecretScrubber } from '../logging';
import type { Clock, Http, Logger, SecretStore } from '../ports';
import type { Scheduler } from '../scheduler';
import type { SettingsRepository } from '../settings';
import type { Store } from '../store';
import type { SyncEngine } from '../sync';

/** What every handler may use. Built once per core; handlers never reach for globals. */
export interface CoreDeps {
  dataDir: string;
  host: AppInfo['host'];
  version: string;
  store: Store;
  settings: SettingsRepository;
  connections: ConnectionRepository;
  sync: SyncEngine;
  /** Always built (status works everywhere); started only where CoreOptions.schedule is true. */
  scheduler: Scheduler;
  clock: Clock;
  http: Http;
  secrets: SecretStore;
  keychain: KeychainStatus;
  logger: Logger;
  scrubber: SecretScrubber;
  emit<E extends EventName>(name: E, payload: CoreEvents[E]): void;
  allowDiagnostics: boolean;
  /** The first-run demo workspace and its sandboxes. */
  demo: DemoWorkspaceService;
}
