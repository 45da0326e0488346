import { beforeAll, describe, expect, it, vi } from 'vitest';

/**
 * src-main/index.ts is never run with a real Electron here. This loads it against fakes of the
 * Electron API and of CoreClient to check the wiring: lock, sandbox, scheme, hardened session,
 * secure window, guarded WebContents, one IPC handler, and the core closed before quitting.
 */
const fake = vi.hoisted(() => {
  type Listener = (...args: unknown[]) => void;
  const emitter = () => {
    const listeners = new Map<string, Listener[]>();
    return {
      listeners,
      on(event: string, listener: Listener) {
        listeners.set(event, [...(listeners.get(event) ?? []), listener]);
        return this;
      },
      once(event: string, listener: Listener) {
        return this.on(event, listener);
      },
      emit(event: string, ...args: unknown[]) {
        for (const listener of listeners.get(event) ?? []) listener(...args);
      },
    };
  };
  const windows: Array<{ options: unknown; loaded: string[]; webContents: ReturnType<typeof emitter> }> = [];
  let ready: () => void = () => {};
  const app = Object.assign(emitter(), {
    requestSingleInstanceLock: () => true,
    enableSandbox: () => {},
    quit: () => {},
    isPackaged: false,
    getPath: () => '/tmp/pulse-user-data',
    getAppPath: () => '/repo',
    whenReady: () => new Promise<void>((resolve) => (ready = resolve)),
  });
  const state = {
    app,
    windows,
    ready: () => ready(),
    privileged: [] as unknown[],
    handledSchemes: [] as string[],
    ipcHandlers: new Map<string, unknown>(),
    powerListeners: new Map<string, unknown>(),
    permissionHandler: null as unknown,
    coreStarts: [] as Array<Record<string, unknown>>,
    coreClosed: 0,
  };
  class BrowserWindow {
    static getAllWindows = () => windows;
    webContents = Object.assign(emitter(), {
      mainFrame: { url: '', parent: null, processId: 1, routingId: 1 },
      isDestroyed: () => false,
      setWindowOpenHandler: () => {},
    });
    loaded: string[] = [];
    constructor(public options: unknown) {
      windows.push(this as never);
      app.emit('web-contents-created', {}, this.webContents);
    }
    once() {}
    on() {}
    show() {}
    loadURL(url: string) {
      this.loaded.push(url);
      return Promise.resolve();
    }
  }
  return { state, BrowserWindow };
});

vi.mock('electron', () => ({
  app: fake.state.app,
  BrowserWindow: fake.BrowserWindow,
  dialog: { showErrorBox: vi.fn() },
  ipcMain: {
    handle: (channel: string, listener: unknown) => fake.state.ipcHandlers.set(channel, listener),
    removeHandler: (channel: string) => fake.state.ipcHandlers.delete(channel),
  },
  powerMonitor: { on: (event: string, listener: unknown) => fake.state.powerListeners.set(event, listener) },
  protocol: {
    registerSchemesAsPrivileged: (schemes: unknown[]) => fake.state.privileged.push(...schemes),
    handle: (scheme: string) => fake.state.handledSchemes.push(scheme),
  },
  safeStorage: {
    isAsyncEncryptionAvailable: async () => false,
    getSelectedStorageBackend: () => 'basic_text',
  },
  session: {
    defaultSession: {
      setPermissionRequestHandler: (handler: unknown) => (fake.state.permissionHandler = handler),
      setPermissionCheckHandler: () => {},
      setDevicePermissionHandler: () => {},
      webRequest: { onBeforeRequest: () => {} },
    },
  },
  shell: { openExternal: vi.fn(async () => {}) },
}));

vi.mock('../worker/client', () => ({
  CoreClient: {
    start: async (options: Record<string, unknown>) => {
      fake.state.coreStarts.push(options);
      return {
        call: async () => ({}),
        on: () => () => {},
        close: async () => {
          fake.state.coreClosed += 1;
        },
      };
    },
  },
}));

vi.mock('../core/secrets', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../core/secrets')>()),
  probeKeychain: async () => ({ store: null, status: { available: false, description: 'none', problem: 'No keychain.' } }),
}));

beforeAll(async () => {
  vi.spyOn(console, 'warn').mockImplementation(() => {});
  await import('../index');
  fake.state.ready();
  await vi.waitFor(() => expect(fake.state.windows.length).toBe(1));
});

describe('src-main/index.ts wiring (with a fake Electron)', () => {
  it('registers the app:// scheme as privileged and serves it', () => {
    expect(fake.state.privileged).toEqual([expect.objectContaining({ scheme: 'app' })]);
    expect(fake.state.handledSchemes).toEqual(['app']);
    expect(fake.state.permissionHandler).toBeTypeOf('function');
  });

  it('starts the core in the userData folder, in the electron host, with the worker next to main', () => {
    const [options] = fake.state.coreStarts;
    expect(options).toMatchObject({ dataDir: '/tmp/pulse-user-data', host: 'electron', schedule: true });
    // waking from sleep asks the core's scheduler to catch up
    expect(fake.state.powerListeners.get('resume')).toBeTypeOf('function');
    expect(String(options?.entry)).toMatch(/worker\.js$/);
    expect(options?.keychain).toMatchObject({ available: false, problem: expect.stringMatching(/never kept in plain text/) });
  });

  it('opens one secure window on app://pulse and guards its WebContents', () => {
    const [window] = fake.state.windows as unknown as Array<{
      options: { webPreferences: Record<string, unknown> };
      loaded: string[];
      webContents: { listeners: Map<string, unknown[]> };
    }>;
    expect(window?.options.webPreferences).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false });
    expect(String(window?.options.webPreferences.preload)).toMatch(/preload[\\/]index\.cjs$/);
    expect(window?.loaded).toEqual(['app://pulse/index.html']);
    expect([...(window?.webContents.listeners.keys() ?? [])]).toEqual(
      expect.arrayContaining(['will-navigate', 'will-redirect', 'will-attach-webview']),
    );
  });

  it('handles exactly one IPC channel', () => {
    expect([...fake.state.ipcHandlers.keys()]).toEqual(['pulse:call']);
  });

  it('closes the core before quitting', async () => {
    const preventDefault = vi.fn();
    fake.state.app.emit('before-quit', { preventDefault });
    expect(preventDefault).toHaveBeenCalled();
    await vi.waitFor(() => expect(fake.state.coreClosed).toBe(1));
    expect(fake.state.ipcHandlers.size).toBe(0);
  });
});
