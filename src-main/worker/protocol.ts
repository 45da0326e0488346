import type { CoreEvents, EventName, WireError } from '../../src-shared/contract';

/**
 * Messages between a host and the core worker. Calls are numbered; every call gets exactly one reply
 * with the same id. The worker may also call *up* into its host for ports that must live there
 * (the OS keychain belongs to the main process, not to the worker).
 */
export type HostToWorker =
  | { kind: 'call'; id: number; channel: string; payload: unknown }
  | { kind: 'portReply'; id: number; ok: true; value: unknown }
  | { kind: 'portReply'; id: number; ok: false; error: WireError }
  | { kind: 'shutdown' };

export type SecretPortMethod = 'get' | 'set' | 'delete';

export type WorkerToHost =
  | { kind: 'ready'; schemaVersion: number }
  | { kind: 'startFailed'; error: WireError }
  | { kind: 'reply'; id: number; ok: true; value: unknown }
  | { kind: 'reply'; id: number; ok: false; error: WireError }
  | { kind: 'event'; name: EventName; payload: CoreEvents[EventName] }
  | { kind: 'portCall'; id: number; port: 'secrets'; method: SecretPortMethod; args: string[] }
  | { kind: 'closed' };

/** What the host hands the worker at start (structured-cloned, so plain data only). */
export interface WorkerStartData {
  dataDir: string;
  host: 'electron' | 'web' | 'cli' | 'test';
  keychain: { available: boolean; description: string; problem: string | null };
  secretStoreDescription: string;
  allowDiagnostics: boolean;
  nativeBinding: string | null;
  /** Run the daily sync schedule (desktop app, `pulse serve`); one-shot CLI commands do not. */
  schedule: boolean;
  /**
   * The script this worker was started from (a file URL or a path): the core starts task threads from it
   * (entry.ts dispatches on `role`). Null: no extra threads, everything runs on the core's thread.
   */
  entry: string | null;
  /** Tasks over fewer items stay on one thread; null = each task's default (tests lower it). */
  taskThreadsFrom: number | null;
}
