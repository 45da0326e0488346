import { createReadStream, type Stats } from 'node:fs';
import { stat } from 'node:fs/promises';
import { extname, isAbsolute, join, relative, resolve } from 'node:path';

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
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8',
};

export function contentTypeFor(path: string): string {
  return contentTypes[extname(path).toLowerCase()] ?? 'application/octet-stream';
}

export type StaticLookup =
  | { kind: 'file'; path: string; size: number; contentType: string }
  | { kind: 'forbidden' }
  | { kind: 'missing' };

/**
 * Maps a URL path onto a file inside `root`, refusing anything that would leave it (encoded `..`,
 * backslashes, NUL bytes, absolute paths). Paths that are not files fall back to index.html (the app
 * routes by hash), except paths that look like assets, which get a plain 404.
 */
export async function lookupStatic(root: string, urlPath: string): Promise<StaticLookup> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return { kind: 'forbidden' };
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return { kind: 'forbidden' };
  const base = resolve(root);
  const candidate = resolve(base, `.${decoded.startsWith('/') ? decoded : `/${decoded}`}`);
  const rel = relative(base, candidate);
  if (rel.startsWith('..') || isAbsolute(rel)) return { kind: 'forbidden' };

  const file = await statOrNull(candidate);
  if (file?.isFile()) return { kind: 'file', path: candidate, size: file.size, contentType: contentTypeFor(candidate) };
  if (file?.isDirectory()) {
    const index = join(candidate, 'index.html');
    const indexStat = await statOrNull(index);
    if (indexStat?.isFile()) return { kind: 'file', path: index, size: indexStat.size, contentType: contentTypeFor(index) };
  }
  const ext = extname(decoded).toLowerCase();
  if (decoded.startsWith('/assets/') || (ext !== '' && ext !== '.html')) return { kind: 'missing' };
  const index = join(base, 'index.html');
  const indexStat = await statOrNull(index);
  if (indexStat?.isFile()) return { kind: 'file', path: index, size: indexStat.size, contentType: contentTypeFor(index) };
  return { kind: 'missing' };
}

export function openStatic(path: string): NodeJS.ReadableStream {
  return createReadStream(path);
}

async function statOrNull(path: string): Promise<Stats | null> {
  try {
    return await stat(path);
  } catch {
    return null;
  }
}

/**
 * Vite names every built script and stylesheet under /assets/ by a hash of its content, so such a file
 * never changes under its name: the browser may keep it, and Chromium then also keeps V8's compiled
 * code for it, as the desktop app's app:// scheme does (`codeCache: true`). Reopening Pulse skips
 * recompiling the renderer. Everything else (index.html, which names the current hashes) is
 * revalidated on every load.
 */
export function cacheControlFor(urlPath: string): string {
  return /^\/assets\/[^/]+-[A-Za-z0-9_-]{8}\.[a-z0-9]+$/.test(urlPath) ? 'public, max-age=31536000, immutable' : 'no-cache';
}
