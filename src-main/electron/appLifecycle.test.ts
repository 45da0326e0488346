import { join, resolve } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { defaultDataDir } from '../core/workspace';
import { claimSingleInstance, closeBeforeQuit, electronDataDir, focusWindow } from './appLifecycle';
import { chooseNativeBinding } from './nativeBinding';

describe('electronDataDir', () => {
  it("uses Electron's userData folder unless PULSE_DATA_DIR is set", () => {
    expect(electronDataDir({}, '/home/csm/.config/CSCX Pulse')).toBe('/home/csm/.config/CSCX Pulse');
    expect(electronDataDir({ PULSE_DATA_DIR: 'rel/dir' }, '/x')).toBe(resolve('rel/dir'));
    expect(electronDataDir({ PULSE_DATA_DIR: '  ' }, '/x')).toBe('/x');
  });

  it('names the same folder the CLI uses by default (productName matches)', () => {
    expect(defaultDataDir({ XDG_CONFIG_HOME: '/cfg' }, 'linux')).toBe(join('/cfg', 'CSCX Pulse'));
  });
});

describe('single instance', () => {
  it('quits a second instance', () => {
    const app = { requestSingleInstanceLock: () => false, quit: vi.fn(), on: vi.fn() };
    expect(claimSingleInstance(app, vi.fn())).toBe(false);
    expect(app.quit).toHaveBeenCalled();
    expect(app.on).not.toHaveBeenCalled();
  });

  it('focuses the first window when a second instance starts', () => {
    let secondInstance: (() => void) | undefined;
    const app = {
      requestSingleInstanceLock: () => true,
      quit: vi.fn(),
      on: (_event: 'second-instance', listener: () => void) => {
        secondInstance = listener;
      },
    };
    const window = { isDestroyed: () => false, isMinimized: () => true, restore: vi.fn(), show: vi.fn(), focus: vi.fn() };
    expect(claimSingleInstance(app, () => focusWindow(window))).toBe(true);
    secondInstance?.();
    expect(window.restore).toHaveBeenCalled();
    expect(window.focus).toHaveBeenCalled();
    expect(app.quit).not.toHaveBeenCalled();
    focusWindow(null);
  });
});

describe('closeBeforeQuit', () => {
  it('holds the quit until the core has closed, then quits once', async () => {
    let beforeQuit: ((event: { preventDefault(): void }) => void) | undefined;
    const app = {
      on: (_event: 'before-quit', listener: (event: { preventDefault(): void }) => void) => {
        beforeQuit = listener;
      },
      quit: vi.fn(() => {
        const event = { preventDefault: vi.fn() };
        beforeQuit?.(event);
        expect(event.preventDefault).not.toHaveBeenCalled();
      }),
    };
    let finish: () => void = () => {};
    const close = vi.fn(() => new Promise<void>((done) => (finish = done)));
    closeBeforeQuit(app, close);
    const first = { preventDefault: vi.fn() };
    beforeQuit?.(first);
    const second = { preventDefault: vi.fn() };
    beforeQuit?.(second);
    expect(first.preventDefault).toHaveBeenCalled();
    expect(second.preventDefault).toHaveBeenCalled();
    expect(close).toHaveBeenCalledTimes(1);
    expect(app.quit).not.toHaveBeenCalled();
    finish();
    await vi.waitFor(() => expect(app.quit).toHaveBeenCalledTimes(1));
  });

  it('still quits when closing fails', async () => {
    let beforeQuit: ((event: { preventDefault(): void }) => void) | undefined;
    const app = { on: (_e: 'before-quit', l: typeof beforeQuit) => (beforeQuit = l), quit: vi.fn() };
    closeBeforeQuit(app, () => Promise.reject(new Error('stuck')));
    beforeQuit?.({ preventDefault: vi.fn() });
    await vi.waitFor(() => expect(app.quit).toHaveBeenCalled());
  });
});

describe('chooseNativeBinding', () => {
  const dev = join('/repo', 'build', 'native', 'electron', 'better_sqlite3.node');
  it('uses the Electron build in development when it exists', () => {
    expect(chooseNativeBinding({ isPackaged: false, appPath: '/repo', resourcesPath: '/r', exists: (p) => p === dev })).toEqual({
      path: dev,
      problem: null,
    });
  });

  it('explains a missing development build', () => {
    const choice = chooseNativeBinding({ isPackaged: false, appPath: '/repo', resourcesPath: '/r', exists: () => false });
    expect(choice.path).toBeNull();
    expect(choice.problem).toMatch(/build\/native\/electron|build\\native\\electron/);
  });

  it('looks under resourcesPath when packaged, else leaves the lookup to better-sqlite3', () => {
    const unpacked = join('/r', 'app.asar.unpacked', 'node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node');
    expect(
      chooseNativeBinding({ isPackaged: true, appPath: '/a', resourcesPath: '/r', exists: (p) => p === unpacked }).path,
    ).toBe(unpacked);
    expect(chooseNativeBinding({ isPackaged: true, appPath: '/a', resourcesPath: '/r', exists: () => false })).toEqual({
      path: null,
      problem: null,
    });
  });
});
