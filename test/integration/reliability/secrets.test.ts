import { existsSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CREDENTIALS, type RunningSandboxes } from '../../../src-main/core/demo';
import type { SecretStore } from '../../../src-main/core/ports';
import { memorySecretStore } from '../../../src-main/core/secrets';
import { setUpDemoWorkspace } from '../../../src-main/demoWorkspace';
import { CoreClient } from '../../../src-main/worker';
import { type Channel, channels, type Requests, type Responses } from '../../../src-shared/contract';
import { makeTempDir } from '../../support/tempDir';
import { startSmallSandboxes } from './support/faultWorkspace';

/**
 * Known, distinctive secrets through the whole demo: set up, sync, every read channel, every report.
 * Afterwards the database file and its WAL, the logs, the exported reports and every contract response
 * are searched for them, raw and in the forms they travel in (Basic auth). Zero hits allowed.
 */
let sb: RunningSandboxes;
let data: ReturnType<typeof makeTempDir>;
let client: CoreClient;
const secretsSeen = new Set<string>();
const responses: Array<{ channel: string; value: unknown }> = [];
const events: unknown[] = [];

/** The host's keychain, remembering every value it is handed (the workspace user-key secret too). */
function recordingStore(inner: SecretStore): SecretStore {
  return {
    ...inner,
    set: async (account, secret) => {
      secretsSeen.add(secret);
      await inner.set(account, secret);
    },
  };
}

async function call<C extends Channel>(channel: C, request: Requests[C]): Promise<Responses[C]> {
  const value = await client.call(channel, request);
  responses.push({ channel, value });
  return value;
}

/** The forms a secret can leak in: as is, as a Basic credential, URL-encoded. */
function needles(): Map<string, string> {
  const out = new Map<string, string>();
  const amp = DEMO_CREDENTIALS.amplitude;
  const mp = DEMO_CREDENTIALS.mixpanel;
  for (const secret of [
    amp.apiKey,
    amp.secretKey,
    mp.secret,
    mp.apiSecret,
    DEMO_CREDENTIALS.pendo.integrationKey,
    ...secretsSeen,
  ]) {
    out.set(secret, secret);
    out.set(encodeURIComponent(secret), `${secret} (URL-encoded)`);
  }
  out.set(Buffer.from(`${amp.apiKey}:${amp.secretKey}`).toString('base64'), 'Amplitude Basic credential');
  out.set(Buffer.from(`${mp.username}:${mp.secret}`).toString('base64'), 'Mixpanel Basic credential');
  return out;
}

function filesUnder(folder: string): string[] {
  if (!existsSync(folder)) return [];
  return readdirSync(folder, { recursive: true, encoding: 'utf8' })
    .map((name) => join(folder, name))
    .filter((path) => statSync(path).isFile());
}

function hitsIn(label: string, bytes: Buffer): string[] {
  const hits: string[] = [];
  for (const [needle, what] of needles()) if (bytes.includes(needle)) hits.push(`${what} in ${label}`);
  return hits;
}

beforeAll(async () => {
  sb = await startSmallSandboxes();
  data = makeTempDir('pulse-secrets-');
  const secrets = recordingStore(memorySecretStore('in-memory (test)'));
  client = await CoreClient.start({
    dataDir: data.path,
    host: 'test',
    secrets,
    keychain: { available: false, description: secrets.description, problem: null },
  });
  for (const name of ['sync.progress', 'data.changed', 'reports.progress', 'demo.progress'] as const) {
    client.on(name, (payload) => events.push(payload));
  }
});
afterAll(async () => {
  await client?.close();
  await sb?.close();
  data?.remove();
});

