import { afterEach, describe, expect, it } from 'vitest';
import { CoreError } from '../../src-shared/contract';
import { makeTempDir } from '../../test/support/tempDir';
import { memorySecretStore } from '../core/secrets';
import { CoreClient } from './client';

const keychain = { available: false, description: 'in-memory (test)', problem: null };
const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function startClient(options: Partial<Parameters<typeof CoreClient.start>[0]> = {}) {
  const dir = makeTempDir();
  cleanups.push(() => dir.remove());
  const client = await CoreClient.start({
    dataDir: dir.path,
    host: 'test',
    secrets: memorySecretStore(),
    keychain,
    allowDiagnostics: true,
    ...options,
  });
  cleanups.push(() => client.close());
  return { client, dir: dir.path };
}

describe('CoreClient with the real worker', () => {
  it('answers numbered calls with typed replies', async () => {
    const { client, dir } = await startClient();
    const [a, b] = await Promise.all([
      client.call('diagnostics.ping', { echo: 'one' }),
      client.call('diagnostics.ping', { echo: 'two' }),
    ]);
    expect(a.echo).toBe('one');
    expect(b.echo).toBe('two');
    const info = await client.call('app.info', {});
    expect(info.dataDir).toBe(dir);
    expect(info.schemaVersion).toBeGreaterThanOrEqual(1);
    expect(info.host).toBe('test');
  });

  it('rejects invalid requests with a specific BAD_REQUEST error before any handler runs', async () => {
    const { client } = await startClient();
    const error = await client.call('settings.update', { patch: { timezone: 'Mars/Olympus' } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CoreError);
    expect((error as CoreError).code).toBe('BAD_REQUEST');
    expect((error as CoreError).message).toMatch(/patch\.timezone/);
    // an unknown channel too
    const unknown = await client.call('nope' as 'app.info', {}).catch((e: unknown) => e);
    expect((unknown as CoreError).code).toBe('UNKNOWN_CHANNEL');
  });

  it('pushes events up: a settings change emits data.changed', async () => {
    const { client } = await startClient();
    const seen = new Promise((resolve) => client.on('data.changed', resolve));
    const settings = await client.call('settings.update', { patch: { timezone: 'Europe/Berlin', weekStart: 'sunday' } });
    expect(settings.timezone).toBe('Europe/Berlin');
    await expect(seen).resolves.toEqual({ scopes: ['settings'] });
    expect((await client.call('settings.get', {})).weekStart).toBe('sunday');
  });

  it('keeps secrets write-only and in the host store', async () => {
    const secrets = memorySecretStore();
    const { client } = await startClient({ secrets });
    expect(await client.call('secrets.has', { owner: 'connection:abc', field: 'apiKey' })).toEqual({ isSet: false });
    const reply = await client.call('secrets.set', { owner: 'connection:abc', field: 'apiKey', value: 'sk-live-123456789' });
    expect(JSON.stringify(reply)).not.toContain('sk-live');
    expect(await client.call('secrets.has', { owner: 'connection:abc', field: 'apiKey' })).toEqual({ isSet: true });
    expect(await secrets.get('connection:abc/apiKey')).toBe('sk-live-123456789');
    expect(await client.call('secrets.delete', { owner: 'connection:abc', field: 'apiKey' })).toEqual({ deleted: true });
    expect(await secrets.get('connection:abc/apiKey')).toBeNull();
  });

  it('restarts the worker after it crashes, failing only the call in flight', async () => {
    const { client } = await startClient();
    await client.call('settings.update', { patch: { weekStart: 'sunday' } });
    const restarted = new Promise<{ restarts: number }>((resolve) => client.on('core.restarted', resolve));
    const crashed = await client.call('diagnostics.crash', {}).catch((e: unknown) => e);
    expect((crashed as CoreError).code).toBe('CORE_RESTARTED');
    // a call made while the worker is down waits for the new one instead of failing
    const afterCrash = client.call('diagnostics.ping', { echo: 'still here' });
    expect((await restarted).restarts).toBe(1);
    expect((await afterCrash).echo).toBe('still here');
    // the workspace survived the crash
    expect((await client.call('settings.get', {})).weekStart).toBe('sunday');
    expect(client.status.state).toBe('ready');
  });

  it('gives up after repeated crashes with a plain message', async () => {
    const { client } = await startClient({ maxRestarts: 1 });
    const firstCrash = client.call('diagnostics.crash', {}).catch((e: unknown) => e);
    await firstCrash;
    const restarted = new Promise((resolve) => client.on('core.restarted', resolve));
    await restarted;
    await client.call('diagnostics.crash', {}).catch(() => undefined);
    const error = (await client.call('diagnostics.ping', { echo: 'x' }).catch((e: unknown) => e)) as CoreError;
    expect(error.code).toBe('CORE_UNAVAILABLE');
    expect(error.message).toMatch(/kept stopping/);
  });

  it('refuses the crash channel unless diagnostics are allowed', async () => {
    const { client } = await startClient({ allowDiagnostics: false });
    const error = (await client.call('diagnostics.crash', {}).catch((e: unknown) => e)) as CoreError;
    expect(error.code).toBe('FORBIDDEN');
    expect((await client.call('diagnostics.ping', { echo: 'ok' })).echo).toBe('ok');
  });
});
