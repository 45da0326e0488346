import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { DEMO_CREDENTIALS } from '../../../src-main/core/demo';
import { memorySecretStore } from '../../../src-main/core/secrets';
import { CoreClient } from '../../../src-main/worker';
import type { CoreEvents } from '../../../src-shared/contract';
import { makeTempDir } from '../../support/tempDir';

/**
 * The app's first-run "Open demo workspace" (`demo.start`): the core starts the sandboxes itself,
 * remembers the workspace is the demo, and on the next open starts them again on new ports and
 * re-points the demo connections so syncs keep working; `demo.remove` takes it all away again.
 */
const dir = makeTempDir('pulse-first-run-');
// One keychain across both opens of the workspace, as the OS keychain would be.
const secrets = memorySecretStore('in-memory (test)');
const open = () =>
  CoreClient.start({
    dataDir: dir.path,
    host: 'test',
    secrets,
    keychain: { available: false, description: secrets.description, problem: null },
  });
let client: CoreClient | null = null;

afterAll(async () => {
  await client?.close();
  dir.remove();
});

describe('first-run demo workspace', () => {
  it('sets up the demo in one call, with progress, remembered across a restart on new sandbox ports', async () => {
    client = await open();
    expect(await client.call('demo.status', {})).toMatchObject({ active: false, sandboxesRunning: false });
    const progress: CoreEvents['demo.progress'][] = [];
    client.on('demo.progress', (p) => progress.push(p));

    const status = await client.call('demo.start', { accounts: 6, days: 21 });
    expect(status).toMatchObject({ active: true, sandboxesRunning: true, settingUp: false, accounts: 6, days: 21 });
    expect(progress.map((p) => p.step)).toEqual(['sandboxes', 'customers', 'connect', 'connect', 'connect', 'sync', 'done']);

    const connections = await client.call('connections.list', {});
    expect(connections.map((c) => c.label).sort()).toEqual(['Amplitude (demo)', 'Mixpanel (demo)', 'Pendo (demo)']);
    expect(status.connectionIds.sort()).toEqual(connections.map((c) => c.id).sort());
    const runs = await client.call('sync.runs', { connection: null, limit: 10 });
    expect(runs.filter((r) => r.outcome === 'succeeded')).toHaveLength(3);
    expect(runs.reduce((sum, r) => sum + r.eventsRead, 0)).toBeGreaterThan(0);
    expect((await client.call('health.portfolio', {})).rows).toHaveLength(6);
    // The throwaway keys went through the SecretStore port, not into the database.
    const amplitude = connections.find((c) => c.vendor === 'amplitude');
    expect(await client.call('secrets.has', { owner: `connection:${amplitude?.id}`, field: 'apiKey' })).toEqual({ isSet: true });
    expect(readFileSync(`${dir.path}/pulse.db`).includes(DEMO_CREDENTIALS.amplitude.secretKey)).toBe(false);

    // A second start is refused with the reason.
    await expect(client.call('demo.start', {})).rejects.toMatchObject({ code: 'CONFLICT' });

    const portsBefore = new Map(connections.map((c) => [c.id, c.baseUrl]));
    await client.close();
    client = null;
    // The first process's sandboxes are gone with it.
    await expect(fetch(`${amplitude?.baseUrl}/api/2/export`)).rejects.toThrow();

    client = await open();
    expect(await client.call('demo.status', {})).toMatchObject({ active: true, sandboxesRunning: true, problem: null });
    const reopened = await client.call('connections.list', {});
    for (const c of reopened) {
      expect(c.baseUrl).not.toBe(portsBefore.get(c.id));
      expect(c.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\//);
    }
    const again = await client.call('sync.run', { connection: null, full: false });
    expect(again.map((r) => r.outcome)).toEqual(['succeeded', 'succeeded', 'succeeded']);
  });

  it('removes the demo: connections, their data, its customers; then offers nothing to re-point', async () => {
    if (!client) throw new Error('the first test did not leave a core open');
    const removed = await client.call('demo.remove', {});
    expect(removed).toEqual({ removed: true, connections: 3, customers: 6 });
    expect(await client.call('connections.list', {})).toEqual([]);
    expect((await client.call('health.portfolio', {})).rows).toEqual([]);
    expect(await client.call('demo.status', {})).toMatchObject({ active: false, sandboxesRunning: false, connectionIds: [] });
    expect(await client.call('demo.remove', {})).toEqual({ removed: false, connections: 0, customers: 0 });
  });

  it('refuses to turn a workspace with real connections into the demo', async () => {
    if (!client) throw new Error('the first test did not leave a core open');
    await client.call('connections.create', {
      vendor: 'pendo',
      label: 'Pendo (ours)',
      region: 'us',
      baseUrl: null,
      settings: {},
      secrets: { integrationKey: 'not-a-real-key-1234' },
    });
    await expect(client.call('demo.start', { accounts: 3, days: 14 })).rejects.toMatchObject({
      code: 'CONFLICT',
      message: expect.stringContaining('empty workspace'),
    });
  });
});
