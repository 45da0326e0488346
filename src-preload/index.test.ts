import { beforeEach, describe, expect, it, vi } from 'vitest';
import { rendererChannels } from '../src-shared/contract';

const electron = vi.hoisted(() => {
  const listeners = new Map<string, Set<(event: unknown, message: unknown) => void>>();
  return {
    listeners,
    exposed: new Map<string, unknown>(),
    ipcRenderer: {
      invoke: vi.fn(async (..._args: unknown[]): Promise<unknown> => ({ ok: true, value: 'from main' })),
      on: (channel: string, listener: (event: unknown, message: unknown) => void) => {
        if (!listeners.has(channel)) listeners.set(channel, new Set());
        listeners.get(channel)?.add(listener);
      },
      removeListener: (channel: string, listener: (event: unknown, message: unknown) => void) => {
        listeners.get(channel)?.delete(listener);
      },
    },
  };
});

vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (key: string, api: unknown) => electron.exposed.set(key, api) },
  ipcRenderer: electron.ipcRenderer,
}));

await import('./index');

import type { AppBridge } from '../src-shared/contract/bridgeTypes';

const emit = (message: unknown) => {
  for (const listener of electron.listeners.get('pulse:event') ?? []) listener({ sender: 'ipc event' }, message);
};

beforeEach(() => electron.ipcRenderer.invoke.mockClear());

describe('preload', () => {
  it('exposes exactly window.app with invoke, on and platform', () => {
    expect([...electron.exposed.keys()]).toEqual(['app']);
    const app = electron.exposed.get('app') as AppBridge;
    expect(Object.keys(app).sort()).toEqual(['invoke', 'on', 'platform']);
    expect(app.platform).toBe(process.platform);
  });

  it('sends every renderer channel to main on pulse:call', async () => {
    const app = electron.exposed.get('app') as AppBridge;
    for (const channel of rendererChannels) {
      expect(await app.invoke(channel as 'app.info', {})).toEqual({ ok: true, value: 'from main' });
      expect(electron.ipcRenderer.invoke).toHaveBeenLastCalledWith('pulse:call', channel, {});
    }
  });

  it.each(['diagnostics.crash', 'nope', '__proto__', 'pulse:call'])(
    'refuses channel %s without calling main',
    async (channel) => {
      const app = electron.exposed.get('app') as AppBridge;
      const result = await app.invoke(channel as 'app.info', {});
      expect(result).toEqual({ ok: false, error: { code: 'UNKNOWN_CHANNEL', message: expect.any(String) } });
      expect(electron.ipcRenderer.invoke).not.toHaveBeenCalled();
    },
  );

  it('turns a broken bridge into CORE_UNAVAILABLE without Electron text', async () => {
    electron.ipcRenderer.invoke.mockRejectedValueOnce(new Error("Error invoking remote method 'pulse:call': No handler"));
    const app = electron.exposed.get('app') as AppBridge;
    expect(await app.invoke('app.info', {})).toEqual({
      ok: false,
      error: { code: 'CORE_UNAVAILABLE', message: expect.any(String) },
    });
  });

  it('delivers only the payload of the named event, and unsubscribes', () => {
    const app = electron.exposed.get('app') as AppBridge;
    const changed = vi.fn();
    const unsubscribe = app.on('data.changed', changed);
    emit({ name: 'sync.progress', payload: { phase: 'done' } });
    emit({ name: 'data.changed', payload: { scopes: ['settings'] } });
    emit(null);
    expect(changed.mock.calls).toEqual([[{ scopes: ['settings'] }]]);
    unsubscribe();
    emit({ name: 'data.changed', payload: { scopes: ['alerts'] } });
    expect(changed).toHaveBeenCalledTimes(1);
  });

  it('refuses unknown events and non-function listeners', () => {
    const app = electron.exposed.get('app') as AppBridge;
    expect(() => app.on('nope' as 'data.changed', () => {})).toThrow();
    expect(() => app.on('data.changed', 'x' as unknown as () => void)).toThrow();
  });
});
