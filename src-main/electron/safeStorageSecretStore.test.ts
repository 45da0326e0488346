import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { memorySecretStore } from '../core/secrets';
import { type SafeStorageLike, safeStorageFileName, safeStorageSecretStore } from './safeStorageSecretStore';
import { chooseSecretStore } from './secretStoreChoice';

/** A reversible stand-in for the OS encryption: enough to prove plain text never reaches the file. */
function fakeSafeStorage(options: { available?: boolean; backend?: string; reEncrypt?: boolean } = {}) {
  const fake = {
    available: options.available ?? true,
    backend: options.backend ?? 'gnome_libsecret',
    reEncrypt: options.reEncrypt ?? false,
    encryptions: 0,
    isAsyncEncryptionAvailable: vi.fn(async () => fake.available),
    encryptStringAsync: vi.fn(async (plain: string) => {
      fake.encryptions += 1;
      return Buffer.from(`enc:${Buffer.from(plain).reverse().toString('hex')}`);
    }),
    decryptStringAsync: vi.fn(async (encrypted: Buffer) => {
      const text = encrypted.toString();
      if (!text.startsWith('enc:')) throw new Error('bad blob');
      return { result: Buffer.from(text.slice(4), 'hex').reverse().toString(), shouldReEncrypt: fake.reEncrypt };
    }),
    getSelectedStorageBackend: () => fake.backend,
  };
  return fake satisfies SafeStorageLike;
}

let dataDir: string;
beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'pulse-safestorage-'));
});
afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

describe('safeStorageSecretStore', () => {
  it('round-trips secrets and never writes them in plain text', async () => {
    const store = safeStorageSecretStore({ safeStorage: fakeSafeStorage(), dataDir, platform: 'linux' });
    await store.set('connection:1/apiKey', 'sk_live_SECRET_123');
    await store.set('connection:2/apiKey', 'other-secret');
    expect(await store.get('connection:1/apiKey')).toBe('sk_live_SECRET_123');
    expect(await store.get('connection:3/apiKey')).toBeNull();
    const file = join(dataDir, safeStorageFileName);
    const text = readFileSync(file, 'utf8');
    expect(text).not.toContain('sk_live_SECRET_123');
    expect(text).not.toContain('other-secret');
    expect(JSON.parse(text).version).toBe(1);
    if (process.platform !== 'win32') expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(await store.delete('connection:1/apiKey')).toBe(true);
    expect(await store.delete('connection:1/apiKey')).toBe(false);
    expect(await store.get('connection:1/apiKey')).toBeNull();
    expect(await store.get('connection:2/apiKey')).toBe('other-secret');
  });

  it('keeps every write when calls overlap', async () => {
    const store = safeStorageSecretStore({ safeStorage: fakeSafeStorage(), dataDir, platform: 'darwin' });
    await Promise.all(Array.from({ length: 10 }, (_, i) => store.set(`a${i}`, `s${i}`)));
    for (let i = 0; i < 10; i += 1) expect(await store.get(`a${i}`)).toBe(`s${i}`);
  });

  it('refuses to store anything when encryption is not available', async () => {
    const safeStorage = fakeSafeStorage({ available: false });
    const store = safeStorageSecretStore({ safeStorage, dataDir, platform: 'win32' });
    await expect(store.set('a', 'secret')).rejects.toMatchObject({ code: 'KEYCHAIN_UNAVAILABLE' });
    await expect(store.get('a')).rejects.toMatchObject({ code: 'KEYCHAIN_UNAVAILABLE' });
    expect(safeStorage.encryptStringAsync).not.toHaveBeenCalled();
    expect(() => readFileSync(join(dataDir, safeStorageFileName))).toThrow();
  });

  it("refuses Linux's basic_text backend, which is plain text in disguise", async () => {
    const safeStorage = fakeSafeStorage({ backend: 'basic_text' });
    const store = safeStorageSecretStore({ safeStorage, dataDir, platform: 'linux' });
    await expect(store.set('a', 'secret')).rejects.toMatchObject({ code: 'KEYCHAIN_UNAVAILABLE' });
    expect(safeStorage.encryptStringAsync).not.toHaveBeenCalled();
  });

  it('re-encrypts when the OS asks for it', async () => {
    const safeStorage = fakeSafeStorage();
    const store = safeStorageSecretStore({ safeStorage, dataDir, platform: 'linux' });
    await store.set('a', 'secret');
    safeStorage.reEncrypt = true;
    expect(await store.get('a')).toBe('secret');
    expect(safeStorage.encryptions).toBe(2);
  });

  it('says plainly when the file is damaged, without echoing its contents', async () => {
    writeFileSync(join(dataDir, safeStorageFileName), '{"version":1,"entries":"sk_live_leak');
    const store = safeStorageSecretStore({ safeStorage: fakeSafeStorage(), dataDir, platform: 'linux' });
    const error = await store.get('a').catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'KEYCHAIN_UNAVAILABLE' });
    expect(String((error as Error).message)).not.toContain('sk_live_leak');
  });

  it('does not leak a secret in the error when decryption fails', async () => {
    writeFileSync(
      join(dataDir, safeStorageFileName),
      JSON.stringify({ version: 1, entries: { a: Buffer.from('garbage').toString('base64') } }),
    );
    const store = safeStorageSecretStore({ safeStorage: fakeSafeStorage(), dataDir, platform: 'linux' });
    await expect(store.get('a')).rejects.toMatchObject({ code: 'KEYCHAIN_UNAVAILABLE' });
  });
});

describe('chooseSecretStore', () => {
  const noKeychain = async () => ({
    store: null,
    status: { available: false, description: 'OS keychain (Secret Service)', problem: 'The Secret Service did not answer.' },
  });

  it('uses the OS keychain when it answers', async () => {
    const keychain = memorySecretStore();
    const status = { available: true, description: 'OS keychain (Secret Service)', problem: null };
    const choice = await chooseSecretStore({
      probe: async () => ({ store: keychain, status }),
      safeStorage: fakeSafeStorage(),
      dataDir,
    });
    expect(choice.store).toBe(keychain);
    expect(choice.status).toEqual(status);
  });

  it('falls back to safeStorage and says so plainly', async () => {
    const choice = await chooseSecretStore({ probe: noKeychain, safeStorage: fakeSafeStorage(), dataDir, platform: 'linux' });
    expect(choice.status.available).toBe(false);
    expect(choice.status.description).toMatch(/encrypted file/);
    expect(choice.status.problem).toMatch(/did not answer.*encrypted file/);
    await choice.store.set('a', 'secret');
    expect(await choice.store.get('a')).toBe('secret');
  });

  it('refuses to store when neither keychain nor real encryption is available', async () => {
    for (const safeStorage of [fakeSafeStorage({ available: false }), fakeSafeStorage({ backend: 'basic_text' })]) {
      const choice = await chooseSecretStore({ probe: noKeychain, safeStorage, dataDir, platform: 'linux' });
      expect(choice.status).toMatchObject({ available: false, description: expect.stringMatching(/cannot be saved/) });
      expect(choice.status.problem).toMatch(/never kept in plain text/);
      await expect(choice.store.set('a', 'secret')).rejects.toMatchObject({ code: 'KEYCHAIN_UNAVAILABLE' });
    }
  });
});
