import { describe, expect, it, vi } from 'vitest';
import { type Channel, CoreError, type CoreEvents, type EventName, eventNames } from '../../src-shared/contract';
import { bridgeIpc } from '../../src-shared/contract/rendererChannelNames';
import { type CoreCaller, forwardCoreEvents, handleBridgeCall, type IpcMainLike, registerBridgeIpc } from './bridgeIpc';
import { fakeFrame, fakeWebContents } from './testFakes';
import { type InvokeEventLike, TrustedSenders } from './trustedSenders';

function setup(callImpl: (channel: Channel, request: unknown) => Promise<unknown> = async () => ({ echo: 'hi', at: 1 })) {
  const window = fakeWebContents();
  const trusted = new TrustedSenders();
  trusted.add(window);
  const call = vi.fn(callImpl);
  const core = { call } as unknown as CoreCaller;
  const log = vi.fn();
  const event: InvokeEventLike = { sender: window, senderFrame: window.mainFrame };
  return { window, trusted, call, core, log, event, deps: { core, trusted, log } };
}

describe('bridge IPC: sender validation', () => {
  it('passes a valid call from our window main frame to the core', async () => {
    const { event, deps, call } = setup();
    const result = await handleBridgeCall(event, 'diagnostics.ping', { echo: 'hi' }, deps);
    expect(result).toEqual({ ok: true, value: { echo: 'hi', at: 1 } });
    expect(call).toHaveBeenCalledWith('diagnostics.ping', { echo: 'hi' });
  });

  it('refuses another WebContents', async () => {
    const { deps, call } = setup();
    const stranger = fakeWebContents();
    const result = await handleBridgeCall({ sender: stranger, senderFrame: stranger.mainFrame }, 'app.info', {}, deps);
    expect(result).toEqual({ ok: false, error: { code: 'FORBIDDEN', message: expect.any(String) } });
    expect(call).not.toHaveBeenCalled();
  });

  it.each([
    ['a remote page', 'https://evil.example/'],
    ['a file page', 'file:///tmp/x.html'],
    ['another app host', 'app://other/index.html'],
    ['about:blank', 'about:blank'],
    ['an empty URL', ''],
  ])('refuses a main frame showing %s', async (_name, url) => {
    const { window, deps, call } = setup();
    const frame = fakeFrame(url);
    const result = await handleBridgeCall({ sender: window, senderFrame: frame }, 'app.info', {}, deps);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.code).toBe('FORBIDDEN');
    expect(call).not.toHaveBeenCalled();
  });

  it('refuses a sub-frame, even one on the app origin', async () => {
    const { window, deps, call } = setup();
    const iframe = fakeFrame('app://pulse/index.html', { parent: window.mainFrame, routingId: 2 });
    expect((await handleBridgeCall({ sender: window, senderFrame: iframe }, 'app.info', {}, deps)).ok).toBe(false);
    const detached = fakeFrame('app://pulse/index.html', { routingId: 3 });
    expect((await handleBridgeCall({ sender: window, senderFrame: detached }, 'app.info', {}, deps)).ok).toBe(false);
    expect((await handleBridgeCall({ sender: window, senderFrame: null }, 'app.info', {}, deps)).ok).toBe(false);
    expect(call).not.toHaveBeenCalled();
  });

  it('refuses a destroyed or removed window', async () => {
    const { window, trusted, event, deps } = setup();
    window.destroyed = true;
    expect((await handleBridgeCall(event, 'app.info', {}, deps)).ok).toBe(false);
    window.destroyed = false;
    trusted.delete(window);
    expect((await handleBridgeCall(event, 'app.info', {}, deps)).ok).toBe(false);
  });
});

