import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { makeTempDir } from '../../test/support/tempDir';
import type { CliIo } from '../cli/command';
import { CliUsageError } from '../cli/command';
import { parseServeArgs, runServe, serveCommand } from '../cli/commands/serve';

function testIo(dataDir: string) {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (chunk) => {
    out += String(chunk);
  });
  stderr.on('data', (chunk) => {
    err += String(chunk);
  });
  let interrupt: () => void = () => {};
  const interrupted = new Promise<void>((resolve) => {
    interrupt = resolve;
  });
  const io: CliIo = { stdout, stderr, stdin: new PassThrough(), env: {}, dataDir, interrupted };
  return { io, interrupt, out: () => out, err: () => err };
}

const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

describe('pulse serve', () => {
  it('parses its flags and refuses non-loopback hosts', () => {
    expect(parseServeArgs([])).toEqual({ port: 0, host: '127.0.0.1', keychain: true });
    expect(parseServeArgs(['--port', '8123', '--host=localhost', '--no-keychain'])).toEqual({
      port: 8123,
      host: 'localhost',
      keychain: false,
    });
    expect(() => parseServeArgs(['--host', '0.0.0.0'])).toThrow(CliUsageError);
    expect(() => parseServeArgs(['--port', 'eighty'])).toThrow(/--port/);
    expect(() => parseServeArgs(['--port'])).toThrow(/needs a value/);
    expect(() => parseServeArgs(['--verbose'])).toThrow(/Unknown option/);
    expect(serveCommand.name).toBe('serve');
    expect(serveCommand.usage).toContain('--no-keychain');
  });

  it('says to build first when the renderer is missing', async () => {
    const dir = makeTempDir();
    cleanups.push(dir.remove);
    const { io, err } = testIo(join(dir.path, 'data'));
    expect(await runServe(['--no-keychain'], io, { rendererDir: join(dir.path, 'nothing') })).toBe(1);
    expect(err()).toMatch(/run npm run build first/);
  });

  it('starts the core and the web host, prints the launch URL, and stops cleanly on interrupt', async () => {
    const dir = makeTempDir();
    cleanups.push(dir.remove);
    const rendererDir = join(dir.path, 'renderer');
    mkdirSync(rendererDir);
    writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><div id="root">SERVED</div>');
    const { io, interrupt, out, err } = testIo(join(dir.path, 'data'));
    const running = runServe(['--no-keychain'], io, { rendererDir });
    await expect.poll(out, { timeout: 20_000 }).toMatch(/Pulse is running at /);
    expect(err()).toMatch(/nothing is saved/);
    const url = /Pulse is running at (\S+)/.exec(out())?.[1] ?? '';
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[A-Za-z0-9_-]{43}$/);
    const token = new URL(url).searchParams.get('token');
    const origin = new URL(url).origin;
    expect((await fetch(`${origin}/`)).status).toBe(401);
    const page = await fetch(`${origin}/`, { headers: { authorization: `Bearer ${token}` } });
    expect(await page.text()).toContain('SERVED');
    const info = await fetch(`${origin}/api/call/app.info`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: '{}',
    });
    const body = await info.json();
    expect(body.value.host).toBe('web');
    expect(body.value.keychain.available).toBe(false);
    expect(body.value.keychain.problem).toMatch(/--no-keychain/);
    interrupt();
    expect(await running).toBe(0);
    await expect(fetch(`${origin}/`)).rejects.toThrow();
  });
});
