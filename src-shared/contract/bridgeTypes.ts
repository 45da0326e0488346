import type { CallResult, CoreEvents, EventName, Requests } from './channels';
import type { RendererChannel } from './rendererChannelNames';

export type { RendererChannel } from './rendererChannelNames';

/** What one `pulse:event` IPC message carries from main to the window. */
export interface BridgeEventMessage<E extends EventName = EventName> {
  name: E;
  payload: CoreEvents[E];
}

/**
 * `window.app`, exposed by the preload (src-preload/index.ts) through contextBridge. Calls never
 * reject for contract errors: they resolve to `{ok:false, error:{code, message}}`.
 */
export interface AppBridge {
  invoke<C extends RendererChannel>(channel: C, request: Requests[C]): Promise<CallResult<C>>;
  /** Subscribes to a core event; returns the function that unsubscribes. */
  on<E extends EventName>(event: E, listener: (payload: CoreEvents[E]) => void): () => void;
  readonly platform: 'darwin' | 'win32' | 'linux' | (string & {});
}
