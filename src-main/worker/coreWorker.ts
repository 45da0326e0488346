import { join } from 'node:path';
import type { MessagePort } from 'node:worker_threads';
import { CoreError, parseRequest, toWireError } from '../../src-shared/contract';
import { type Core, openCore } from '../core';
import { createFileLogger, SecretScrubber } from '../core/logging';
import { workerParseThreads } from '../core/parseThreads';
import { type SecretStore, systemClock } from '../core/ports';
import { workerTaskThreads } from '../core/threads';
import { databasePathIn } from '../core/workspace';
import type { HostToWorker, SecretPortMethod, WorkerStartData, WorkerToHost } from './protocol';

/**
 * The core worker: owns the database (the one writer; a large recompute lends its customers to a task
 * thread started from the same script), runs every handler off the UI thread, and talks to its host
 * only through numbered messages.
 */
export async function runCoreWorker(port: MessagePort, start: WorkerStartData): Promise<void> {
  const send = (message: WorkerToHost): void => port.postMessage(message);

  const scrubber = new SecretScrubber();
  const pendingPortCalls = new Map<number, { resolve(value: unknown): void; reject(error: unknown): void }>();
  let nextPortCallId = 1;

  function callHostPort(method: SecretPortMethod, args: string[]): Promise<unknown> {
    const id = nextPortCallId++;
    return new Promise((resolve, reject) => {
      pendingPortCalls.set(id, { resolve, reject });
      send({ kind: 'portCall', id, port: 'secrets', method, args });
    });
  }

  /** Secrets stay in the host's keychain; the worker borrows them per use and teaches the scrubber each. */
  const secrets: SecretStore = {
    description: start.secretStoreDescription,
    get: async (account) => {
      const value = (await callHostPort('get', [account])) as string | null;
      if (value) scrubber.remember(value);
      return value;
    },
    set: async (account, secret) => {
      scrubber.remember(secret);
      await callHostPort('set', [account, secret]);
    },
    delete: async (account) => (await callHostPort('delete', [account])) as boolean,
  };

  const logger = createFileLogger({ folder: join(start.dataDir, 'logs'), clock: systemClock, scrubber });
  let core: Core | null = null;
  let closing = false;

  port.on('message', (message: HostToWorker) => {
    if (message.kind === 'portReply') {
      const pending = pendingPortCalls.get(message.id);
      if (!pending) return;
      pendingPortCalls.delete(message.id);
      if (message.ok) pending.resolve(message.value);
      else pending.reject(new CoreError(message.error.code, message.error.message));
      return;
    }
    if (message.kind === 'shutdown') {
      void shutdown();
      return;
    }
    if (message.kind === 'call') void handleCall(message.id, message.channel, message.payload);
  });

  async function handleCall(id: number, channel: string, payload: unknown): Promise<void> {
    try {
      if (!core || closing) throw new CoreError('CORE_UNAVAILABLE', 'The Pulse core is not running. Restart Pulse.');
      const request = parseRequest(channel, payload);
      const handler = core.handlers[channel as keyof Core['handlers']] as (req: unknown) => unknown;
      const value = await handler(request);
      send({ kind: 'reply', id, ok: true, value });
    } catch (error) {
      const wire = toWireError(error);
      if (wire.code === 'INTERNAL') {
        logger.log('error', 'handler failed', {
          channel,
          error: error instanceof Error ? `${error.message}\n${error.stack}` : String(error),
        });
      }
      send({ kind: 'reply', id, ok: false, error: { code: wire.code, message: scrubber.scrub(wire.message) } });
    }
  }

  async function shutdown(): Promise<void> {
    closing = true;
    try {
      await core?.close();
    } finally {
      send({ kind: 'closed' });
      port.close();
    }
  }

  try {
    core = await openCore({
      dataDir: start.dataDir,
      host: start.host,
      clock: systemClock,
      http: fetch,
      secrets,
      keychain: start.keychain,
      logger,
      scrubber,
      emit: (name, payload) => send({ kind: 'event', name, payload }),
      allowDiagnostics: start.allowDiagnostics,
      schedule: start.schedule,
      ...(start.nativeBinding ? { nativeBinding: start.nativeBinding } : {}),
      threads: start.entry
        ? workerTaskThreads({
            entry: start.entry,
            databasePath: databasePathIn(start.dataDir),
            nativeBinding: start.nativeBinding,
            minItems: start.taskThreadsFrom ?? null,
          })
        : null,
      parseThreads: start.entry ? workerParseThreads({ entry: start.entry, logger }) : null,
    });
    send({ kind: 'ready', schemaVersion: core.store.schemaVersion });
  } catch (error) {
    const wire = toWireError(error);
    logger.log('error', 'core failed to start', { error: error instanceof Error ? error.message : String(error) });
    send({ kind: 'startFailed', error: { code: wire.code, message: scrubber.scrub(wire.message) } });
  }
}
