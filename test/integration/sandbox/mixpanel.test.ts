import { readFileSync } from 'node:fs';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningSandboxes } from '../../../src-main/core/demo';
import { basic, mpAuth, start } from './sandboxSetup';

const SAMPLES = '/work/shared/vendor-samples/mixpanel';
const sample = (f: string): unknown => JSON.parse(readFileSync(`${SAMPLES}/${f}`, 'utf8'));

describe('Mixpanel sandbox', () => {
  let sb: RunningSandboxes;
  let pid: number;
  beforeAll(async () => {
    sb = await start({ seed: 11, accounts: 15, days: 30, mixpanelQueryLimitPerHour: 1000, mixpanelExportLimitPerSecond: 100 });
    pid = sb.mixpanel.projectId;
  });
  afterAll(async () => {
    await sb.close();
  });

  it('exports JSON lines shaped like the real export, plain and gzip', async () => {
    const url = `${sb.mixpanel.baseUrl}/api/2.0/export?from_date=2025-03-10&to_date=2025-03-10&project_id=${pid}`;
    const plain = await fetch(url, { headers: mpAuth(sb) });
    expect(plain.status).toBe(200);
    const text = await plain.text();
    const lines = text.trim().split('\n');
    expect(lines.length).toBeGreaterThan(50);
    const real = JSON.parse(readFileSync(`${SAMPLES}/export-sample.jsonl`, 'utf8').split('\n')[0] ?? '{}') as {
      properties: Record<string, unknown>;
    };
    for (const line of lines) {
      const ev = JSON.parse(line) as { event: string; properties: Record<string, unknown> };
      expect(Object.keys(ev)).toEqual(['event', 'properties']);
      for (const k of ['time', 'distinct_id', '$insert_id', 'mp_processing_time_ms', '$browser', '$mp_api_endpoint', 'mp_lib']) {
        expect(ev.properties, k).toHaveProperty(k);
        expect(typeof ev.properties[k]).toBe(typeof real.properties[k]);
      }
      const t = ev.properties.time as number;
      expect(t).toBeLessThan(1e10); // seconds
      expect(new Date(t * 1000).toISOString().slice(0, 10)).toBe('2025-03-10');
      expect(typeof ev.properties.company_id).toBe('string');
    }
    // gzip on request (fetch decodes transparently; check the header with a raw request via node:zlib)
    const gz = await fetch(url, { headers: { ...mpAuth(sb), 'accept-encoding': 'gzip' } });
    expect(gz.headers.get('content-encoding')).toBe('gzip');
    expect((await gz.text()).trim().split('\n').length).toBe(lines.length);
    void zlib;
  });

  it('enforces auth, project_id for service accounts, accepts the legacy secret, and rejects future to_date', async () => {
    const base = `${sb.mixpanel.baseUrl}/api/2.0/export?from_date=2025-03-10&to_date=2025-03-10`;
    expect((await fetch(base, { headers: mpAuth(sb) })).status).toBe(400);
    const wrong = await fetch(`${base}&project_id=${pid}`, { headers: { authorization: basic('x.mp-service-account', 'bad') } });
    expect(wrong.status).toBe(401);
    expect(Object.keys((await wrong.json()) as object).sort()).toEqual(['error', 'request']);
    const legacy = await fetch(base, {
      headers: { authorization: `Basic ${Buffer.from(`${sb.mixpanel.apiSecret}:`).toString('base64')}` },
    });
    expect(legacy.status).toBe(200);
    await legacy.text();
    const future = await fetch(
      `${sb.mixpanel.baseUrl}/api/2.0/export?from_date=2025-03-10&to_date=2025-03-16&project_id=${pid}`,
      { headers: mpAuth(sb) },
    );
    expect(future.status).toBe(400);
    expect(((await future.json()) as { error: string }).error).toBe('to_date cannot be later than today');
  });

  it('pages engage with session_id and page, for users and group profiles, from query or form body', async () => {
    const all: string[] = [];
    let page = 0;
    let session: string | undefined;
    for (;;) {
      const body = new URLSearchParams({ page_size: '7', page: String(page), ...(session ? { session_id: session } : {}) });
      const res = await fetch(`${sb.mixpanel.baseUrl}/api/query/engage?project_id=${pid}`, {
        method: 'POST',
        headers: { ...mpAuth(sb), 'content-type': 'application/x-www-form-urlencoded' },
        body,
      });
      expect(res.status).toBe(200);
      const j = (await res.json()) as {
        page: number;
        page_size: number;
        session_id: string;
        results: { $distinct_id: string; $properties: Record<string, unknown> }[];
        total: number;
        status: string;
      };
      expect(Object.keys(j).sort()).toEqual(Object.keys(sample('engage-response.json') as object).sort());
      if (session) expect(j.session_id).toBe(session);
      session = j.session_id;
      all.push(...j.results.map((r) => r.$distinct_id));
      if (j.results.length < j.page_size) break;
      page++;
    }
    expect(new Set(all).size).toBe(all.length);
    expect(all.length).toBeGreaterThan(7);
    const noSession = await fetch(`${sb.mixpanel.baseUrl}/api/2.0/engage?project_id=${pid}&page=1`, { headers: mpAuth(sb) });
    expect(noSession.status).toBe(400);
    const groups = (await (
      await fetch(`${sb.mixpanel.baseUrl}/api/2.0/engage?project_id=${pid}&data_group_id=${sb.mixpanel.companyDataGroupId}`, {
        headers: mpAuth(sb),
      })
    ).json()) as { results: { $distinct_id: string }[] };
    const companies = sb.portfolio.customers
      .filter((c) => c.vendorIds.mixpanel)
      .map((c) => c.vendorIds.mixpanel)
      .sort();
    expect(groups.results.map((r) => r.$distinct_id)).toEqual(companies);
  });

  it('serves funnels, cohorts, retention, segmentation and insights in the sample shapes', async () => {
    const q = (path: string): Promise<Response> =>
      fetch(`${sb.mixpanel.baseUrl}${path}${path.includes('?') ? '&' : '?'}project_id=${pid}`, { headers: mpAuth(sb) });
    const list = (await (await q('/api/query/funnels/list')).json()) as { funnel_id: number; name: string }[];
    expect(list.length).toBeGreaterThan(0);
    const fr = (await (
      await q(`/api/2.0/funnels?funnel_id=${list[0]?.funnel_id}&from_date=2025-02-20&to_date=2025-03-10&unit=week`)
    ).json()) as {
      meta: { dates: string[] };
      data: Record<string, { steps: Record<string, unknown>[]; analysis: object }>;
    };
    const sf = sample('funnels-response.json') as {
      data: Record<string, { steps: Record<string, unknown>[]; analysis: object }>;
    };
    const sampleDay = Object.values(sf.data)[0];
    const day = fr.data[fr.meta.dates[0] ?? ''];
    expect(Object.keys(day?.analysis ?? {}).sort()).toEqual(Object.keys(sampleDay?.analysis ?? {}).sort());
    expect(Object.keys(day?.steps[0] ?? {}).sort()).toEqual(Object.keys(sampleDay?.steps[0] ?? {}).sort());
    const cohorts = (await (await q('/api/query/cohorts/list')).json()) as Record<string, unknown>[];
    const sc = (sample('cohorts-list-response.json') as Record<string, unknown>[])[0] ?? {};
    for (const k of Object.keys(sc)) expect(cohorts[0]).toHaveProperty(k);
    expect(String(cohorts[0]?.created)).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    const ret = (await (
      await q('/api/query/retention?from_date=2025-03-01&to_date=2025-03-03&born_event=Project%20Opened')
    ).json()) as Record<string, { counts: number[]; first: number }>;
    expect(Object.keys(ret)).toEqual(['2025-03-01', '2025-03-02', '2025-03-03']);
    expect(ret['2025-03-01']).toHaveProperty('counts');
    const seg = (await (
      await q('/api/2.0/segmentation?event=Project%20Opened&from_date=2025-03-01&to_date=2025-03-03')
    ).json()) as { data: { series: string[]; values: Record<string, Record<string, number>> }; legend_size: number };
    expect(seg.data.series).toEqual(['2025-03-01', '2025-03-02', '2025-03-03']);
    expect(seg.legend_size).toBe(1);
    const ins = (await (await q('/api/query/insights?bookmark_id=44001')).json()) as Record<string, unknown>;
    expect(Object.keys(ins).sort()).toEqual(Object.keys(sample('insights-response.json') as object).sort());
    const key = Object.keys(Object.values(ins.series as Record<string, Record<string, number>>)[0] ?? {})[0];
    expect(key).toMatch(/^\d{4}-\d{2}-\d{2}T00:00:00\+00:00$/);
  });

  it('answers the query rate limit with the real 429 body', async () => {
    const limited = await start({ seed: 11, accounts: 5, days: 10, mixpanelQueryLimitPerHour: 3 });
    try {
      const url = `${limited.mixpanel.baseUrl}/api/2.0/funnels/list?project_id=${limited.mixpanel.projectId}`;
      for (let i = 0; i < 3; i++) expect((await fetch(url, { headers: mpAuth(limited) })).status).toBe(200);
      const res = await fetch(url, { headers: mpAuth(limited) });
      expect(res.status).toBe(429);
      const body = (await res.json()) as { request: string; error: string };
      expect(Object.keys(body).sort()).toEqual(Object.keys(sample('error-429-query-rate-limit.json') as object).sort());
      expect(body.request).toBe(`/api/2.0/funnels/list?project_id=${limited.mixpanel.projectId}`);
      expect(body.error).toMatch(
        /^Query rate limit exceeded for project_id: \d+\. \d+\/5 queries running concurrently and 4\/3 queries running in the last hour\. For more information/,
      );
    } finally {
      await limited.close();
    }
  });
});
