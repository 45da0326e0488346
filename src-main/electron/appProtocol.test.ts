import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appEntryUrl, contentSecurityPolicy, createAppProtocolHandler, resolveRendererPath } from './appProtocol';

let base: string;
let root: string;
let handler: ReturnType<typeof createAppProtocolHandler>;
const get = (url: string) => handler({ url, method: 'GET' });

beforeAll(() => {
  base = mkdtempSync(join(tmpdir(), 'pulse-protocol-'));
  root = join(base, 'renderer');
  mkdirSync(join(root, 'assets'), { recursive: true });
  writeFileSync(join(root, 'index.html'), '<!doctype html><title>Pulse</title>');
  writeFileSync(join(root, 'assets', 'main.js'), 'console.log(1)');
  writeFileSync(join(root, 'assets', 'style.css'), 'body{}');
  writeFileSync(join(base, 'secret.txt'), 'top secret');
  writeFileSync(join(base, 'renderer-evil.txt'), 'sibling with a shared prefix');
  try {
    symlinkSync(join(base, 'secret.txt'), join(root, 'assets', 'link.txt'));
  } catch {
    // symlinks may be unavailable (Windows without privilege); the symlink test then checks a 404
  }
  handler = createAppProtocolHandler(root);
});

afterAll(() => rmSync(base, { recursive: true, force: true }));

describe('app:// protocol handler', () => {
  it('serves index.html with the CSP header', async () => {
    const response = await get(appEntryUrl);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-security-policy')).toBe(contentSecurityPolicy);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await response.text()).toContain('<title>Pulse</title>');
  });

  it('puts the CSP the renderer needs, and no more, on every response', async () => {
    expect(contentSecurityPolicy).toMatch(/^default-src 'self'/);
    expect(contentSecurityPolicy).toContain("style-src 'self' 'unsafe-inline'");
    expect(contentSecurityPolicy).toContain("img-src 'self' data:");
    expect(contentSecurityPolicy).not.toMatch(/https?:|\*|unsafe-eval/);
    for (const url of ['app://pulse/assets/main.js', 'app://pulse/missing.js', 'app://pulse/..%2fsecret.txt', 'app://other/x']) {
      expect((await get(url)).headers.get('content-security-policy')).toBe(contentSecurityPolicy);
    }
  });

  it('serves assets with their content types', async () => {
    const js = await get('app://pulse/assets/main.js');
    expect(js.status).toBe(200);
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect((await get('app://pulse/assets/style.css')).headers.get('content-type')).toBe('text/css; charset=utf-8');
    expect((await get('app://pulse/')).status).toBe(200);
  });

  it('falls back to index.html for client-side routes, 404 for missing files', async () => {
    const route = await get('app://pulse/accounts/42');
    expect(route.status).toBe(200);
    expect(await route.text()).toContain('Pulse');
    expect((await get('app://pulse/assets/missing.js')).status).toBe(404);
  });

  it.each([
    'app://pulse/..%2fsecret.txt',
    'app://pulse/..%2F..%2F..%2Fetc%2Fpasswd',
    'app://pulse/assets/..%2f..%2fsecret.txt',
    'app://pulse/%2e%2e%2fsecret.txt',
    'app://pulse/..%5csecret.txt',
    'app://pulse/assets%5c..%5c..%5csecret.txt',
    'app://pulse/%2fetc%2fpasswd',
    'app://pulse/C:%2fWindows%2fwin.ini',
    'app://pulse/index.html%00.js',
    'app://pulse/%E0%A4%A',
  ])('refuses path traversal and malformed paths: %s', async (url) => {
    const response = await get(url);
    expect([403, 404]).toContain(response.status);
    expect(await response.text()).not.toContain('secret');
  });

  it('never serves a file outside the folder, even when URL parsing normalises dot segments', async () => {
    // new URL() resolves plain ../ before the handler sees it, so this lands on /secret.txt inside root.
    const response = await get('app://pulse/../secret.txt');
    expect(response.status).toBe(404);
    expect((await get('app://pulse/../renderer-evil.txt')).status).toBe(404);
  });

  it('does not follow a symlink out of the folder', async () => {
    const response = await get('app://pulse/assets/link.txt');
    expect([403, 404]).toContain(response.status);
    expect(await response.text()).not.toContain('top secret');
  });

  it('answers only its own host and GET/HEAD', async () => {
    expect((await get('app://evil/index.html')).status).toBe(404);
    expect((await get('https://pulse/index.html')).status).toBe(404);
    expect((await handler({ url: appEntryUrl, method: 'POST' })).status).toBe(405);
    const head = await handler({ url: appEntryUrl, method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
  });

  it('resolveRendererPath keeps every result inside the root', () => {
    expect(resolveRendererPath(root, '/')).toBe(join(root, 'index.html'));
    expect(resolveRendererPath(root, '/assets/main.js')).toBe(join(root, 'assets', 'main.js'));
    expect(resolveRendererPath(root, '/..%2f..')).toBeNull();
    expect(resolveRendererPath(root, '/a/./b')).toBeNull();
  });
});
