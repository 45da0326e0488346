import { resolve } from 'node:path';

/** PULSE_DATA_DIR wins; otherwise Electron's userData folder, the same one defaultDataDir() names. */
export function electronDataDir(env: NodeJS.ProcessEnv, userDataPath: string): string {
  const override = env.PULSE_DATA_DIR?.trim();
  return override ? resolve(override) : userDataPath;
}

export interface FocusableWindow {
  isDestroyed(): boolean;
  isMinimized(): boolean;
  restore(): void;
  show(): void;
  focus(): void;
}

export function focusWindow(window: FocusableWindow | null | undefined): void {
  if (!window || window.isDestroyed()) return;
  if (window.isMinimized()) window.restore();
  window.show();
  window.focus();
}

export interface SingleInstanceApp {
  requestSingleInstanceLock(): boolean;
  quit(): void;
  on(event: 'second-instance', listener: () => void): unknown;
}

/**
 * One Pulse per user: a second launch hands over to the first (which comes to the front) and quits.
 * Returns whether this process is the one that runs.
 */
export function claimSingleInstance(app: SingleInstanceApp, focusExisting: () => void): boolean {
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return false;
  }
  app.on('second-instance', focusExisting);
  return true;
}

export interface QuittingApp {
  on(event: 'before-quit', listener: (event: { preventDefault(): void }) => void): unknown;
  quit(): void;
}

/**
 * Holds the quit until the core worker has shut down (it finishes its write and closes the database),
 * then quits for real. A second quit request while closing just waits for the first.
 */
export function closeBeforeQuit(app: QuittingApp, close: () => Promise<void>, log: (message: string) => void = () => {}): void {
  let state: 'running' | 'closing' | 'closed' = 'running';
  app.on('before-quit', (event) => {
    if (state === 'closed') return;
    event.preventDefault();
    if (state === 'closing') return;
    state = 'closing';
    close()
      .catch(() => log('The Pulse core did not shut down cleanly.'))
      .finally(() => {
        state = 'closed';
        app.quit();
      });
  });
}
