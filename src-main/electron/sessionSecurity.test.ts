import { describe, expect, it, vi } from 'vitest';
import { hardenSession, isAllowedRequestUrl, type SessionLike } from './sessionSecurity';

function fakeSession() {
  const handlers: {
    request?: Parameters<SessionLike['setPermissionRequestHandler']>[0];
    check?: Parameters<SessionLike['setPermissionCheckHandler']>[0];
    device?: Parameters<SessionLike['setDevicePermissionHandler']>[0];
    beforeRequest?: Parameters<SessionLike['webRequest']['onBeforeRequest']>[0];
  } = {};
  const session: SessionLike = {
    setPermissionRequestHandler: (handler) => {
      handlers.request = handler;
    },
    setPermissionCheckHandler: (handler) => {
      handlers.check = handler;
    },
    setDevicePermissionHandler: (handler) => {
      handlers.device = handler;
    },
    webRequest: {
      onBeforeRequest: (listener) => {
        handlers.beforeRequest = listener;
      },
    },
  };
  return { session, handlers };
}

describe('session hardening', () => {
  it('denies every permission request and check', () => {
    const { session, handlers } = fakeSession();
    hardenSession(session);
    for (const permission of ['media', 'geolocation', 'notifications', 'openExternal', 'clipboard-read', 'hid']) {
      const callback = vi.fn();
      handlers.request?.({}, permission, callback);
      expect(callback).toHaveBeenCalledWith(false);
      expect(handlers.check?.({}, permission)).toBe(false);
    }
    expect(handlers.device?.({})).toBe(false);
  });

  it('cancels every request that is not the app itself', () => {
    const { session, handlers } = fakeSession();
    hardenSession(session);
    const cancelled = (url: string) => {
      let result: boolean | undefined;
      handlers.beforeRequest?.({ url }, (response) => {
        result = response.cancel;
      });
      return result;
    };
    expect(cancelled('app://pulse/assets/main.js')).toBe(false);
    expect(cancelled('data:image/png;base64,AAAA')).toBe(false);
    expect(cancelled('https://cdn.example/x.js')).toBe(true);
    expect(cancelled('http://127.0.0.1:5173/')).toBe(true);
    expect(cancelled('ws://localhost/')).toBe(true);
    expect(cancelled('file:///etc/passwd')).toBe(true);
    expect(cancelled('app://other/x')).toBe(true);
  });

  it('allows blobs of the app origin only', () => {
    expect(isAllowedRequestUrl('blob:app://pulse/1234')).toBe(true);
    expect(isAllowedRequestUrl('blob:https://evil.example/1234')).toBe(false);
    expect(isAllowedRequestUrl('::nonsense')).toBe(false);
  });
});
