import type { BrowserWindowConstructorOptions, WebContents, WebPreferences } from 'electron';
import { isAppUrl } from './appProtocol';

/**
 * The web preferences of every Pulse window: an isolated, sandboxed renderer with no Node, no
 * webview, same-origin policy on. The preload is the only bridge (src-preload/index.ts).
 */
export function secureWebPreferences(preloadPath: string, options: { devTools: boolean }): WebPreferences {
  return {
    preload: preloadPath,
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
    safeDialogs: true,
    spellcheck: false,
    devTools: options.devTools,
  };
}

export function mainWindowOptions(
  preloadPath: string,
  options: { devTools: boolean; title: string },
): BrowserWindowConstructorOptions {
  return {
    title: options.title,
    width: 1280,
    height: 820,
    minWidth: 960,
    minHeight: 600,
    show: false,
    autoHideMenuBar: true,
    webPreferences: secureWebPreferences(preloadPath, { devTools: options.devTools }),
  };
}

interface PreventableEvent {
  preventDefault(): void;
}
interface NavigationEvent extends PreventableEvent {
  url: string;
}

/** The part of WebContents the guards attach to. */
export interface GuardableWebContents {
  on(event: 'will-navigate', listener: (event: NavigationEvent) => void): unknown;
  on(event: 'will-redirect', listener: (event: NavigationEvent) => void): unknown;
  on(event: 'will-attach-webview', listener: (event: PreventableEvent) => void): unknown;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void;
}

/**
 * Locks a WebContents to the app: no navigation or redirect away from app://pulse, no new windows,
 * no webviews. Links to the web are not followed inside Pulse; http(s) ones are handed to the one
 * checked openExternal instead (which refuses every other scheme).
 */
export function guardWebContents(contents: GuardableWebContents, openExternal: (url: string) => unknown): void {
  const stayInApp = (event: NavigationEvent): void => {
    if (isAppUrl(event.url)) return;
    event.preventDefault();
    void openExternal(event.url);
  };
  contents.on('will-navigate', stayInApp);
  contents.on('will-redirect', (event) => {
    if (!isAppUrl(event.url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    void openExternal(url);
    return { action: 'deny' };
  });
}

// Compile-time proof that the real WebContents fits the interface the guards are tested against.
const realContentsFit: (contents: WebContents) => GuardableWebContents = (contents) => contents;
void realContentsFit;
