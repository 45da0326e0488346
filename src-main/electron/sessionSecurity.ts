import type { Session } from 'electron';
import { isAppUrl } from './appProtocol';

/** The part of Electron's Session the hardening uses. */
export interface SessionLike {
  setPermissionRequestHandler(
    handler: ((contents: unknown, permission: string, callback: (granted: boolean) => void) => void) | null,
  ): void;
  setPermissionCheckHandler(handler: ((contents: unknown, permission: string) => boolean) | null): void;
  setDevicePermissionHandler(handler: ((details: unknown) => boolean) | null): void;
  webRequest: {
    onBeforeRequest(
      listener: ((details: { url: string }, callback: (response: { cancel?: boolean }) => void) => void) | null,
    ): void;
  };
}

/**
 * Only the app's own origin, inline data (images) and blobs created by the app are ever loaded.
 * The CSP already says so; this is the same rule enforced below the renderer, where a CSP bug
 * cannot reach.
 */
export function isAllowedRequestUrl(candidate: string): boolean {
  let url: URL;
  try {
    url = new URL(candidate);
  } catch {
    return false;
  }
  if (url.protocol === 'data:' || url.protocol === 'devtools:') return true;
  if (url.protocol === 'blob:') return isAppUrl(candidate.slice('blob:'.length));
  return isAppUrl(candidate);
}

/** Denies every permission (camera, notifications, geolocation, HID…) and blocks remote requests. */
export function hardenSession(session: SessionLike, log: (message: string) => void = () => {}): void {
  session.setPermissionRequestHandler((_contents, permission, callback) => {
    log(`Denied a permission request: ${permission}`);
    callback(false);
  });
  session.setPermissionCheckHandler(() => false);
  session.setDevicePermissionHandler(() => false);
  session.webRequest.onBeforeRequest((details, callback) => {
    const allowed = isAllowedRequestUrl(details.url);
    if (!allowed) log(`Blocked a request the app does not make: ${details.url.slice(0, 80)}`);
    callback({ cancel: !allowed });
  });
}

const realSessionFits: (session: Session) => SessionLike = (session) => session;
void realSessionFits;
