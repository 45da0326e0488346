import { PassThrough } from 'node:stream';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sandboxCommand } from '../../../src-main/cli/commands/sandbox';
import type { RunningSandboxes } from '../../../src-main/core/demo';
import { aggregate, ampAuth, mpAuth, start } from './sandboxSetup';

describe('fault toggles', () => {
  let sb: RunningSandboxes;
  beforeAll(async () => {
    sb = await start({ seed: 3, accounts: 8, days: 15, mixpanelExportLimitPerSecond: 1000, mixpanelQueryLimitPerHour: 1000 });
  });
  afterAll(async () => {
    await sb.close();
  });

  it('429 with Retry-After and 5xx for the next N requests, set over HTTP', async () => {
    const set = await fetch(`${sb.baseUrl}/__sandbox/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ faults: [{ kind: 'rateLimit', vendor: 'mixpanel', count: 2, retryAfterSeconds: 3 }] }),
    });
    expect(set.status).toBe(200);
    const url = `${sb.mixpanel.baseUrl}/api/query/cohorts/list?project_id=${sb.mixpanel.projectId}`;
    for (let i = 0; i < 2; i++) {
      const r = await fetch(url, { headers: mpAuth(sb) });
      expect(r.status).toBe(429);
      expect(r.headers.get('retry-after')).toBe('3');
      expect(Object.keys((await r.json()) as object).sort()).toEqual(['error', 'request']);
    }
    expect((await fetch(url, { headers: mpAuth(sb) })).status).toBe(200);
    sb.setFaults([{ kind: 'serverError', vendor: 'pendo', status: 502, count: 1 }]);
    expect((await aggregate(sb, [{ source: { accounts: null } }])).status).toBe(502);
    expect((await aggregate(sb, [{ source: { accounts: null } }])).status).toBe(200);
  });

  it('truncates bodies, drops connections, answers HTML 200 and wrong shapes', async () => {
    sb.setFaults([{ kind: 'truncate', vendor: 'amplitude', bytes: 1000 }]);
    const t = await fetch(`${sb.amplitude.baseUrl}/api/2/export?start=20250305T00&end=20250306T23`, { headers: ampAuth(sb) });
    expect((await t.arrayBuffer()).byteLength).toBe(1000);
    sb.setFaults([{ kind: 'drop', vendor: 'mixpanel', bytes: 5000 }]);
    const d = await fetch(
      `${sb.mixpanel.baseUrl}/api/2.0/export?from_date=2025-03-01&to_date=2025-03-10&project_id=${sb.mixpanel.projectId}`,
      { headers: mpAuth(sb) },
    );
    await expect(d.text()).rejects.toThrow();
    sb.setFaults([{ kind: 'html200', vendor: 'pendo' }]);
    const h = await aggregate(sb, [{ source: { accounts: null } }]);
    expect(h.status).toBe(200);
    expect(h.headers.get('content-type')).toContain('text/html');
    sb.setFaults([{ kind: 'wrongShape', vendor: 'amplitude' }]);
    const w = await fetch(`${sb.amplitude.baseUrl}/api/2/users?start=20250301&end=20250302`, { headers: ampAuth(sb) });
    expect((await w.json()) as object).not.toHaveProperty('data');
  });

  it('Mixpanel quirks: terminated early, split lines, malformed lines; slow responses', async () => {
    const url = `${sb.mixpanel.baseUrl}/api/2.0/export?from_date=2025-03-05&to_date=2025-03-05&project_id=${sb.mixpanel.projectId}`;
    sb.setFaults([
      { kind: 'terminatedEarly', vendor: 'mixpanel' },
      { kind: 'splitLine', vendor: 'mixpanel' },
    ]);
    const lines = (await (await fetch(url, { headers: mpAuth(sb) })).text()).trim().split('\n');
    expect(lines[lines.length - 1]).toBe('terminated early');
    const bad = lines.filter((l) => {
      try {
        JSON.parse(l);
        return false;
      } catch {
        return true;
      }
    });
    expect(bad.length).toBe(3); // two halves + the trailer
    sb.setFaults([{ kind: 'malformed', vendor: 'amplitude' }]);
    const z = await fetch(`${sb.amplitude.baseUrl}/api/2/export?start=20250305T00&end=20250305T23`, { headers: ampAuth(sb) });
    expect(z.status).toBe(200);
    sb.setFaults([{ kind: 'delay', vendor: 'pendo', delayMs: 400 }]);
    const t0 = performance.now();
    await (
      await fetch(`${sb.pendo.baseUrl}/api/v1/page`, { headers: { 'x-pendo-integration-key': sb.pendo.integrationKey } })
    ).text();
    expect(performance.now() - t0).toBeGreaterThanOrEqual(390);
    const stats = (await (await fetch(`${sb.baseUrl}/__sandbox/stats`)).json()) as {
      total: number;
      byVendor: Record<string, number>;
    };
    expect(stats.byVendor.pendo).toBeGreaterThan(0);
    expect(sb.requestCounts().total).toBe(stats.total);
    void zlib;
  });

  it('pulse sandbox --json prints one JSON object first and stays up until interrupted', async () => {
    const stdout = new PassThrough();
    let out = '';
    stdout.on('data', (c: Buffer) => {
      out += c.toString();
    });
    let stop: () => void = () => {};
    const interrupted = new Promise<void>((r) => {
      stop = r;
    });
    const run = sandboxCommand.run(['--seed', '4', '--accounts', '5', '--days', '10', '--json'], {
      stdout,
      stderr: new PassThrough(),
      stdin: new PassThrough(),
      env: {},
      dataDir: '/tmp',
      interrupted,
    });
    for (let i = 0; i < 100 && !out.includes('\n'); i++) await new Promise((r) => setTimeout(r, 50));
    const first = JSON.parse(out.split('\n')[0] ?? '') as {
      amplitude: { baseUrl: string; apiKey: string; secretKey: string };
      mixpanel: { baseUrl: string; projectId: number; username: string; secret: string };
      pendo: { baseUrl: string; integrationKey: string };
    };
    const res = await fetch(`${first.pendo.baseUrl}/api/v1/feature`, {
      headers: { 'x-pendo-integration-key': first.pendo.integrationKey },
    });
    expect(res.status).toBe(200);
    expect(first.mixpanel.username).toMatch(/\.mp-service-account$/);
    expect(first.amplitude.apiKey).toBeTruthy();
    stop();
    expect(await run).toBe(0);
  });
});
