import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KeychainProbe } from '../../src-main/core/secrets';
import { probeKeychain } from '../../src-main/core/secrets';
import { CoreClient } from '../../src-main/worker';
import { missingPrerequisite } from '../support/requireAll';
import { makeTempDir } from '../support/tempDir';

// The real OS keychain: gnome-keyring's Secret Service under dbus-run-session in CI (.ci/run).
const service = `CSCX Pulse test ${randomUUID()}`;
let probe: KeychainProbe;
beforeAll(async () => {
  probe = await probeKeychain(service);
  if (!probe.store) missingPrerequisite(`no OS keychain answered (${probe.status.problem})`);
});

describe('keytar against the real keychain', () => {
  it('stores, reads back inside the host, and deletes a secret', async (ctx) => {
    if (!probe.store) return ctx.skip();
    const account = `connection:${randomUUID()}/apiKey`;
    await probe.store.set(account, 'real-keychain-value-123');
    expect(await probe.store.get(account)).toBe('real-keychain-value-123');
    expect(await probe.store.delete(account)).toBe(true);
    expect(await probe.store.get(account)).toBeNull();
  });

  it('carries secrets from the contract into the keychain through the worker, never back out', async (ctx) => {
    if (!probe.store) return ctx.skip();
    const dir = makeTempDir();
    const client = await CoreClient.start({ dataDir: dir.path, host: 'test', secrets: probe.store, keychain: probe.status });
    try {
      const info = await client.call('app.info', {});
      expect(info.keychain.available).toBe(true);
      await client.call('secrets.set', { owner: 'connection:kc', field: 'secretKey', value: 'kc-secret-value-987' });
      expect(await probe.store.get('connection:kc/secretKey')).toBe('kc-secret-value-987');
      expect(await client.call('secrets.has', { owner: 'connection:kc', field: 'secretKey' })).toEqual({ isSet: true });
      await client.call('secrets.delete', { owner: 'connection:kc', field: 'secretKey' });
      expect(await probe.store.get('connection:kc/secretKey')).toBeNull();
    } finally {
      await client.close();
      dir.remove();
    }
  });
});

describe('without a keychain', () => {
  let dir: ReturnType<typeof makeTempDir>;
  beforeAll(() => {
    dir = makeTempDir();
  });
  afterAll(() => dir.remove());

  it('says plainly that none is usable and what to do', () => {
    const env = { ...process.env, DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/bus', DISPLAY: '' };
    const info = spawnSync(process.execPath, ['bin/pulse.mjs', 'info', '--json', '--data-dir', dir.path], {
      env,
      encoding: 'utf8',
    });
    expect(info.status).toBe(0);
    const parsed = JSON.parse(info.stdout) as { keychain: { available: boolean; problem: string } };
    expect(parsed.keychain.available).toBe(false);
    expect(parsed.keychain.problem).toMatch(/did not answer|not installed/);
    expect(parsed.keychain.problem).toMatch(/try again|Reinstall/);
  });
});