describe('bridge IPC: channels and payloads', () => {
  it('refuses internal channels', async () => {
    const { event, deps, call } = setup();
    const result = await handleBridgeCall(event, 'diagnostics.crash', {}, deps);
    expect(result).toEqual({ ok: false, error: { code: 'FORBIDDEN', message: expect.any(String) } });
    expect(call).not.toHaveBeenCalled();
  });

  it.each(['nope', '__proto__', 'constructor', 42, null, undefined])('refuses unknown channel %s', async (channel) => {
    const { event, deps, call } = setup();
    const result = await handleBridgeCall(event, channel, {}, deps);
    expect(result).toEqual({ ok: false, error: { code: 'UNKNOWN_CHANNEL', message: expect.any(String) } });
    expect(call).not.toHaveBeenCalled();
  });

  it.each([
    ['diagnostics.ping', { echo: 42 }],
    ['diagnostics.ping', { echo: 'x', extra: true }],
    ['settings.update', { patch: { retentionMonths: -1 } }],
    ['secrets.set', { owner: '../etc', field: 'apiKey', value: 'k' }],
    ['secrets.has', 'not an object'],
  ])('refuses a malformed payload for %s with BAD_REQUEST before the core sees it', async (channel, payload) => {
    const { event, deps, call } = setup();
    const result = await handleBridgeCall(event, channel, payload, deps);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.code).toBe('BAD_REQUEST');
    expect(call).not.toHaveBeenCalled();
  });

  it('returns core errors as {code, message} only', async () => {
    const { event, deps } = setup(async () => {
      throw new CoreError('KEYCHAIN_UNAVAILABLE', 'No keychain answered.');
    });
    const result = await handleBridgeCall(event, 'secrets.has', { owner: 'c1', field: 'apiKey' }, deps);
    expect(result).toEqual({ ok: false, error: { code: 'KEYCHAIN_UNAVAILABLE', message: 'No keychain answered.' } });
  });

  it('hides unexpected errors: no stack, no message text, no extra fields', async () => {
    const { event, deps } = setup(async () => {
      const error = new Error('SQLITE_ERROR near /home/csm/secret-path: apiKey=sk_live_123');
      Object.assign(error, { cause: 'x', extra: 'y' });
      throw error;
    });
    const result = await handleBridgeCall(event, 'app.info', {}, deps);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(Object.keys(result.error).sort()).toEqual(['code', 'message']);
    expect(result.error.code).toBe('INTERNAL');
    expect(JSON.stringify(result)).not.toMatch(/sk_live|secret-path|at .*\.ts|stack/);
  });

  it('never logs payloads (they may hold secrets)', async () => {
    const { window, deps, log } = setup();
    const stranger = fakeWebContents();
    await handleBridgeCall({ sender: stranger, senderFrame: stranger.mainFrame }, 'secrets.set', { value: 'sk_live_1' }, deps);
    await handleBridgeCall({ sender: window, senderFrame: window.mainFrame }, 'diagnostics.crash', { value: 'sk_live_1' }, deps);
    expect(JSON.stringify(log.mock.calls)).not.toContain('sk_live_1');
  });
});

describe('registerBridgeIpc', () => {
  it('handles exactly the one invoke channel and can be removed', async () => {
    const handlers = new Map<string, (event: InvokeEventLike, ...args: unknown[]) => unknown>();
    const ipcMain: IpcMainLike = {
      handle: (channel, listener) => handlers.set(channel, listener),
      removeHandler: (channel) => handlers.delete(channel),
    };
    const { event, deps } = setup();
    const remove = registerBridgeIpc(ipcMain, deps);
    expect([...handlers.keys()]).toEqual([bridgeIpc.call]);
    const reply = await handlers.get(bridgeIpc.call)?.(event, 'diagnostics.ping', { echo: 'hi' });
    expect(reply).toEqual({ ok: true, value: { echo: 'hi', at: 1 } });
    remove();
    expect(handlers.size).toBe(0);
  });
});

describe('forwardCoreEvents', () => {
  it('sends every core event to the live app windows on pulse:event', () => {
    const listeners = new Map<EventName, (payload: unknown) => void>();
    const core = {
      on: <E extends EventName>(name: E, listener: (payload: CoreEvents[E]) => void) => {
        listeners.set(name, listener as (payload: unknown) => void);
        return () => listeners.delete(name);
      },
    };
    const live = fakeWebContents();
    const gone = fakeWebContents();
    gone.destroyed = true;
    const elsewhere = fakeWebContents();
    elsewhere.url = 'https://evil.example/';
    const stop = forwardCoreEvents(core, () => [live, gone, elsewhere]);
    expect([...listeners.keys()].sort()).toEqual([...eventNames].sort());
    listeners.get('data.changed')?.({ scopes: ['settings'] });
    expect(live.sent).toEqual([{ channel: 'pulse:event', message: { name: 'data.changed', payload: { scopes: ['settings'] } } }]);
    expect(gone.sent).toEqual([]);
    expect(elsewhere.sent).toEqual([]);
    stop();
    expect(listeners.size).toBe(0);
  });
});
