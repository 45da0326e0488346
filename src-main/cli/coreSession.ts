import type { KeychainStatus } from '../../src-shared/contract';
import type { SecretStore } from '../core/ports';
import { probeKeychain, unavailableSecretStore } from '../core/secrets';
import { CoreClient } from '../worker';
import type { CliIo } from './command';

/**
 * The CLI's secret store: the OS keychain, or nothing. The CLI never falls back to plain text;
 * commands that need a secret fail with the keychain's own problem text.
 */
export async function cliSecretStore(): Promise<{ store: SecretStore; status: KeychainStatus }> {
  const probe = await probeKeychain();
  return {
    store: probe.store ?? unavailableSecretStore(probe.status.problem ?? 'No OS keychain is available.'),
    status: probe.status,
  };
}

/** Opens the workspace core for one command and always closes it, whatever the command does. */
export async function withCore(
  io: CliIo,
  action: (client: CoreClient) => Promise<number>,
  options: { secrets?: { store: SecretStore; status: KeychainStatus } } = {},
): Promise<number> {
  const secrets = options.secrets ?? (await cliSecretStore());
  const client = await CoreClient.start({ dataDir: io.dataDir, host: 'cli', secrets: secrets.store, keychain: secrets.status });
  try {
    return await action(client);
  } finally {
    await client.close();
  }
}
