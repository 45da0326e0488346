import pkg from '../../package.json';
import {
  type AppInfo,
  type Channel,
  type CoreEvents,
  channels,
  type EventName,
  type Handlers,
  type KeychainStatus,
  type Requests,
  type Responses,
} from '../../src-shared/contract';
import { noteRequests, RequestActivity } from './activity';
import { createHandlers } from './api';
import { ConnectionRepository } from './connections';
import { createConnector, rateBudgetFor, validateVendorSettings } from './connectors/registry';
import { DemoWorkspaceService } from './demoWorkspace';
import { healthEngineFor } from './health';
import { collectGarbageNow } from './heap';
import type { SecretScrubber } from './logging';
import type { ParseThreads } from './parseThreads';
import type { Clock, Http, Logger, SecretStore } from './ports';
import { Scheduler, scheduleSourceFromStore, systemTimer, type TimerPort } from './scheduler';
import { SettingsRepository } from './settings';
import { describeSqliteError, isSqliteError, openStore, type Store } from './store';
import { type Sleep, SyncEngine } from './sync';
import type { TaskThreads } from './threads';
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
  /**
   * Run the daily schedule (timers, catch-up at start and on resume). Off by default so tests and
   * one-shot CLI commands never start timers; on for the desktop app and `pulse serve`.
   */
  schedule?: boolean;
  /** Tests drive the scheduler's waits with a manual clock. */
  schedulerTimer?: TimerPort;
  /** Extra threads for large tasks (the worker provides them); absent, everything runs on this thread. */
  threads?: TaskThreads | null;
  /** A second thread that inflates and parses large exports during a sync; absent, the core's thread parses. */
  parseThreads?: ParseThreads | null;
}

export interface Core {
  handlers: Handlers;
  store: Store;
  sync: SyncEngine;
  scheduler: Scheduler;
  close(): Promise<void>;
}

/**
 * The whole product minus windows: opens the workspace and wires every capability behind the contract.
 * Runs under plain Node (worker thread, tests); never imports electron.
 */
/** No request for this long: tomorrow's memos are filled (health engine, after a sync's recompute). */
const QUIET_BEFORE_WORK_AHEAD_MS = 60_000;