describe('secrets after the full demo run', () => {
  it('no secret in the database, its WAL, the logs, the exported reports or any contract response', async () => {
    const demo = await setUpDemoWorkspace({ call }, sb);
    expect(demo.runs.every((r) => r.outcome === 'succeeded')).toBe(true);
    expect(secretsSeen.size).toBeGreaterThanOrEqual(5);

    // Every read channel that takes no arguments, then the per-customer and per-connection ones.
    const noArgs = (Object.keys(channels) as Channel[]).filter(
      (c) =>
        channels[c].exposure === 'renderer' &&
        !['demo.remove', 'demo.start'].includes(c) &&
        channels[c].request.safeParse({}).success,
    );
    expect(noArgs.length).toBeGreaterThan(8);
    for (const channel of noArgs) await call(channel, {} as never);
    const portfolio = await call('metrics.portfolio', {});
    const first = portfolio.rows[0]?.customerId;
    expect(first).toBeTruthy();
    for (const connection of demo.connections) await call('connections.test', { connection: connection.id });
    await call('sync.runs', { connection: null, limit: 50 });

    const exportsDir = join(data.path, 'exported');
    for (const folder of ['portfolio-csv', 'account-csv']) mkdirSync(join(exportsDir, folder), { recursive: true });
    await call('reports.export', { kind: 'portfolio', format: 'csv', target: join(exportsDir, 'portfolio-csv') });
    await call('reports.export', { kind: 'portfolio', format: 'html', target: join(exportsDir, 'portfolio.html') });
    const customer = first as string;
    await call('metrics.customer', { customer });
    await call('health.get', { customer });
    await call('reports.export', { kind: 'account', customer, format: 'csv', target: join(exportsDir, 'account-csv') });
    await call('reports.export', { kind: 'account', customer, format: 'html', target: join(exportsDir, 'account.html') });
    expect(filesUnder(exportsDir).length).toBeGreaterThanOrEqual(3);

    // The WAL is read while the core still runs: closing checkpoints it away.
    const hits: string[] = [];
    for (const file of ['pulse.db', 'pulse.db-wal', 'pulse.db-shm']) {
      const path = join(data.path, file);
      if (existsSync(path)) hits.push(...hitsIn(file, readFileSync(path)));
    }
    expect(existsSync(join(data.path, 'pulse.db-wal'))).toBe(true);
    for (const path of filesUnder(join(data.path, 'logs'))) hits.push(...hitsIn(path, readFileSync(path)));
    for (const path of filesUnder(exportsDir)) hits.push(...hitsIn(path, readFileSync(path)));
    for (const path of filesUnder(join(data.path, 'exports'))) hits.push(...hitsIn(path, readFileSync(path)));
    for (const { channel, value } of responses)
      hits.push(...hitsIn(`response of ${channel}`, Buffer.from(JSON.stringify(value))));
    hits.push(...hitsIn('core events', Buffer.from(JSON.stringify(events))));
    expect(responses.length).toBeGreaterThan(noArgs.length);
    expect(filesUnder(join(data.path, 'logs')).length).toBeGreaterThan(0);
    expect(hits).toEqual([]);
  });
});

/**
 * A vendor (or a proxy in front of it) that echoes the caller's credentials in its error bodies, as
 * some real APIs do ("invalid key abc…"). What Pulse stores and shows from those answers is scrubbed.
 */
describe('vendor error messages are scrubbed of credentials', () => {
  let echo: Server;
  let echoUrl: string;
  beforeAll(async () => {
    echo = createServer((req, res) => {
      const body = JSON.stringify({
        error: `Invalid credentials: ${req.headers.authorization ?? ''} ${req.headers['x-pendo-integration-key'] ?? ''} for ${req.url}`,
      });
      res.writeHead(req.url?.includes('status500') ? 500 : 400, { 'content-type': 'application/json' });
      res.end(body);
    });
    await new Promise<void>((resolve) => echo.listen(0, '127.0.0.1', resolve));
    echoUrl = `http://127.0.0.1:${(echo.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => echo.close(() => resolve())));

  it('a test and a sync against a vendor echoing the key keep it out of results, run records and logs', async () => {
    const secret = 'echo-me-SECRET-7f3a9c2e41';
    const connection = await call('connections.create', {
      vendor: 'pendo',
      label: 'Echoing Pendo',
      region: 'us',
      baseUrl: echoUrl,
      settings: { subscriptionTimeZone: 'UTC' },
      secrets: { integrationKey: secret },
    });
    const tested = await call('connections.test', { connection: connection.id });
    let syncFailure: unknown = null;
    const runs = await call('sync.run', { connection: connection.id, full: false }).catch((error: unknown) => {
      syncFailure = error;
      return [];
    });
    const history = await call('sync.runs', { connection: connection.id, limit: 5 });
    const shown = JSON.stringify({ tested, runs, history, syncFailure });
    expect(shown).not.toContain(secret);
    expect(history[0]?.outcome).toBe('failed');
    // The message still says something useful about the answer.
    expect(history[0]?.errorMessage).toBeTruthy();
    const logs = filesUnder(join(data.path, 'logs'))
      .map((path) => readFileSync(path, 'utf8'))
      .join('\n');
    expect(logs).not.toContain(secret);
    for (const file of ['pulse.db', 'pulse.db-wal']) {
      const path = join(data.path, file);
      if (existsSync(path)) expect(readFileSync(path).includes(secret), file).toBe(false);
    }
  });
});
