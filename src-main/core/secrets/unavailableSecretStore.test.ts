import { describe, expect, it } from 'vitest';
import { CoreError } from '../../../src-shared/contract';
import { unavailableSecretStore } from './unavailableSecretStore';

describe('unavailableSecretStore', () => {
  it('refuses every operation with the keychain problem instead of storing anything', async () => {
    const store = unavailableSecretStore('The Secret Service did not answer. Unlock it and try again.');
    for (const attempt of [store.set('a/b', 'secret-value'), store.get('a/b'), store.delete('a/b')]) {
      const error = await attempt.catch((e: unknown) => e);
      expect(error).toBeInstanceOf(CoreError);
      expect((error as CoreError).code).toBe('KEYCHAIN_UNAVAILABLE');
      expect((error as CoreError).message).toContain('Secret Service did not answer');
    }
  });
});
