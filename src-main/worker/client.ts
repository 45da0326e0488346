import { Worker } from 'node:worker_threads';
import {
  type Channel,
  CoreError,
  type CoreEvents,
  type EventName,
  type KeychainStatus,
  type Requests,
  type Responses,
  toWireError,
  type WireError,
} from '../../src-shared/contract';
import type { SecretStore } from '../core/ports';
import { CORE_THREAD_LIMITS } from '../core/threads/heapLimits';
import type { HostToWorker, WorkerStartData, WorkerToHost } from './protocol';

export interface CoreClientOptions {
  dataDir: string;
  host: WorkerStartData['host'];
  /** The host's secret store; the worker reaches it through port calls. */
  secrets: SecretStore;
  keychain: KeychainStatus;
  /** The worker script. Defaults to the TypeScript bootstrap (source checkouts, tests). */
  entry?: URL | string;
  /**
   * The script the core starts its task threads from (a large recompute's second thread): the core's own
   * entry unless given (tests give a failing one); null runs everything on the core's thread.
   */
  taskEntry?: URL | string | null;
  /** Tasks over fewer items than this stay on one thread (default: each task's own threshold). */
  taskThreadsFrom?: number;
  allowDiagnostics?: boolean;
  nativeBinding?: string | null;
  schedule?: boolean;
  /** Restarts allowed within `restartWindowMs` before the client gives up. */
  maxRestarts?: number;
  restartWindowMs?: number;
}

type Listener<E extends EventName> = (payload: CoreEvents[E]) => void;

interface PendingCall {
  channel: string;
  resolve(value: unknown): void;
  reject(error: CoreError): void;
}

/**
 * The one way a host talks to the core: typed, numbered calls over a worker thread, events pushed up,
 * and supervision. If the worker dies, calls in flight fail with CORE_RESTARTED (the caller may
 * retry), new calls wait, and a fresh worker is started; repeated deaths stop the restarts so a
 * broken workspace does not spin.
 */
export class CoreClient {
  private worker: Worker | null = null;
  private state: 'starting' | 'ready' | 'restarting' | 'failed' | 'closed' = 'starting';
  private failure: WireError | null = null;
  private readonly pending = new Map<number, PendingCall>();
  private readonly queued: Array<() => void> = [];
  private readonly listeners = new Map<EventName, Set<Listener<EventName>>>();
  private nextId = 1;
  private restartTimes: number[] = [];
  private restarts = 0;

  private constructor(private readonly options: CoreClientOptions) {}

  /** Starts the worker and resolves once the workspace is open, or rejects with why it could not open. */
  static async start(options: CoreClientOptions): Promise<CoreClient> {
    const client = new CoreClient(options);
    await client.spawn();
    return client;
  }

  call<C extends Channel>(channel: C, request: Requests[C]): Promise<Responses[C]> {
    return new Promise<Responses[C]>((resolve, reject) => {
      const send = (): void => {
        if (this.state === 'failed' || this.state === 'closed' || !this.worker) {
          reject(new CoreError('CORE_UNAVAILABLE', this.failure?.message ?? 'The Pulse core has stopped. Restart Pulse.'));
          return;
        }
        const id = this.nextId++;
        this.pending.set(id, { channel, resolve: resolve as (value: unknown) => void, reject });
        this.post({ kind: 'call', id, channel, payload: request });
      };
      if (this.state === 'ready') send();
      else if (this.state === 'starting' || this.state === 'restarting') this.queued.push(send);
      else send();
    });
  }

  on<E extends EventName>(name: E, listener: Listener<E>): () => void {
    let set = this.listeners.get(name);
    if (!set) {
      set = new Set();
      this.listeners.set(name, set);
    }
    set.add(listener as Listener<EventName>);
    return () => set?.delete(listener as Listener<EventName>);
  }

  get status(): { state: CoreClient['state']; restarts: number; failure: WireError | null } {
    return { state: this.state, restarts: this.restarts, failure: this.failure };
  }

