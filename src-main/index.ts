import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  app,
  BrowserWindow,
  dialog,
  ipcMain,
  powerMonitor,
  protocol,
  safeStorage,
  session,
  shell,
  type WebContents,
} from 'electron';
import { CoreError, type Requests } from '../src-shared/contract';
import { probeKeychain } from './core/secrets';
import { productName } from './core/workspace';
import {
  appEntryUrl,
  appScheme,
  appSchemePrivileges,
  type CoreCaller,
  chooseNativeBinding,
  chooseSecretStore,
  claimSingleInstance,
  closeBeforeQuit,
  createAppProtocolHandler,
  createOpenExternal,
  electronDataDir,
  electronPdfPrinter,
  exportReportWithDialog,
  focusWindow,
  forwardCoreEvents,
  guardWebContents,
  hardenSession,
  mainWindowOptions,
  printWindowOptions,
  registerBridgeIpc,
  TrustedSenders,
  workerScriptPath,
} from './electron';
import { CoreClient } from './worker/client';

/**
 * The Electron entry: wiring only. Every decision lives in ./electron (unit-tested with fakes) or in
 * the core worker; this file is read and typechecked, never run on the build machines.
 */
const mainDir = dirname(fileURLToPath(import.meta.url));
const preloadPath = join(mainDir, '..', 'preload', 'index.cjs');
const rendererRoot = join(mainDir, '..', 'renderer');
const workerEntry = workerScriptPath(mainDir);
const log = (message: string): void => console.warn(`[pulse] ${message}`);

// Before `ready`: the app:// scheme and the sandbox for every renderer.
protocol.registerSchemesAsPrivileged([appSchemePrivileges]);
app.enableSandbox();

const trusted = new TrustedSenders<WebContents>();
const openExternal = createOpenExternal(shell, log);
let mainWindow: BrowserWindow | null = null;
let coreReady: Promise<CoreClient> | null = null;
let stopIpc: (() => void) | null = null;

function createWindow(): BrowserWindow {
  const window = new BrowserWindow(mainWindowOptions(preloadPath, { devTools: !app.isPackaged, title: productName }));
  const contents = window.webContents;
  trusted.add(contents);
  contents.once('destroyed', () => trusted.delete(contents));
  contents.on('render-process-gone', (_event, details) => log(`The window's renderer stopped (${details.reason}).`));
  window.once('ready-to-show', () => window.show());
  window.on('closed', () => {
    if (mainWindow === window) mainWindow = null;
  });
  void window.loadURL(appEntryUrl);
  mainWindow = window;
  return window;
}

async function start(): Promise<void> {
  hardenSession(session.defaultSession, log);
  protocol.handle(appScheme, createAppProtocolHandler(rendererRoot));

  const dataDir = electronDataDir(process.env, app.getPath('userData'));
  const secrets = await chooseSecretStore({ probe: () => probeKeychain(), safeStorage, dataDir });
  if (secrets.status.problem) log(secrets.status.problem);
  const native = chooseNativeBinding({
    isPackaged: app.isPackaged,
    appPath: app.getAppPath(),
    resourcesPath: process.resourcesPath,
    exists: existsSync,
  });
  if (native.problem) log(native.problem);

  const starting = CoreClient.start({
    dataDir,
    host: 'electron',
    secrets: secrets.store,
    keychain: secrets.status,
    entry: workerEntry,
    nativeBinding: native.path,
    schedule: true,
  });
  coreReady = starting;
  // Calls made while the core starts wait for it; if it cannot start (e.g. a database from a newer
  // Pulse), every call answers with that reason, which the window shows.
  const printer = electronPdfPrinter(() => new BrowserWindow(printWindowOptions));
  const core: CoreCaller = {
    call: async (channel, request) => {
      const client = await starting;
      // Exports need main: the save dialog, and printing PDFs through Chromium's printToPDF.
      if (channel === 'reports.export') {
        return exportReportWithDialog(
          (c, r) => client.call(c, r),
          request as Requests['reports.export'],
          dialog,
          printer,
          app.getPath('documents'),
        ) as never;
      }
      return client.call(channel, request);
    },
  };
  stopIpc = registerBridgeIpc(ipcMain, { core, trusted, log });
  starting.then(
    (client) => forwardCoreEvents(client, () => trusted.list()),
    (error: unknown) => {
      const message = error instanceof CoreError ? error.message : 'The Pulse core could not start.';
      log(message);
      dialog.showErrorBox(`${productName} could not open its workspace`, message);
    },
  );
  // A laptop waking from sleep catches up an overdue scheduled sync at once.
  powerMonitor.on('resume', () => {
    void starting.then((client) => client.call('scheduler.resume', {})).catch(() => undefined);
  });
  createWindow();
}

if (claimSingleInstance(app, () => focusWindow(mainWindow))) {
  // Every WebContents, present or future, is locked to the app before it can navigate anywhere.
  app.on('web-contents-created', (_event, contents) => guardWebContents(contents, openExternal));
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('activate', () => {
    if (coreReady && BrowserWindow.getAllWindows().length === 0) createWindow();
  });
  closeBeforeQuit(
    app,
    async () => {
      stopIpc?.();
      const client = await coreReady?.catch(() => null);
      await client?.close();
    },
    log,
  );
  app
    .whenReady()
    .then(start)
    .catch((error: unknown) => {
      log(`Pulse could not start: ${error instanceof Error ? error.message : String(error)}`);
      dialog.showErrorBox(`${productName} could not start`, 'Pulse could not start. The details were written to the log.');
      app.quit();
    });
}
