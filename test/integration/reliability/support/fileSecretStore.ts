import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import type { SecretStore } from '../../../../src-main/core/ports';

/**
 * A secret store several test processes can share: a JSON file outside the workspace. Only for the
 * reliability suite, where a parent sets connections up and child processes (killed at random) sync
 * with the same credentials and the same workspace user-key secret. The product never stores secrets
 * in a file.
 */
export function fileSecretStore(path: string): SecretStore {
  const read = (): Record<string, string> => (existsSync(path) ? JSON.parse(readFileSync(path, 'utf8')) : {});
  const write = (values: Record<string, string>): void => {
    writeFileSync(`${path}.tmp`, JSON.stringify(values));
    renameSync(`${path}.tmp`, path);
  };
  return {
    description: 'test file store (reliability suite)',
    get: async (account) => read()[account] ?? null,
    set: async (account, secret) => write({ ...read(), [account]: secret }),
    delete: async (account) => {
      const values = read();
      const had = account in values;
      delete values[account];
      write(values);
      return had;
    },
  };
}
