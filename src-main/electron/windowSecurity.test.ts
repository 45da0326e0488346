import { describe, expect, it, vi } from 'vitest';
import { isAppUrl } from './appProtocol';
import { type GuardableWebContents, guardWebContents, mainWindowOptions, secureWebPreferences } from './windowSecurity';

describe('web preferences', () => {
  it('isolate and sandbox the renderer with no Node and no webview', () => {
    const prefs = secureWebPreferences('/app/out/preload/index.cjs', { devTools: false });
    expect(prefs).toMatchObject({
      preload: '/app/out/preload/index.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webviewTag: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
      devTools: false,
    });
  });

  it('are the ones the main window uses', () => {
    const options = mainWindowOptions('/p.cjs', { devTools: true, title: 'CSCX Pulse' });
    expect(options.webPreferences).toEqual(secureWebPreferences('/p.cjs', { devTools: true }));
    expect(options.show).toBe(false);
    expect(options.title).toBe('CSCX Pulse');
  });
});

type Listener = (event: { url: string; preventDefault(): void }) => void;

function fakeContents() {
  const listeners = new Map<string, Listener>();
  let openHandler: ((details: { url: string }) => { action: 'deny' }) | null = null;
  const contents: GuardableWebContents = {
    on: (event: string, listener: Listener) => {
      listeners.set(event, listener);
      return contents;
    },
    setWindowOpenHandler: (handler) => {
      openHandler = handler;
    },
  } as GuardableWebContents;
  const fire = (name: string, url = '') => {
    const event = { url, preventDefault: vi.fn() };
    listeners.get(name)?.(event);
    return event.preventDefault.mock.calls.length > 0;
  };
  return { contents, fire, open: (url: string) => openHandler?.({ url }), listeners };
}

describe('navigation and window-open guards', () => {
  it('block navigation away from the app and hand web links to openExternal', () => {
    const openExternal = vi.fn();
    const { contents, fire } = fakeContents();
    guardWebContents(contents, openExternal);
    expect(fire('will-navigate', 'https://evil.example/')).toBe(true);
    expect(fire('will-navigate', 'file:///etc/passwd')).toBe(true);
    expect(fire('will-navigate', 'app://other/index.html')).toBe(true);
    expect(fire('will-navigate', 'app://pulse/index.html')).toBe(false);
    expect(openExternal.mock.calls.map(([url]) => url)).toEqual([
      'https://evil.example/',
      'file:///etc/passwd',
      'app://other/index.html',
    ]);
  });

  it('block redirects away from the app without opening anything', () => {
    const openExternal = vi.fn();
    const { contents, fire } = fakeContents();
    guardWebContents(contents, openExternal);
    expect(fire('will-redirect', 'https://evil.example/')).toBe(true);
    expect(fire('will-redirect', 'app://pulse/x')).toBe(false);
    expect(openExternal).not.toHaveBeenCalled();
  });

  it('deny every new window, routing the URL through openExternal', () => {
    const openExternal = vi.fn();
    const { contents, open } = fakeContents();
    guardWebContents(contents, openExternal);
    expect(open('https://www.pendo.io/')).toEqual({ action: 'deny' });
    expect(open('app://pulse/index.html')).toEqual({ action: 'deny' });
    expect(open('javascript:alert(1)')).toEqual({ action: 'deny' });
    expect(openExternal).toHaveBeenCalledTimes(3);
  });

  it('prevent webviews from attaching', () => {
    const { contents, fire } = fakeContents();
    guardWebContents(contents, vi.fn());
    expect(fire('will-attach-webview')).toBe(true);
  });

  it('isAppUrl accepts only the app origin', () => {
    expect(isAppUrl('app://pulse/index.html#/accounts')).toBe(true);
    expect(isAppUrl('app://pulse.evil/index.html')).toBe(false);
    expect(isAppUrl('https://pulse/')).toBe(false);
    expect(isAppUrl('nonsense')).toBe(false);
    expect(isAppUrl('app://user@pulse/')).toBe(false);
    expect(isAppUrl(undefined)).toBe(false);
  });
});
