import { CoreError } from '../../../src-shared/contract';
import type { SecretStore } from '../ports';

/** Used where no keychain answers: refuses to store rather than fall back to plain text. */
export function unavailableSecretStore(problem: string): SecretStore {
  const refuse = async (): Promise<never> => {
    throw new CoreError('KEYCHAIN_UNAVAILABLE', problem);
  };
  return { description: 'none (no keychain available)', get: refuse, set: refuse, delete: refuse };
}
