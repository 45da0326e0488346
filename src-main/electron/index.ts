/**
 * Electron-only adapters of the desktop shell. Each module takes its Electron objects as parameters
 * (small interfaces, checked against Electron's types), so all of it is unit-tested under plain Node;
 * src-main/index.ts is the only file that imports Electron's runtime and wires these together.
 */
export { claimSingleInstance, closeBeforeQuit, electronDataDir, focusWindow } from './appLifecycle';
export {
  appEntryUrl,
  appOrigin,
  appScheme,
  appSchemePrivileges,
  contentSecurityPolicy,
  createAppProtocolHandler,
  isAppUrl,
} from './appProtocol';
export {
  type CoreCaller,
  type CoreEventSource,
  forwardCoreEvents,
  handleBridgeCall,
  type IpcMainLike,
  registerBridgeIpc,
} from './bridgeIpc';
export { chooseNativeBinding, type NativeBindingChoice } from './nativeBinding';
export { createOpenExternal, isSafeExternalUrl } from './openExternal';
export { electronPdfPrinter, type PrintWebContentsLike, type PrintWindowLike, printWindowOptions } from './pdfPrinter';
export { exportReportWithDialog, type SaveDialogLike } from './reportExport';
export { type SafeStorageLike, safeStorageSecretStore } from './safeStorageSecretStore';
export { chooseSecretStore, type SecretStoreChoice } from './secretStoreChoice';
export { hardenSession, isAllowedRequestUrl } from './sessionSecurity';
export { senderProblem, TrustedSenders } from './trustedSenders';
export { guardWebContents, mainWindowOptions, secureWebPreferences } from './windowSecurity';
export { workerScriptPath } from './workerScript';
