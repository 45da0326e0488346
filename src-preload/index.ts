import { contextBridge, ipcRenderer } from 'electron';
import type { AppBridge, BridgeEventMessage } from '../src-shared/contract/bridgeTypes';
import type { CallResult, Channel } from '../src-shared/contract/channels';
import { bridgeIpc, isBridgeEventName, isRendererChannel } from '../src-shared/contract/rendererChannelNames';

/**
 * The preload: exposes `window.app` and nothing else. It runs sandboxed and bundles to one CommonJS
 * file whose only require is 'electron' (so only types come from the zod-based contract). The channel
 * allowlist is enforced here and again in main (src-main/electron/bridgeIpc.ts), which also checks
 * the sender and validates every payload. Nothing is exported: a sandboxed preload is a script.
 */
interface IpcRendererLike {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: unknown, message: unknown) => void): unknown;
  removeListener(channel: string, listener: (event: unknown, message: unknown) => void): unknown;
}

function failure(code: 'UNKNOWN_CHANNEL' | 'CORE_UNAVAILABLE', message: string): CallResult<Channel> {
  return { ok: false, error: { code, message } };
}

function createAppBridge(ipc: IpcRendererLike, platform: string): AppBridge {
  return {
    invoke: (channel, request) => {
      if (!isRendererChannel(channel)) {
        return Promise.resolve(
          failure('UNKNOWN_CHANNEL', `There is no channel named "${String(channel).slice(0, 80)}".`) as never,
        );
      }
      // Main always answers {ok, value} or {ok:false, error}; a rejection here means the bridge itself
      // is down, and Electron's text for that is not for the user.
      return ipc
        .invoke(bridgeIpc.call, channel, request)
        .catch(() => failure('CORE_UNAVAILABLE', 'Pulse is not answering. Restart Pulse.')) as Promise<never>;
    },
    on: (event, listener) => {
      if (!isBridgeEventName(event)) throw new Error(`There is no event named "${String(event).slice(0, 80)}".`);
      if (typeof listener !== 'function') throw new Error('A listener must be a function.');
      // The IPC event object is never handed to the page: only the payload of the named event.
      const relay = (_event: unknown, message: unknown): void => {
        const candidate = message as BridgeEventMessage | null;
        if (candidate && typeof candidate === 'object' && candidate.name === event) listener(candidate.payload as never);
      };
      ipc.on(bridgeIpc.event, relay);
      return () => {
        ipc.removeListener(bridgeIpc.event, relay);
      };
    },
    platform,
  };
}

contextBridge.exposeInMainWorld('app', createAppBridge(ipcRenderer as IpcRendererLike, process.platform));
