import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { SafeStorage } from 'electron';
import { CoreError } from '../../src-shared/contract';
import type { SecretStore } from '../core/ports';

/**
 * The part of Electron's safeStorage used here. The async API is used: in Electron 45 the sync
 * `isEncryptionAvailable`/`encryptString` are deprecated in favour of these.
 */
export interface SafeStorageLike {
  isAsyncEncryptionAvailable(): Promise<boolean>;
  encryptStringAsync(plainText: string): Promise<Buffer>;
  decryptStringAsync(encrypted: Buffer): Promise<{ result: string; shouldReEncrypt: boolean }>;
  /** Linux only; 'basic_text' means a hard-coded key, i.e. effectively plain text. */
  getSelectedStorageBackend(): string;
}

export const safeStorageFileName = 'secrets.safestorage.json';

interface SecretsFile {
  version: 1;
  /** account -> base64 of the safeStorage-encrypted secret. Never plain text. */
  entries: Record<string, string>;
}

/**
 * Whether safeStorage really encrypts: refused when encryption is unavailable, and on Linux when
 * Chromium fell back to its 'basic_text' store (a key compiled into the browser, so not a protection).
 */
export async function safeStorageProblem(safeStorage: SafeStorageLike, platform: NodeJS.Platform): Promise<string | null> {
  let available = false;
  try {
    available = await safeStorage.isAsyncEncryptionAvailable();
  } catch {
    available = false;
  }
  if (!available) return "the operating system's encryption for app data is not available";
  if (platform === 'linux') {
    const backend = safeStorage.getSelectedStorageBackend();
    if (backend === 'basic_text' || backend === 'unknown') {
      return 'no password store (GNOME Keyring or KWallet) protects app data on this desktop, so encryption would not be real';
    }
  }
  return null;
}

export function safeStorageDescription(safeStorage: SafeStorageLike, platform: NodeJS.Platform): string {
  const protection =
    platform === 'darwin'
      ? 'macOS Keychain key'
      : platform === 'win32'
        ? 'Windows DPAPI'
        : `key in ${safeStorage.getSelectedStorageBackend().replace('gnome_libsecret', 'GNOME Keyring')}`;
  return `encrypted file in the workspace (Electron safeStorage, ${protection})`;
}

/**
 * A SecretStore of safeStorage-encrypted blobs in one JSON file in the data dir, for machines where no
 * keychain answers keytar. Refuses to work (KEYCHAIN_UNAVAILABLE) rather than ever write plain text.
 * Writes are serialised and atomic (temp file + rename, mode 0600).
 */
export function safeStorageSecretStore(options: {
  safeStorage: SafeStorageLike;
  dataDir: string;
  platform?: NodeJS.Platform;
}): SecretStore {
  const { safeStorage } = options;
  const platform = options.platform ?? process.platform;
  const file = join(options.dataDir, safeStorageFileName);
  let queue: Promise<unknown> = Promise.resolve();

  const serialised = <T>(action: () => Promise<T>): Promise<T> => {
    const next = queue.then(action, action);
    queue = next.catch(() => {});
    return next;
  };

  const ensureUsable = async (): Promise<void> => {
    const problem = await safeStorageProblem(safeStorage, platform);
    if (problem) {
      throw new CoreError(
        'KEYCHAIN_UNAVAILABLE',
        `Pulse cannot store vendor keys safely: ${problem}. Keys are never kept in plain text.`,
      );
    }
  };

  const load = async (): Promise<SecretsFile> => {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { version: 1, entries: {} };
      throw new CoreError('KEYCHAIN_UNAVAILABLE', `Pulse could not read its encrypted key file (${safeStorageFileName}).`);
    }
    try {
      const parsed = JSON.parse(text) as Partial<SecretsFile>;
      if (parsed.version !== 1 || typeof parsed.entries !== 'object' || parsed.entries === null) throw new Error('shape');
      const entries: Record<string, string> = Object.create(null);
      for (const [account, value] of Object.entries(parsed.entries)) if (typeof value === 'string') entries[account] = value;
      return { version: 1, entries };
    } catch {
      throw new CoreError(
        'KEYCHAIN_UNAVAILABLE',
        `Pulse's encrypted key file (${safeStorageFileName} in the workspace) is damaged. Move it away and enter the vendor keys again.`,
      );
    }
  };

  const save = async (contents: SecretsFile): Promise<void> => {
    await mkdir(dirname(file), { recursive: true });
    const temp = `${file}.${process.pid}.tmp`;
    await writeFile(temp, `${JSON.stringify(contents, null, 2)}\n`, { encoding: 'utf8', mode: 0o600 });
    await rename(temp, file);
  };

  const encrypt = async (secret: string): Promise<string> => {
    try {
      return (await safeStorage.encryptStringAsync(secret)).toString('base64');
    } catch {
      throw new CoreError(
        'KEYCHAIN_UNAVAILABLE',
        'The operating system refused to encrypt the key. Unlock your keyring and try again.',
      );
    }
  };

  return {
    description: safeStorageDescription(safeStorage, platform),
    get: (account) =>
      serialised(async () => {
        await ensureUsable();
        const contents = await load();
        const blob = contents.entries[account];
        if (blob === undefined) return null;
        let decrypted: { result: string; shouldReEncrypt: boolean };
        try {
          decrypted = await safeStorage.decryptStringAsync(Buffer.from(blob, 'base64'));
        } catch {
          throw new CoreError(
            'KEYCHAIN_UNAVAILABLE',
            'A stored key could not be decrypted (the OS key changed or the keyring is locked). Unlock it, or enter the key again.',
          );
        }
        if (decrypted.shouldReEncrypt) {
          contents.entries[account] = await encrypt(decrypted.result);
          await save(contents);
        }
        return decrypted.result;
      }),
    set: (account, secret) =>
      serialised(async () => {
        await ensureUsable();
        const contents = await load();
        contents.entries[account] = await encrypt(secret);
        await save(contents);
      }),
    delete: (account) =>
      serialised(async () => {
        const contents = await load();
        if (!Object.hasOwn(contents.entries, account)) return false;
        delete contents.entries[account];
        await save(contents);
        return true;
      }),
  };
}

const realSafeStorageFits: (safeStorage: SafeStorage) => SafeStorageLike = (safeStorage) => safeStorage;
void realSafeStorageFits;
