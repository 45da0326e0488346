import { readFile, realpath, stat } from 'node:fs/promises';
import { extname, isAbsolute, relative, resolve, sep } from 'node:path';

/** The renderer is served from app://pulse/…: a standard, secure scheme with no network behind it. */
export const appScheme = 'app';
export const appHost = 'pulse';
export const appOrigin = `${appScheme}://${appHost}`;
export const appEntryUrl = `${appOrigin}/index.html`;

/**
 * For protocol.registerSchemesAsPrivileged, called before the app is ready. `corsEnabled` is left
 * unset on purpose: it would let other origins read app:// responses; the app only loads its own.
 */
export const appSchemePrivileges = {
  scheme: appScheme,
  privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true },
} as const;

/**
 * `default-src 'self'` blocks every network origin; the renderer additionally needs inline styles
 * (React style props, ECharts) and data: images (ECharts exports). Nothing may frame the app, post
 * forms, or change the base URL.
 */
export const contentSecurityPolicy = [
  "default-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.wasm': 'application/wasm',
  '.txt': 'text/plain; charset=utf-8',
};

/** The file-system operations the handler uses; the real ones by default, fakes in tests if wanted. */
export interface RendererFiles {
  readFile(path: string): Promise<Uint8Array>;
  realpath(path: string): Promise<string>;
  isFile(path: string): Promise<boolean>;
}

export const nodeRendererFiles: RendererFiles = {
  readFile: (path) => readFile(path),
  realpath: (path) => realpath(path),
  isFile: async (path) => {
    try {
      return (await stat(path)).isFile();
    } catch {
      return false;
    }
  },
};

export interface ProtocolRequestLike {
  url: string;
  method: string;
}

function securityHeaders(extra: Record<string, string> = {}): Headers {
  return new Headers({
    'Content-Security-Policy': contentSecurityPolicy,
    'X-Content-Type-Options': 'nosniff',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cache-Control': 'no-cache',
    ...extra,
  });
}

function textResponse(status: number, text: string): Response {
  return new Response(text, { status, headers: securityHeaders({ 'Content-Type': 'text/plain; charset=utf-8' }) });
}

function isInside(root: string, candidate: string): boolean {
  const rel = relative(root, candidate);
  return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel));
}

/**
 * Maps a request path to a file under `root`, or null when the path is malformed or would leave it.
 * Exported for tests. `pathname` is the still-encoded URL path.
 */
export function resolveRendererPath(root: string, pathname: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return null;
  }
  // Encoded NULs, backslashes (a separator on Windows) and dot-segments that survived URL parsing
  // because they were percent-encoded are refused outright rather than normalised.
  if (decoded.includes('\0') || decoded.includes('\\') || decoded.includes('//')) return null;
  const segments = decoded.split('/');
  if (segments.some((segment) => segment === '..' || segment === '.')) return null;
  const relativePath = decoded.replace(/^\//, '');
  if (isAbsolute(relativePath) || /^[A-Za-z]:/.test(relativePath)) return null;
  const file = resolve(root, relativePath === '' ? 'index.html' : relativePath);
  return isInside(resolve(root), file) ? file : null;
}

/**
 * The app:// protocol handler: serves files from the built renderer folder only, GET/HEAD only, every
 * response with the CSP header. Paths without an extension fall back to index.html so client-side
 * routes survive a reload.
 */
export function createAppProtocolHandler(
  rendererRoot: string,
  files: RendererFiles = nodeRendererFiles,
): (request: ProtocolRequestLike) => Promise<Response> {
  const root = resolve(rendererRoot);
  let realRoot: Promise<string> | null = null;
  return async (request) => {
    let url: URL;
    try {
      url = new URL(request.url);
    } catch {
      return textResponse(400, 'Bad request');
    }
    if (url.protocol !== `${appScheme}:` || url.host !== appHost) return textResponse(404, 'Not found');
    if (request.method !== 'GET' && request.method !== 'HEAD') return textResponse(405, 'Method not allowed');

    let file = resolveRendererPath(root, url.pathname);
    if (file === null) return textResponse(403, 'Forbidden');
    if (!(await files.isFile(file))) {
      if (extname(file) !== '') return textResponse(404, 'Not found');
      file = resolve(root, 'index.html');
      if (!(await files.isFile(file))) return textResponse(404, 'Not found');
    }
    try {
      // Symlinks inside the folder must not lead out of it either.
      realRoot ??= files.realpath(root);
      const real = await files.realpath(file);
      if (!isInside(await realRoot, real)) return textResponse(403, 'Forbidden');
      const body = await files.readFile(real);
      const headers = securityHeaders({
        'Content-Type': contentTypes[extname(real).toLowerCase()] ?? 'application/octet-stream',
      });
      return new Response(request.method === 'HEAD' ? null : (body as Uint8Array<ArrayBuffer>), { status: 200, headers });
    } catch {
      realRoot = null;
      return textResponse(404, 'Not found');
    }
  };
}

/**
 * Whether a URL belongs to the app itself (app://pulse/…). Compares scheme and host: Node's URL
 * gives non-special schemes an opaque origin ("null"), so `origin` cannot be compared.
 */
export function isAppUrl(candidate: unknown): boolean {
  if (typeof candidate !== 'string') return false;
  try {
    const url = new URL(candidate);
    return url.protocol === `${appScheme}:` && url.host === appHost && url.username === '' && url.password === '';
  } catch {
    return false;
  }
}
