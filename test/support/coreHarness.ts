import { type Core, type CoreOptions, openCore } from '../../src-main/core';
import type { RunningSandboxes } from '../../src-main/core/demo';
import { SecretScrubber } from '../../src-main/core/logging';
import { type SecretStore, silentLogger, systemClock } from '../../src-main/core/ports';
import { memorySecretStore } from '../../src-main/core/secrets';
import { CoreClient } from '../../src-main/worker';
import type { ConnectionInput } from '../../src-shared/contract';
import { makeTempDir } from './tempDir';

/** A real core worker on a temporary workspace, with an in-memory keychain. */
export async function startTestCore(options: { allowDiagnostics?: boolean } = {}) {
  const dir = makeTempDir('pulse-core-');
  const secrets = memorySecretStore('in-memory (test)');
  const client = await CoreClient.start({
    dataDir: dir.path,
    host: 'test',
    secrets,
    keychain: { available: false, description: secrets.description, problem: null },
    allowDiagnostics: options.allowDiagnostics ?? false,
  });
  return {
    client,
    dataDir: dir.path,
    secrets,
    async close() {
      await client.close();
      dir.remove();
    },
  };
}

/**
 * The core opened in this thread (no worker): for tests and profiles that need its store or handlers
 * directly. An in-memory keychain unless `secrets` is given; no events, no logs, the system clock.
 */
export function openInProcessCore(
  options: { dataDir: string; secrets?: SecretStore } & Partial<Omit<CoreOptions, 'dataDir' | 'secrets' | 'keychain'>>,
): Promise<Core> {
  const { secrets = memorySecretStore('in-memory (test)'), ...rest } = options;
  return openCore({
    host: 'test',
    clock: systemClock,
    http: fetch,
    logger: silentLogger,
    scrubber: new SecretScrubber(),
    emit: () => {},
    ...rest,
    secrets,
    keychain: { available: false, description: secrets.description, problem: null },
  });
}

/** Connection inputs pointing at the local sandboxes with their demo credentials. */
export function sandboxConnections(sb: RunningSandboxes): ConnectionInput[] {
  return [
    {
      vendor: 'amplitude',
      label: 'Amplitude (demo)',
      region: 'us',
      baseUrl: sb.amplitude.baseUrl,
      settings: {},
      secrets: { apiKey: sb.amplitude.apiKey, secretKey: sb.amplitude.secretKey },
    },
    {
      vendor: 'mixpanel',
      label: 'Mixpanel (demo)',
      region: 'us',
      baseUrl: sb.mixpanel.baseUrl,
      settings: {
        projectId: String(sb.mixpanel.projectId),
        username: sb.mixpanel.username,
        dataGroupId: String(sb.mixpanel.companyDataGroupId),
        requestsPerHour: 100_000,
      },
      secrets: { secret: sb.mixpanel.secret },
    },
    {
      vendor: 'pendo',
      label: 'Pendo (demo)',
      region: 'us',
      baseUrl: sb.pendo.baseUrl,
      settings: { subscriptionTimeZone: sb.pendo.timeZone },
      secrets: { integrationKey: sb.pendo.integrationKey },
    },
  ];
}
