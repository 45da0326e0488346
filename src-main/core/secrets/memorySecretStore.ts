import type { SecretStore } from '../ports';

/** Lives only as long as the process: for the throwaway demo workspace and for tests. Never persisted. */
export function memorySecretStore(description = 'in-memory (demo only, forgotten on exit)'): SecretStore {
  const values = new Map<string, string>();
  return {
    description,
    get: async (account) => values.get(account) ?? null,
    set: async (account, secret) => {
      values.set(account, secret);
    },
    delete: async (account) => values.delete(account),
  };
}
