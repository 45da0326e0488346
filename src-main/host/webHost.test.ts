import { mkdirSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { makeTempDir } from '../../test/support/tempDir';
import { memorySecretStore } from '../core/secrets';
import { CoreClient } from '../worker/client';
import { startWebHost, type WebHost } from './webHost';

const keychain = { available: false, description: 'in-memory (test)', problem: null };

interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** Raw HTTP so tests control every header, Host included (fetch would not let us forge it). */
function raw(
  port: number,
  options: { method?: string; path?: string; headers?: Record<string, string>; body?: string },
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: '127.0.0.1',
        port,
        method: options.method ?? 'GET',
        path: options.path ?? '/',
        headers: { host: `127.0.0.1:${port}`, ...options.headers },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }),
        );
      },
    );
    req.on('error', reject);
    if (options.body !== undefined) req.write(options.body);
    req.end();
  });
}

describe('web host against the real core', () => {
  const dir = makeTempDir();
  const rendererDir = join(dir.path, 'renderer');
  let client: CoreClient;
  let host: WebHost;
  let auth: Record<string, string>;

  const call = (channel: string, body: unknown, headers: Record<string, string> = {}) =>
    raw(host.port, {
      method: 'POST',
      path: `/api/call/${channel}`,
      headers: { ...auth, 'content-type': 'application/json', ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });

  beforeAll(async () => {
    mkdirSync(join(rendererDir, 'assets'), { recursive: true });
    writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>Pulse</title><div id="root">SHELL</div>');
    writeFileSync(join(rendererDir, 'assets', 'app.js'), 'console.log("app")');
    writeFileSync(join(rendererDir, 'assets', 'app.css'), 'body{}');
    writeFileSync(join(rendererDir, 'assets', 'index-g0pHS56w.js'), 'console.log("hashed")');
    writeFileSync(join(dir.path, 'secret.txt'), 'outside the renderer');
    client = await CoreClient.start({
      dataDir: join(dir.path, 'data'),
      host: 'web',
      secrets: memorySecretStore(),
      keychain,
      allowDiagnostics: true,
    });
    host = await startWebHost({ client, rendererDir });
    auth = { authorization: `Bearer ${host.token}` };
  });

  afterAll(async () => {
    await host?.close();
    await client?.close();
    dir.remove();
  });

  it('listens on loopback with a 256-bit token in the launch URL', () => {
    expect(host.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[A-Za-z0-9_-]{43}$/);
    expect(host.url).toContain(host.token);
  });

  it('refuses requests without a token, or with a wrong one, with 401 and no content', async () => {
    const none = await raw(host.port, { path: '/' });
    expect(none.status).toBe(401);
    expect(none.body).not.toContain('SHELL');
    const bad = await raw(host.port, { path: '/', headers: { authorization: `Bearer ${'x'.repeat(43)}` } });
    expect(bad.status).toBe(401);
    // Change the last character to one it is not (a fixed "A" matched the real token 1 time in 64).
    const wrongLast = host.token.endsWith('A') ? 'B' : 'A';
    const badQuery = await raw(host.port, { path: `/?token=${host.token.slice(0, -1)}${wrongLast}` });
    expect(badQuery.status).toBe(401);
    const badCookie = await raw(host.port, { path: '/', headers: { cookie: `pulse_token_${host.port}=nope` } });
    expect(badCookie.status).toBe(401);
    const api = await raw(host.port, {
      method: 'POST',
      path: '/api/call/app.info',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(api.status).toBe(401);
    expect(api.body).not.toContain('dataDir');
  });

  it('turns the launch URL into an HttpOnly SameSite=Strict cookie and serves the shell with it', async () => {
    const first = await raw(host.port, { path: `/?token=${host.token}` });
    expect(first.status).toBe(303);
    expect(first.headers.location).toBe('/');
    const setCookie = String(first.headers['set-cookie']);
    expect(setCookie).toContain(`pulse_token_${host.port}=${host.token}`);
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Strict/);
    const cookie = setCookie.split(';')[0] ?? '';
    const page = await raw(host.port, { path: '/', headers: { cookie } });
    expect(page.status).toBe(200);
    expect(page.body).toContain('SHELL');
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.headers['content-security-policy']).toContain("default-src 'self'");
    expect(page.headers['content-security-policy']).toContain('connect-src');
    expect(page.headers['x-content-type-options']).toBe('nosniff');
    expect(page.headers['referrer-policy']).toBe('no-referrer');
  });

  it('serves assets with their content types, falls back to index.html for routes, and blocks traversal', async () => {
    const js = await raw(host.port, { path: '/assets/app.js', headers: auth });
    expect(js.status).toBe(200);
    expect(js.headers['content-type']).toBe('text/javascript; charset=utf-8');
    const css = await raw(host.port, { path: '/assets/app.css', headers: auth });
    expect(css.headers['content-type']).toBe('text/css; charset=utf-8');
    const route = await raw(host.port, { path: '/portfolio', headers: auth });
    expect(route.status).toBe(200);
    expect(route.body).toContain('SHELL');
    // Only a content-hashed build file may be kept by the browser; the shell that names them is revalidated.
    const hashed = await raw(host.port, { path: '/assets/index-g0pHS56w.js', headers: auth });
    expect(hashed.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(js.headers['cache-control']).toBe('no-cache');
    expect(route.headers['cache-control']).toBe('no-cache');
    const missingAsset = await raw(host.port, { path: '/assets/nope.js', headers: auth });
    expect(missingAsset.status).toBe(404);
    for (const path of [
      '/../secret.txt',
      '/%2e%2e/secret.txt',
      '/assets/%2e%2e%2f%2e%2e%2fsecret.txt',
      '/..%5csecret.txt',
      '/a%00b',
    ]) {
      const attempt = await raw(host.port, { path, headers: auth });
      expect(attempt.body, path).not.toContain('outside the renderer');
      expect([403, 404, 200], path).toContain(attempt.status);
    }
    const encoded = await raw(host.port, { path: '/assets/%2e%2e%2f%2e%2e%2fsecret.txt', headers: auth });
    expect(encoded.status).toBe(403);
  });

  it('refuses a Host header that is not this loopback address and port (DNS rebinding)', async () => {
    for (const hostHeader of ['evil.example', `evil.example:${host.port}`, '127.0.0.1:1', `192.168.1.2:${host.port}`]) {
      const res = await raw(host.port, { path: '/', headers: { ...auth, host: hostHeader } });
      expect(res.status, hostHeader).toBe(403);
      expect(res.body).not.toContain('SHELL');
    }
    const ok = await raw(host.port, { path: '/', headers: { ...auth, host: `localhost:${host.port}` } });
    expect(ok.status).toBe(200);
  });

  it('refuses POSTs from another Origin with 403', async () => {
    const res = await call('app.info', {}, { origin: 'http://evil.example' });
    expect(res.status).toBe(403);
    expect(res.body).not.toContain('dataDir');
    const otherPort = await call('app.info', {}, { origin: 'http://127.0.0.1:1' });
    expect(otherPort.status).toBe(403);
    const crossSite = await call('app.info', {}, { 'sec-fetch-site': 'cross-site' });
    expect(crossSite.status).toBe(403);
    const own = await call('app.info', {}, { origin: `http://127.0.0.1:${host.port}`, 'sec-fetch-site': 'same-origin' });
    expect(own.status).toBe(200);
  });

  it('answers a good call with {ok:true,value} and no-store caching', async () => {
    const res = await call('app.info', {});
    expect(res.status).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    const body = JSON.parse(res.body);
    expect(body.ok).toBe(true);
    expect(body.value.host).toBe('web');
    expect(body.value.dataDir).toBe(join(dir.path, 'data'));
    const ping = JSON.parse((await call('diagnostics.ping', { echo: 'hi' })).body);
    expect(ping).toMatchObject({ ok: true, value: { echo: 'hi' } });
  });

  it('refuses internal channels and unknown channels', async () => {
    const crash = await call('diagnostics.crash', {});
    expect(crash.status).toBe(403);
    expect(JSON.parse(crash.body)).toEqual({ ok: false, error: { code: 'FORBIDDEN', message: expect.any(String) } });
    const unknown = await call('nope.nothing', {});
    expect(unknown.status).toBe(404);
    expect(JSON.parse(unknown.body).error.code).toBe('UNKNOWN_CHANNEL');
    // the core survived: the crash channel never reached it
    expect((await call('diagnostics.ping', { echo: 'alive' })).status).toBe(200);
  });

  it('rejects malformed payloads with 400 BAD_REQUEST before the core sees them, without stacks', async () => {
    const cases: Array<[string, string]> = [
      ['settings.update', JSON.stringify({ patch: { timezone: 'Mars/Olympus' } })],
      ['settings.update', JSON.stringify({ patch: { theme: 'neon' }, extra: 1 })],
      ['diagnostics.ping', '{"echo": 42}'],
      ['app.info', '{not json'],
      ['app.info', '[]'],
    ];
    for (const [channel, body] of cases) {
      const res = await call(channel, body);
      expect(res.status, body).toBe(400);
      const parsed = JSON.parse(res.body);
      expect(parsed.ok).toBe(false);
      expect(parsed.error.code).toBe('BAD_REQUEST');
      expect(Object.keys(parsed.error).sort()).toEqual(['code', 'message']);
      expect(res.body).not.toMatch(/at .*\.ts:\d+/);
    }
    expect((await call('settings.get', {})).body).not.toContain('Mars');
    const wrongType = await call('app.info', '{}', { 'content-type': 'text/plain' });
    expect(wrongType.status).toBe(415);
    const tooBig = await call('diagnostics.ping', JSON.stringify({ echo: 'x'.repeat(1_100_000) }));
    expect(tooBig.status).toBe(413);
    const get = await raw(host.port, { path: '/api/call/app.info', headers: auth });
    expect(get.status).toBe(405);
  });

  it('pushes core events over the WebSocket: data.changed after settings.update', async () => {
    const ws = new WebSocket(`ws://127.0.0.1:${host.port}/api/events`, { headers: auth });
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    const received = new Promise<unknown>((resolve) => ws.once('message', (data) => resolve(JSON.parse(String(data)))));
    const res = await call('settings.update', { patch: { timezone: 'Europe/Berlin' } });
    expect(JSON.parse(res.body).value.timezone).toBe('Europe/Berlin');
    await expect(received).resolves.toEqual({ event: 'data.changed', payload: { scopes: ['settings'] } });
    ws.close();
  });

  it('refuses WebSocket upgrades without the token or from another Origin', async () => {
    const attempt = (headers: Record<string, string>) =>
      new Promise<number>((resolve) => {
        const ws = new WebSocket(`ws://127.0.0.1:${host.port}/api/events`, { headers });
        ws.once('open', () => {
          ws.close();
          resolve(101);
        });
        ws.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
        ws.once('error', () => resolve(-1));
      });
    expect(await attempt({})).toBe(401);
    expect(await attempt({ ...auth, origin: 'http://evil.example' })).toBe(403);
    expect(await attempt({ ...auth, origin: `http://127.0.0.1:${host.port}` })).toBe(101);
  });
});

describe('web host binding', () => {
  const stubClient = { call: async () => ({}) as never, on: () => () => {} };

  it('refuses to bind to anything but loopback', async () => {
    for (const bind of ['0.0.0.0', '::', '192.168.1.10', 'example.com', '']) {
      await expect(startWebHost({ client: stubClient, rendererDir: '.', host: bind })).rejects.toThrow(
        /only listens on this computer/,
      );
    }
  });

  it('accepts localhost and refuses weak tokens', async () => {
    const host = await startWebHost({ client: stubClient, rendererDir: '.', host: 'localhost' });
    expect(host.url).toMatch(/^http:\/\/localhost:\d+\/\?token=/);
    await host.close();
    await expect(startWebHost({ client: stubClient, rendererDir: '.', token: 'short' })).rejects.toThrow(/at least 22/);
  });
});
