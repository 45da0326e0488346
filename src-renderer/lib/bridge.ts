import type { CallResult, CoreEvents, ErrorCode, EventName, Requests, Responses, WireError } from '../../src-shared/contract';
import type { AppBridge, RendererChannel } from '../../src-shared/contract/bridgeTypes';
import { errorCodes } from '../../src-shared/contract/errors';

/**
 * The renderer's one way to the core. Under Electron it uses `window.app` from the preload; in a
 * browser (the web host: `pulse serve`, the e2e tests) it speaks the same contract over
 * `POST /api/call/<channel>` and the `/api/events` WebSocket. Types only from the contract, so zod
 * never reaches the renderer bundle.
 */

declare global {
  interface Window {
    app?: AppBridge;
  }
}

/** A contract error surfaced to the UI: `code` is stable, `message` is meant for the user. */
export class BridgeError extends Error {
  override name = 'BridgeError';
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** 'live' while events flow; 'reconnecting' when the web host's event socket dropped. */
export type ConnectionState = 'live' | 'connecting' | 'reconnecting';

export interface Bridge {
  call<C extends RendererChannel>(channel: C, request: Requests[C]): Promise<Responses[C]>;
  on<E extends EventName>(event: E, listener: (payload: CoreEvents[E]) => void): () => void;
  onConnection(listener: (state: ConnectionState) => void): () => void;
  readonly connection: ConnectionState;
  readonly transport: 'electron' | 'web';
}

interface Transport {
  invoke<C extends RendererChannel>(channel: C, request: Requests[C]): Promise<CallResult<C>>;
  on<E extends EventName>(event: E, listener: (payload: CoreEvents[E]) => void): () => void;
}

// errors.ts imports nothing (no zod), so the one list of codes can be used at runtime here.
const knownCodes = new Set<string>(errorCodes);

function asWireError(value: unknown): WireError | null {
  if (typeof value !== 'object' || value === null) return null;
  const { code, message } = value as Record<string, unknown>;
  if (typeof code !== 'string' || typeof message !== 'string' || !knownCodes.has(code)) return null;
  return { code: code as ErrorCode, message };
}

/** Parses what the web host answered into a CallResult; anything odd becomes a plain error. */
export function readCallReply<C extends RendererChannel>(status: number, body: unknown): CallResult<C> {
  if (status === 401) {
    return {
      ok: false,
      error: {
        code: 'FORBIDDEN',
        message: 'This window is no longer signed in to Pulse. Open the link that `pulse serve` printed again.',
      },
    };
  }
  if (typeof body === 'object' && body !== null) {
    const reply = body as { ok?: unknown; value?: unknown; error?: unknown };
    if (reply.ok === true && 'value' in reply) return { ok: true, value: reply.value as Responses[C] };
    const error = reply.ok === false ? asWireError(reply.error) : null;
    if (error) return { ok: false, error };
  }
  return {
    ok: false,
    error: { code: 'INTERNAL', message: `Pulse answered in a way this window does not understand (HTTP ${status}).` },
  };
}

type Listeners = Map<EventName, Set<(payload: never) => void>>;

function emitTo(listeners: Listeners, event: EventName, payload: unknown): void {
  for (const listener of listeners.get(event) ?? []) {
    try {
      (listener as (payload: unknown) => void)(payload);
    } catch (error) {
      console.error(`A listener for ${event} failed`, error);
    }
  }
}

function webTransport(setConnection: (state: ConnectionState) => void): Transport {
  const listeners: Listeners = new Map();
  let socket: WebSocket | null = null;
  let started = false;
  let everOpened = false;
  let retryDelay = 500;

  const connect = (): void => {
    const scheme = window.location.protocol === 'https:' ? 'wss' : 'ws';
    const ws = new WebSocket(`${scheme}://${window.location.host}/api/events`);
    socket = ws;
    ws.onopen = () => {
      retryDelay = 500;
      setConnection('live');
      if (everOpened) {
        // Events may have been missed while the socket was down: ask every page to refetch.
        emitTo(listeners, 'data.changed', { scopes: ['settings', 'connections', 'customers', 'metrics', 'alerts', 'sync'] });
      }
      everOpened = true;
    };
    ws.onmessage = (message) => {
      try {
        const { event, payload } = JSON.parse(String(message.data)) as { event: EventName; payload: unknown };
        emitTo(listeners, event, payload);
      } catch {
        // a malformed frame is dropped; the next data.changed brings the page up to date
      }
    };
    ws.onclose = () => {
      if (socket !== ws) return;
      socket = null;
      setConnection('reconnecting');
      setTimeout(connect, retryDelay);
      retryDelay = Math.min(retryDelay * 2, 5000);
    };
  };

  return {
    async invoke(channel, request) {
      let response: Response;
      try {
        response = await fetch(`/api/call/${encodeURIComponent(channel)}`, {
          method: 'POST',
          credentials: 'same-origin',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify(request),
        });
      } catch {
        return {
          ok: false,
          error: { code: 'CORE_UNAVAILABLE', message: 'Pulse is not answering. Is `pulse serve` still running?' },
        };
      }
      let body: unknown = null;
      try {
        body = await response.json();
      } catch {
        body = null;
      }
      return readCallReply(response.status, body);
    },
    on(event, listener) {
      // One socket for the window's lifetime, opened on first use; onclose alone schedules reconnects.
      if (!started) {
        started = true;
        connect();
      }
      let set = listeners.get(event);
      if (!set) {
        set = new Set();
        listeners.set(event, set);
      }
      set.add(listener as (payload: never) => void);
      return () => set?.delete(listener as (payload: never) => void);
    },
  };
}

function createBridge(): Bridge {
  const connectionListeners = new Set<(state: ConnectionState) => void>();
  let connection: ConnectionState = 'connecting';
  const setConnection = (state: ConnectionState): void => {
    connection = state;
    for (const listener of connectionListeners) listener(state);
  };
  const electron = typeof window !== 'undefined' ? window.app : undefined;
  if (electron) connection = 'live';
  const transport: Transport = electron ?? webTransport(setConnection);

  return {
    transport: electron ? 'electron' : 'web',
    get connection() {
      return connection;
    },
    async call(channel, request) {
      const result = await transport.invoke(channel, request);
      if (result.ok) return result.value;
      throw new BridgeError(result.error.code, result.error.message);
    },
    on: (event, listener) => transport.on(event, listener),
    onConnection(listener) {
      connectionListeners.add(listener);
      return () => connectionListeners.delete(listener);
    },
  };
}

export const bridge: Bridge = createBridge();

/** The message to show for anything a call threw. */
export function errorMessage(error: unknown): string {
  if (error instanceof BridgeError) return error.message;
  return 'Something went wrong in this window. Reload it; if it keeps happening, the log in the workspace folder says why.';
}
