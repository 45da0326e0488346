import { createRequire } from 'node:module';
import type { KeychainStatus } from '../../../src-shared/contract';
import { CoreError } from '../../../src-shared/contract';
import type { SecretStore } from '../ports';

/** The keychain service name every Pulse secret is filed under. */
export const keychainService = 'CSCX Pulse';

interface Keytar {
  getPassword(service: string, account: string): Promise<string | null>;
  setPassword(service: string, account: string, password: string): Promise<void>;
  deletePassword(service: string, account: string): Promise<boolean>;
}

export interface KeychainProbe {
  status: KeychainStatus;
  store: SecretStore | null;
}

/**
 * keytar is an optional dependency: it may be missing (no build tools), or present with no keychain
 * answering (a Linux session without Secret Service). Probing does one real round trip so the app can
 * say plainly which case it is in, instead of failing at the first "Save key".
 */
export async function probeKeychain(service = keychainService): Promise<KeychainProbe> {
  let keytar: Keytar;
  try {
    const require = createRequire(import.meta.url);
    keytar = require('keytar') as Keytar;
  } catch {
    return {
      store: null,
      status: {
        available: false,
        description: 'no OS keychain',
        problem:
          'The keychain module (keytar) is not installed, so Pulse cannot store vendor keys safely. ' +
          'Reinstall Pulse; on Linux install libsecret first (apt install libsecret-1-0).',
      },
    };
  }
  const description = `OS keychain (${platformKeychainName()})`;
  try {
    const probeAccount = '__pulse_probe__';
    await withTimeout(keytar.setPassword(service, probeAccount, 'probe'), 10_000);
    await withTimeout(keytar.deletePassword(service, probeAccount), 10_000);
  } catch (error) {
    return {
      store: null,
      status: {
        available: false,
        description,
        problem:
          `The ${platformKeychainName()} did not answer (${error instanceof Error ? error.message.slice(0, 160) : 'unknown error'}). ` +
          (process.platform === 'linux'
            ? 'Start or unlock a Secret Service keyring (GNOME Keyring or KWallet) and try again.'
            : 'Unlock your keychain and try again.'),
      },
    };
  }
  return { store: keytarSecretStore(keytar, service, description), status: { available: true, description, problem: null } };
}

function keytarSecretStore(keytar: Keytar, service: string, description: string): SecretStore {
  const wrap = async <T>(action: () => Promise<T>): Promise<T> => {
    try {
      return await withTimeout(action(), 15_000);
    } catch (error) {
      throw new CoreError(
        'KEYCHAIN_UNAVAILABLE',
        `The ${platformKeychainName()} refused the request (${error instanceof Error ? error.message.slice(0, 160) : 'unknown error'}). Unlock it and try again.`,
      );
    }
  };
  return {
    description,
    get: (account) => wrap(() => keytar.getPassword(service, account)),
    set: (account, secret) => wrap(() => keytar.setPassword(service, account, secret)),
    delete: (account) => wrap(() => keytar.deletePassword(service, account)),
  };
}

function platformKeychainName(): string {
  if (process.platform === 'darwin') return 'macOS Keychain';
  if (process.platform === 'win32') return 'Windows Credential Manager';
  return 'Secret Service';
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no answer within ${ms / 1000} s`)), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}
