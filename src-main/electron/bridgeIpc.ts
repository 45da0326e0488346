import type { IpcMain } from 'electron';
import {
  type CallResult,
  type Channel,
  CoreError,
  type CoreEvents,
  type EventName,
  isChannel,
  parseRequest,
  type Requests,
  type Responses,
  toWireError,
} from '../../src-shared/contract';
import type { BridgeEventMessage } from '../../src-shared/contract/bridgeTypes';
import { bridgeEventNames, bridgeIpc, isRendererChannel } from '../../src-shared/contract/rendererChannelNames';
import { isAppUrl } from './appProtocol';
import { type InvokeEventLike, senderProblem, type TrustedSenders } from './trustedSenders';

/** The part of ipcMain the registry uses (tests pass a fake). */
export interface IpcMainLike {
  handle(channel: string, listener: (event: InvokeEventLike, ...args: unknown[]) => unknown): void;
  removeHandler(channel: string): void;
}

/** What the registry needs of the core client. */
export interface CoreCaller {
  call<C extends Channel>(channel: C, request: Requests[C]): Promise<Responses[C]>;
}

export interface BridgeIpcDeps {
  core: CoreCaller;
  trusted: TrustedSenders;
  log?: (message: string) => void;
}

/**
 * Handles one `pulse:call`: checks the sender, the channel (renderer allowlist only: internal
 * channels are refused as if unknown to the window) and the payload (zod, via parseRequest) before
 * the core sees anything. Always resolves to `{ok, value}` or `{ok:false, error:{code, message}}`:
 * nothing is thrown across IPC, so no stack or cause ever reaches the renderer.
 */
export async function handleBridgeCall(
  event: InvokeEventLike,
  channel: unknown,
  request: unknown,
  deps: BridgeIpcDeps,
): Promise<CallResult<Channel>> {
  const log = deps.log ?? (() => {});
  try {
    const problem = senderProblem(event, deps.trusted);
    if (problem) {
      log(`Refused an IPC call: ${problem}.`);
      throw new CoreError('FORBIDDEN', 'This window may not call Pulse.');
    }
    if (isChannel(channel) && !isRendererChannel(channel)) {
      log(`Refused an IPC call to the internal channel ${channel}.`);
      throw new CoreError('FORBIDDEN', `The window may not use ${channel}.`);
    }
    if (!isRendererChannel(channel)) {
      log(`Refused an IPC call to a channel the window may not use: ${String(channel).slice(0, 80)}`);
      throw new CoreError('UNKNOWN_CHANNEL', `There is no channel named "${String(channel).slice(0, 80)}".`);
    }
    const parsed = parseRequest(channel, request);
    const value = await deps.core.call(channel, parsed as never);
    return { ok: true, value };
  } catch (error) {
    return { ok: false, error: toWireError(error) };
  }
}

/** Registers the one invoke channel; returns a function that removes it. */
export function registerBridgeIpc(ipcMain: IpcMainLike, deps: BridgeIpcDeps): () => void {
  ipcMain.handle(bridgeIpc.call, (event, channel, request) => handleBridgeCall(event, channel, request, deps));
  return () => ipcMain.removeHandler(bridgeIpc.call);
}

/** Where core events go: the WebContents of our windows. */
export interface EventTargetLike {
  send(channel: string, message: BridgeEventMessage): void;
  isDestroyed(): boolean;
  getURL(): string;
}

export interface CoreEventSource {
  on<E extends EventName>(name: E, listener: (payload: CoreEvents[E]) => void): () => void;
}

/** Forwards every core event to every live Pulse window still showing the app; returns unsubscribe. */
export function forwardCoreEvents(core: CoreEventSource, targets: () => Iterable<EventTargetLike>): () => void {
  const unsubscribers = bridgeEventNames.map((name) =>
    core.on(name, (payload) => {
      const message: BridgeEventMessage = { name, payload };
      for (const target of targets()) {
        if (target.isDestroyed()) continue;
        if (!isAppUrl(target.getURL())) continue;
        target.send(bridgeIpc.event, message);
      }
    }),
  );
  return () => {
    for (const unsubscribe of unsubscribers) unsubscribe();
  };
}

const realIpcMainFits: (ipcMain: IpcMain) => IpcMainLike = (ipcMain) => ipcMain;
void realIpcMainFits;
