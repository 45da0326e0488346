import { readFileSync } from 'node:fs';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningSandboxes } from '../../../src-main/core/demo';
import { ampAuth, basic, start } from './sandboxSetup';
import { readZip } from './zipReader';

const SAMPLES = '/work/shared/vendor-samples/amplitude';
const sample = (f: string): unknown => JSON.parse(readFileSync(`${SAMPLES}/${f}`, 'utf8'));
const TS = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{6}$/;

describe('Amplitude sandbox', () => {
  let sb: RunningSandboxes;
  beforeAll(async () => {
    sb = await start({ seed: 7, accounts: 12, days: 30 });
  });
  afterAll(async () => {
    await sb.close();
  });

  it('exports a zip of gzip JSON lines named like the real export, with the sample key set', async () => {
    const res = await fetch(`${sb.amplitude.baseUrl}/api/2/export?start=20250310T00&end=20250311T23`, { headers: ampAuth(sb) });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/zip');
    const entries = readZip(Buffer.from(await res.arrayBuffer()));
    const files = entries.filter((e) => !e.name.endsWith('/'));
    expect(files.length).toBeGreaterThan(10);
    const pid = sb.amplitude.projectId;
    const pattern = new RegExp(`^${pid}/${pid}_(\\d{4}-\\d{2}-\\d{2})_(\\d{1,2})#(\\d+)\\.json\\.gz$`);
    const sampleKeys = Object.keys(sample('export-event-raw-redacted.json') as object).sort();
    for (const e of files) {
      const m = pattern.exec(e.name);
      expect(m, e.name).not.toBeNull();
      expect(m?.[2]).toBe(String(Number(m?.[2]))); // hour not zero-padded
      const lines = zlib.gunzipSync(e.data).toString('utf8').trim().split('\n');
      for (const line of lines) {
        const ev = JSON.parse(line) as Record<string, unknown>;
        expect(Object.keys(ev).sort()).toEqual(sampleKeys);
        for (const k of [
          'event_time',
          'server_upload_time',
          'client_event_time',
          'server_received_time',
          'processed_time',
          'user_creation_time',
        ]) {
          expect(ev[k]).toMatch(TS);
        }
        // the entry's hour bucket is the server_upload_time hour
        const up = String(ev.server_upload_time);
        expect(up.slice(0, 10)).toBe(m?.[1]);
        expect(Number(up.slice(11, 13))).toBe(Number(m?.[2]));
        expect(typeof ev.session_id).toBe('number');
        expect(Object.keys(ev.groups as object)).toEqual(['company']);
      }
    }
    // directory entry present, partitions not sequential from 0
    expect(entries.some((e) => e.name === `${pid}/`)).toBe(true);
    expect(files.some((e) => /#0\.json\.gz$/.test(e.name))).toBe(false);
  });

  it('answers 404 for an empty range, 400 for bad params, >365 days, and the size limit', async () => {
    const h = ampAuth(sb);
    const empty = await fetch(`${sb.amplitude.baseUrl}/api/2/export?start=20200101T00&end=20200101T05`, { headers: h });
    expect(empty.status).toBe(404);
    // the last two hours are not exportable yet
    const recent = await fetch(`${sb.amplitude.baseUrl}/api/2/export?start=20250315T14&end=20250315T15`, { headers: h });
    expect(recent.status).toBe(404);
    expect((await fetch(`${sb.amplitude.baseUrl}/api/2/export?start=2025-03-10&end=20250311T23`, { headers: h })).status).toBe(
      400,
    );
    expect((await fetch(`${sb.amplitude.baseUrl}/api/2/export?start=20230101T00&end=20250311T23`, { headers: h })).status).toBe(
      400,
    );
    const small = await start({ seed: 7, accounts: 12, days: 30, amplitudeExportSizeLimitBytes: 1000 });
    try {
      const big = await fetch(`${small.amplitude.baseUrl}/api/2/export?start=20250301T00&end=20250311T23`, {
        headers: ampAuth(small),
      });
      expect(big.status).toBe(400);
    } finally {
      await small.close();
    }
  });

  it('rejects wrong keys and the wrong region with 403 and the dashboard error envelope', async () => {
    const wrong = await fetch(`${sb.amplitude.baseUrl}/api/2/users?start=20250301&end=20250305`, {
      headers: { authorization: basic('nope', 'nope') },
    });
    expect(wrong.status).toBe(403);
    const body = (await wrong.json()) as { error: Record<string, unknown> };
    expect(Object.keys(body.error).sort()).toEqual(
      Object.keys((sample('error-400-dashboard.json') as { error: object }).error).sort(),
    );
    const eu = await fetch(`${sb.amplitude.euBaseUrl}/api/2/export?start=20250310T00&end=20250310T01`, { headers: ampAuth(sb) });
    expect(eu.status).toBe(403);
    const none = await fetch(`${sb.amplitude.baseUrl}/api/2/users?start=20250301&end=20250305`);
    expect(none.status).toBe(401);
  });

  it('serves /api/2/users, segmentation, funnels and retention in the documented shapes', async () => {
    const h = ampAuth(sb);
    const users = (await (
      await fetch(`${sb.amplitude.baseUrl}/api/2/users?start=20250301&end=20250307&m=active&i=1`, { headers: h })
    ).json()) as {
      data: { series: number[][]; seriesMeta: unknown[]; seriesLabels: unknown[]; xValues: string[] };
    };
    const sampleUsers = sample('dashboard-users-response.json') as { data: object };
    for (const k of Object.keys(sampleUsers.data)) expect(users.data).toHaveProperty(k);
    expect(users.data.seriesLabels).toBeDefined();
    expect(users.data.xValues).toEqual([
      '2025-03-01',
      '2025-03-02',
      '2025-03-03',
      '2025-03-04',
      '2025-03-05',
      '2025-03-06',
      '2025-03-07',
    ]);
    expect(users.data.series[0]?.length).toBe(7);
    expect(users.data.series[0]?.some((n) => n > 0)).toBe(true);

    const e = encodeURIComponent(JSON.stringify({ event_type: '[Amplitude] Page Viewed' }));
    const seg = (await (
      await fetch(`${sb.amplitude.baseUrl}/api/2/events/segmentation?e=${e}&start=20250301&end=20250307&m=totals`, { headers: h })
    ).json()) as {
      data: { series: number[][]; seriesCollapsed: { value: number }[][]; xValues: string[] };
    };
    expect(seg.data.series[0]?.length).toBe(7);
    expect(seg.data.seriesCollapsed[0]?.[0]?.value).toBe(seg.data.series[0]?.reduce((a, b) => a + b, 0));

    const steps = ['Signed Up', 'Created Project']
      .map((s) => `e=${encodeURIComponent(JSON.stringify({ event_type: s }))}`)
      .join('&');
    const fun = (await (
      await fetch(`${sb.amplitude.baseUrl}/api/2/funnels?${steps}&start=20250215&end=20250310`, { headers: h })
    ).json()) as { data: Record<string, unknown>[] };
    const sampleFun = (sample('dashboard-funnels-response.json') as { data: Record<string, unknown>[] }).data[0] ?? {};
    expect(Object.keys(fun.data[0] ?? {}).sort()).toEqual(Object.keys(sampleFun).sort());

    const ret = await fetch(
      `${sb.amplitude.baseUrl}/api/2/retention?se=${encodeURIComponent('{"event_type":"_active"}')}&re=${encodeURIComponent('{"event_type":"_active"}')}&start=20250301&end=20250303`,
      { headers: h },
    );
    expect(ret.status).toBe(200);
    const rj = (await ret.json()) as {
      data: { series: { dates: string[]; values: Record<string, { count: number; outof: number }[]> }[] };
    };
    expect(rj.data.series[0]?.dates).toEqual(['Mar 3', 'Mar 2', 'Mar 1']);
    expect(rj.data.series[0]?.values['Mar 1']?.[0]?.count).toBeGreaterThan(0);

    const bad = await fetch(`${sb.amplitude.baseUrl}/api/2/users?start=2025&end=20250307`, { headers: h });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { http_code: number } }).error.http_code).toBe(400);
  });

  it('runs the async cohort download flow', async () => {
    const h = ampAuth(sb);
    const list = (await (await fetch(`${sb.amplitude.baseUrl}/api/3/cohorts`, { headers: h })).json()) as {
      cohorts: Record<string, unknown>[];
    };
    const sampleCohort = (sample('cohorts-list-response.json') as { cohorts: Record<string, unknown>[] }).cohorts[0] ?? {};
    const expectedKeys = Object.keys(sampleCohort)
      .filter((k) => k !== 'syncMetadata')
      .sort();
    expect(Object.keys(list.cohorts[0] ?? {}).sort()).toEqual(expectedKeys);
    const id = String(list.cohorts[0]?.id);
    const req = await fetch(`${sb.amplitude.baseUrl}/api/5/cohorts/request/${id}?props=0`, { headers: h });
    expect(req.status).toBe(202);
    const { request_id } = (await req.json()) as { request_id: string };
    const s1 = await fetch(`${sb.amplitude.baseUrl}/api/5/cohorts/request-status/${request_id}`, { headers: h });
    expect(s1.status).toBe(202);
    expect(((await s1.json()) as { async_status: string }).async_status).toBe('JOB INPROGRESS');
    const s2 = await fetch(`${sb.amplitude.baseUrl}/api/5/cohorts/request-status/${request_id}`, { headers: h });
    expect(s2.status).toBe(200);
    expect(((await s2.json()) as { async_status: string }).async_status).toBe('JOB COMPLETED');
    const file = await fetch(`${sb.amplitude.baseUrl}/api/5/cohorts/request/${request_id}/file`, { headers: h });
    expect(file.status).toBe(200);
    const csv = await file.text();
    expect(csv.split('\n')[0]).toBe('amplitude_id,user_id');
    expect(csv.trim().split('\n').length - 1).toBe(list.cohorts[0]?.size);
  });

  it('answers 429 past 5 concurrent requests', async () => {
    const h = ampAuth(sb);
    // five whole-history exports whose bodies we do not read stay in flight (backpressure)
    const open = await Promise.all(
      Array.from({ length: 5 }, () =>
        fetch(`${sb.amplitude.baseUrl}/api/2/export?start=20250213T00&end=20250315T23`, { headers: h }),
      ),
    );
    expect(open.every((r) => r.status === 200)).toBe(true);
    const sixth = await fetch(`${sb.amplitude.baseUrl}/api/2/users?start=20250301&end=20250302`, { headers: h });
    expect(sixth.status).toBe(429);
    expect(((await sixth.json()) as { error: { http_code: number } }).error.http_code).toBe(429);
    await Promise.all(open.map((r) => r.body?.cancel()));
    await new Promise((r) => setTimeout(r, 100));
    const after = await fetch(`${sb.amplitude.baseUrl}/api/2/users?start=20250301&end=20250302`, { headers: h });
    expect(after.status).toBe(200);
  });
});
