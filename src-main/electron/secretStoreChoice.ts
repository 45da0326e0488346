import type { KeychainStatus } from '../../src-shared/contract';
import type { SecretStore } from '../core/ports';
import type { KeychainProbe } from '../core/secrets';
import { unavailableSecretStore } from '../core/secrets';
import {
  type SafeStorageLike,
  safeStorageDescription,
  safeStorageProblem,
  safeStorageSecretStore,
} from './safeStorageSecretStore';

export interface SecretStoreChoice {
  store: SecretStore;
  /** Passed to the worker; the Settings page shows it as is. */
  status: KeychainStatus;
}

/**
 * The OS keychain (keytar) when it answers; otherwise Electron safeStorage when it really encrypts;
 * otherwise nothing: vendor keys are then refused, never kept in plain text. Each fallback says so
 * in plain words.
 */
export async function chooseSecretStore(options: {
  probe: () => Promise<KeychainProbe>;
  safeStorage: SafeStorageLike;
  dataDir: string;
  platform?: NodeJS.Platform;
}): Promise<SecretStoreChoice> {
  const platform = options.platform ?? process.platform;
  const probe = await options.probe();
  if (probe.store) return { store: probe.store, status: probe.status };

  const keychainProblem = probe.status.problem ?? 'The OS keychain is not available.';
  const safeProblem = await safeStorageProblem(options.safeStorage, platform);
  if (safeProblem === null) {
    const description = safeStorageDescription(options.safeStorage, platform);
    return {
      store: safeStorageSecretStore({ safeStorage: options.safeStorage, dataDir: options.dataDir, platform }),
      status: {
        available: false,
        description,
        problem: `${keychainProblem} Until then, Pulse keeps vendor keys in an encrypted file in its workspace instead, locked by the operating system.`,
      },
    };
  }
  const problem = `${keychainProblem} Pulse cannot fall back to encrypted storage either (${safeProblem}), so it will not save vendor keys until a keychain is available. Keys are never kept in plain text.`;
  return {
    store: unavailableSecretStore(problem),
    status: { available: false, description: 'none: vendor keys cannot be saved', problem },
  };
}