export async function openCore(options: CoreOptions): Promise<Core> {
  const store = await openStore({
    path: databasePathIn(options.dataDir),
    clock: options.clock,
    logger: options.logger,
    ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}),
  });
  const settings = new SettingsRepository(store, options.clock);
  const activity = new RequestActivity(options.clock, options.schedulerTimer ?? systemTimer);
  const connections = new ConnectionRepository(store, options.secrets, options.clock, validateVendorSettings);
  const health = healthEngineFor({
    store,
    clock: options.clock,
    settings,
    logger: options.logger,
    warmMemosAfterRecompute: options.host !== 'cli',
    threads: options.threads ?? null,
    quietMoment: (stillWanted) => activity.waitForQuiet(QUIET_BEFORE_WORK_AHEAD_MS, stillWanted),
  });
  const sync = new SyncEngine({
    store,
    connections,
    settings,
    secrets: options.secrets,
    clock: options.clock,
    logger: options.logger,
    scrubber: options.scrubber,
    emit: options.emit,
    createConnector: (record, secrets) =>
      createConnector(record, secrets, options.http, options.clock, { parseThreads: options.parseThreads ?? null }),
    rateBudget: rateBudgetFor,
    windowsDone: async () => {
      await options.parseThreads?.endIdle();
      const ms = collectGarbageNow();
      if (ms !== null) options.logger.log('info', 'sync windows done: garbage collected', { ms: Math.round(ms) });
    },
    windowGroupDone: () => {
      const ms = collectGarbageNow();
      if (ms !== null) options.logger.log('info', 'sync window group done: garbage collected', { ms: Math.round(ms) });
    },
    // Health history and alerts follow every successful sync. A failure there is logged, not turned
    // into a failed sync: the synced data is good and the next recompute catches up.
    afterSync: async (connectionId, touched) => {
      await health.afterSync(connectionId, touched).catch((error: unknown) =>
        options.logger.log('error', 'health recompute after sync failed', {
          connectionId,
          error: error instanceof Error ? error.stack : String(error),
        }),
      );
    },
    ...(options.sleep ? { sleep: options.sleep } : {}),
  });
  await sync.markInterruptedRuns();
  const scheduler = new Scheduler({
    clock: options.clock,
    timer: options.schedulerTimer ?? systemTimer,
    logger: options.logger,
    source: scheduleSourceFromStore(store, settings, connections),
    run: (connectionId, trigger) => sync.run(connectionId, { trigger }),
    isRunning: (connectionId) => sync.isRunning(connectionId),
  });
  // The demo set-up calls the core's own handlers (validated like any caller's request), bound below.
  let handlers: Handlers;
  const demo = new DemoWorkspaceService({
    store,
    clock: options.clock,
    logger: options.logger,
    emit: options.emit,
    caller: () => ({
      call: async <C extends Channel>(channel: C, request: Requests[C]): Promise<Responses[C]> =>
        (handlers[channel] as (r: unknown) => Promise<Responses[C]> | Responses[C])(channels[channel].request.parse(request)),
    }),
    cancelSync: (id) => sync.cancel(id),
  });
  handlers = createHandlers({
    dataDir: options.dataDir,
    host: options.host,
    version: pkg.version,
    store,
    settings,
    connections,
    sync,
    scheduler,
    clock: options.clock,
    http: options.http,
    secrets: options.secrets,
    keychain: options.keychain,
    logger: options.logger,
    scrubber: options.scrubber,
    emit: options.emit,
    allowDiagnostics: options.allowDiagnostics ?? false,
    demo,
  });
  // The reporting zone ("today", the last complete day) and the late-data horizon (which days are final)
  // move the days health and alerts are computed on: recompute the history when either changes. The
  // week start only moves the usage-drop rule's calendar weeks: re-evaluate alerts, keep the history.
  const updateSettings = handlers['settings.update'];
  handlers['settings.update'] = async (request, context) => {
    const before = await settings.get();
    const next = await updateSettings(request, context);
    const daysMoved = before.timezone !== next.timezone || before.lookbackDays !== next.lookbackDays;
    if (daysMoved || before.weekStart !== next.weekStart) {
      await health.recompute({ full: daysMoved });
      options.emit('data.changed', { scopes: ['metrics', 'alerts'] });
    }
    return next;
  };
  // SQLite's own errors (a full disk, the workspace locked by another Pulse window or process) become
  // the actionable CoreErrors of store/sqliteErrors.ts for every host, never a generic INTERNAL.
  for (const channel of Object.keys(handlers) as Channel[]) {
    const handler = handlers[channel] as (request: unknown, context: unknown) => unknown;
    (handlers as Record<Channel, unknown>)[channel] = async (request: unknown, context: unknown) => {
      try {
        return await handler(request, context);
      } catch (error) {
        throw isSqliteError(error) ? describeSqliteError(error, store.path) : error;
      }
    };
  }
  // A demo workspace's sandboxes start before the schedule's catch-up syncs reach for them.
  await demo.restore();
  // Not awaited: the start-up catch-up may sync for minutes; the core is usable meanwhile.
  if (options.schedule) void scheduler.start();
  return {
    // Every caller's request marks the core busy (work done ahead waits for a quiet moment).
    handlers: noteRequests(handlers, activity),
    store,
    sync,
    scheduler,
    close: async () => {
      scheduler.stop();
      for (const id of sync.runningConnectionIds()) sync.cancel(id);
      await demo.close();
      // A task thread still running (a recompute cut short by the shutdown) ends before its database closes.
      await options.threads?.close();
      await options.parseThreads?.close();
      await store.close();
    },
  };
}

export type { Clock, Http, Logger, PdfPrinter, SecretStore } from './ports';
export { systemClock } from './ports';
