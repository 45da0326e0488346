import type {
  Channel,
  ConnectionInput,
  ConnectionSummary,
  Requests,
  Responses,
  Settings,
  SyncRunSummary,
} from '../../../src-shared/contract';
import type { RunningSandboxes } from '../demo';
import { demoCustomersCsv } from '../demo/customersCsv';

export interface DemoSetupProgress {
  step: 'customers' | 'connect' | 'sync';
  message: string;
  /** The demo connections, once they exist (for progress labels). */
  connections: ConnectionSummary[];
}

export interface DemoWorkspace {
  connections: ConnectionSummary[];
  runs: SyncRunSummary[];
  customersImported: number;
}

/** Whatever speaks the contract: the CoreClient from outside, or the core's own handlers from inside. */
export interface ContractCaller {
  call<C extends Channel>(channel: C, request: Requests[C]): Promise<Responses[C]>;
}

/** The demo connections' labels; the demo is recognised and its ports re-pointed by these. */
export const DEMO_CONNECTION_LABELS = {
  amplitude: 'Amplitude (demo)',
  mixpanel: 'Mixpanel (demo)',
  pendo: 'Pendo (demo)',
} as const;

/** One connection per vendor sandbox; the keys are the sandboxes' throwaway demo keys. */
export function demoConnectionInputs(sandboxes: RunningSandboxes): ConnectionInput[] {
  return [
    {
      vendor: 'amplitude',
      label: DEMO_CONNECTION_LABELS.amplitude,
      region: 'us',
      baseUrl: sandboxes.amplitude.baseUrl,
      settings: {},
      secrets: { apiKey: sandboxes.amplitude.apiKey, secretKey: sandboxes.amplitude.secretKey },
    },
    {
      vendor: 'mixpanel',
      label: DEMO_CONNECTION_LABELS.mixpanel,
      region: 'us',
      baseUrl: sandboxes.mixpanel.baseUrl,
      settings: {
        projectId: String(sandboxes.mixpanel.projectId),
        username: sandboxes.mixpanel.username,
        dataGroupId: String(sandboxes.mixpanel.companyDataGroupId),
        // The local sandbox has no hourly export budget; the real Mixpanel default (60/h) would
        // make a 120-day back-fill take two hours.
        requestsPerHour: 100_000,
      },
      secrets: { secret: sandboxes.mixpanel.secret },
    },
    {
      vendor: 'pendo',
      label: DEMO_CONNECTION_LABELS.pendo,
      region: 'us',
      baseUrl: sandboxes.pendo.baseUrl,
      settings: { subscriptionTimeZone: sandboxes.pendo.timeZone },
      secrets: { integrationKey: sandboxes.pendo.integrationKey },
    },
  ];
}

/** The settings the demo needs, so removing the demo can tell them from the user's own. */
export type DemoSettings = Pick<Settings, 'timezone' | 'backfillDays' | 'lookbackDays'>;

export function demoSettings(days: number): DemoSettings {
  // The sandboxes serve UTC project days; the demo workspace reports in UTC so the vendors' own
  // totals and ours compare day for day. The back-fill covers the whole generated history.
  return { timezone: 'UTC', backfillDays: days, lookbackDays: 3 };
}

/**
 * Turns an empty workspace into the demo: the portfolio's CRM list, one connection per vendor
 * sandbox (demo keys through the same keychain path as real ones), and a full back-fill. Used by
 * `pulse demo`, the tests, and the app's first-run "Open demo workspace" (`demo.start`).
 */
export async function setUpDemoWorkspace(
  client: ContractCaller,
  sandboxes: RunningSandboxes,
  onProgress: (progress: DemoSetupProgress) => void = () => {},
  onConnected: (connections: ConnectionSummary[]) => Promise<void> = async () => {},
): Promise<DemoWorkspace> {
  const days = sandboxes.portfolio.days;
  await client.call('settings.update', { patch: demoSettings(days) });

  onProgress({ step: 'customers', message: 'Importing the demo CRM list', connections: [] });
  const imported = await client.call('customers.import', { csv: demoCustomersCsv(sandboxes.portfolio) });

  const connections: ConnectionSummary[] = [];
  const existing = await client.call('connections.list', {});
  for (const input of demoConnectionInputs(sandboxes)) {
    onProgress({ step: 'connect', message: `Connecting ${input.label}`, connections });
    const found = existing.find((c) => c.label === input.label);
    connections.push(found ?? (await client.call('connections.create', input)));
  }
  await onConnected(connections);

  onProgress({ step: 'sync', message: `Back-filling ${days} days from the three sandboxes`, connections });
  const runs: SyncRunSummary[] = [];
  for (const connection of connections) runs.push(...(await client.call('sync.run', { connection: connection.id, full: false })));
  return { connections, runs, customersImported: imported.created + imported.updated };
}