  async close(): Promise<void> {
    if (this.state === 'closed') return;
    const worker = this.worker;
    this.state = 'closed';
    this.rejectAll('CORE_UNAVAILABLE', 'Pulse is shutting down.');
    if (!worker) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => void worker.terminate().then(() => resolve()), 5000);
      worker.once('exit', () => {
        clearTimeout(timer);
        resolve();
      });
      this.post({ kind: 'shutdown' });
    });
    this.worker = null;
  }

  private post(message: HostToWorker): void {
    this.worker?.postMessage(message);
  }

  private emit<E extends EventName>(name: E, payload: CoreEvents[E]): void {
    for (const listener of this.listeners.get(name) ?? []) {
      try {
        listener(payload);
      } catch {
        // one broken listener must not stop the others
      }
    }
  }

  private spawn(): Promise<void> {
    const entry = this.options.entry ?? new URL('./bootstrap.mjs', import.meta.url);
    const startData: WorkerStartData = {
      dataDir: this.options.dataDir,
      host: this.options.host,
      keychain: this.options.keychain,
      secretStoreDescription: this.options.secrets.description,
      allowDiagnostics: this.options.allowDiagnostics ?? false,
      nativeBinding: this.options.nativeBinding ?? null,
      schedule: this.options.schedule ?? false,
      entry: taskEntryOf(this.options.taskEntry === undefined ? entry : this.options.taskEntry),
      taskThreadsFrom: this.options.taskThreadsFrom ?? null,
    };
    const worker = new Worker(entry, { workerData: startData, resourceLimits: CORE_THREAD_LIMITS });
    this.worker = worker;

    return new Promise<void>((resolve, reject) => {
      let settled = false;
      worker.on('message', (message: WorkerToHost) => {
        switch (message.kind) {
          case 'ready':
            this.state = 'ready';
            settled = true;
            resolve();
            for (const send of this.queued.splice(0)) send();
            return;
          case 'startFailed':
            this.fail(message.error);
            settled = true;
            reject(new CoreError(message.error.code, message.error.message));
            void worker.terminate();
            return;
          case 'reply': {
            const pending = this.pending.get(message.id);
            if (!pending) return;
            this.pending.delete(message.id);
            if (message.ok) pending.resolve(message.value);
            else pending.reject(new CoreError(message.error.code, message.error.message));
            return;
          }
          case 'event':
            this.emit(message.name, message.payload);
            return;
          case 'portCall':
            void this.answerPortCall(worker, message.id, message.method, message.args);
            return;
          case 'closed':
            return;
        }
      });
      const onDeath = (reason: string): void => {
        if (this.worker !== worker) return;
        this.worker = null;
        if (this.state === 'closed' || this.state === 'failed') return;
        if (!settled) {
          settled = true;
          this.fail({ code: 'CORE_UNAVAILABLE', message: `The Pulse core could not start: ${reason}` });
          reject(new CoreError('CORE_UNAVAILABLE', `The Pulse core could not start: ${reason}`));
          return;
        }
        this.rejectAll('CORE_RESTARTED', 'The Pulse core stopped unexpectedly and is being restarted; try again.');
        this.scheduleRestart(reason);
      };
      worker.on('error', (error) => onDeath(error instanceof Error ? error.message : String(error)));
      worker.on('exit', (code) => onDeath(`exited with code ${code}`));
    });
  }

  private scheduleRestart(reason: string): void {
    const now = Date.now();
    const windowMs = this.options.restartWindowMs ?? 60_000;
    this.restartTimes = this.restartTimes.filter((t) => now - t < windowMs);
    if (this.restartTimes.length >= (this.options.maxRestarts ?? 5)) {
      this.fail({
        code: 'CORE_UNAVAILABLE',
        message: `The Pulse core kept stopping (${reason}). It was not restarted again; the log in the workspace's logs folder says why. Restart Pulse.`,
      });
      return;
    }
    this.restartTimes.push(now);
    this.state = 'restarting';
    const delay = 100 * 2 ** (this.restartTimes.length - 1);
    setTimeout(() => {
      if (this.state !== 'restarting') return;
      this.spawn().then(
        () => {
          this.restarts += 1;
          this.emit('core.restarted', { reason, restarts: this.restarts });
        },
        () => {
          // spawn() already recorded the failure; queued calls are answered by fail()
        },
      );
    }, delay);
  }

  private fail(error: WireError): void {
    this.state = 'failed';
    this.failure = error;
    this.rejectAll(error.code, error.message);
    for (const send of this.queued.splice(0)) send();
  }

  private rejectAll(code: WireError['code'], message: string): void {
    for (const [id, call] of this.pending) {
      this.pending.delete(id);
      call.reject(new CoreError(code, `${message} (while handling ${call.channel})`));
    }
  }

  private async answerPortCall(worker: Worker, id: number, method: 'get' | 'set' | 'delete', args: string[]): Promise<void> {
    const secrets = this.options.secrets;
    try {
      const [account = '', secret = ''] = args;
      const value =
        method === 'get'
          ? await secrets.get(account)
          : method === 'set'
            ? await secrets.set(account, secret)
            : await secrets.delete(account);
      worker.postMessage({ kind: 'portReply', id, ok: true, value: value ?? null } satisfies HostToWorker);
    } catch (error) {
      worker.postMessage({ kind: 'portReply', id, ok: false, error: toWireError(error) } satisfies HostToWorker);
    }
  }
}

/** A worker script as plain data for the worker: a file URL as its href, a path as it is. */
function taskEntryOf(entry: URL | string | null): string | null {
  if (entry === null) return null;
  return entry instanceof URL ? entry.href : entry;
}
