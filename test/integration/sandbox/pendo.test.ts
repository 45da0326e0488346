import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningSandboxes } from '../../../src-main/core/demo';
import { aggregate, start } from './sandboxSetup';

const SAMPLES = '/work/shared/vendor-samples/pendo';
const sample = (f: string): unknown => JSON.parse(readFileSync(`${SAMPLES}/${f}`, 'utf8'));

describe('Pendo sandbox', () => {
  let sb: RunningSandboxes;
  beforeAll(async () => {
    sb = await start({ seed: 5, accounts: 15, days: 30 });
  });
  afterAll(async () => {
    await sb.close();
  });

  it('runs the sample requests and answers rows shaped like the samples', async () => {
    const req = sample('request-feature-events-aggregation.json') as { request: { pipeline: unknown[] } };
    const res = await aggregate(sb, req.request.pipeline);
    expect(res.status).toBe(200);
    const rows = ((await res.json()) as { results: Record<string, unknown>[] }).results;
    expect(rows.length).toBeGreaterThan(0);
    const sampleRow = (sample('feature-events-response.json') as { results: Record<string, unknown>[] }).results[0] ?? {};
    for (const r of rows) {
      expect(Object.keys(r).sort()).toEqual(Object.keys(sampleRow).sort());
      expect(r.appId).toBe(-323232);
    }
    // yesterday in New York: local midnight of 2025-03-14 = 04:00Z (EDT after the 2025-03-09 switch)
    expect(new Set(rows.map((r) => r.day))).toEqual(new Set([Date.parse('2025-03-14T04:00:00Z')]));

    const ev = sample('request-events-aggregation.json') as { request: { pipeline: unknown[] } };
    const grouped = ((await (await aggregate(sb, ev.request.pipeline)).json()) as { results: Record<string, unknown>[] }).results;
    expect(Object.keys(grouped[0] ?? {}).sort()).toEqual(['accountId', 'day', 'totalEvents', 'totalTime', 'visitorId']);
    const sorted = [...grouped].sort(
      (a, b) => String(a.accountId).localeCompare(String(b.accountId)) || Number(a.totalTime) - Number(b.totalTime),
    );
    expect(grouped.map((g) => g.accountId)).toEqual(sorted.map((g) => g.accountId));
  });

  it('buckets days at New York local midnights across the DST change', async () => {
    const rows = (
      (await (
        await aggregate(sb, [
          {
            source: { pageEvents: null, timeSeries: { period: 'dayRange', first: Date.parse('2025-03-07T12:00:00Z'), count: 4 } },
          },
          { group: { group: ['day'], fields: { n: { sum: 'numEvents' } } } },
          { sort: ['day'] },
        ])
      ).json()) as { results: { day: number; n: number }[] }
    ).results;
    expect(rows.map((r) => new Date(r.day).toISOString())).toEqual([
      '2025-03-07T05:00:00.000Z',
      '2025-03-08T05:00:00.000Z',
      '2025-03-09T05:00:00.000Z',
      '2025-03-10T04:00:00.000Z',
    ]);
  });

  it('supports keyset paging of visitors, counts, filters, reduce and now() arithmetic', async () => {
    const seen: string[] = [];
    let last = '';
    for (;;) {
      const page = (
        (await (
          await aggregate(sb, [
            { source: { visitors: null } },
            { filter: `visitorId>"${last}"` },
            { sort: ['visitorId'] },
            { limit: 25 },
          ])
        ).json()) as { results: { visitorId: string; metadata: { auto: Record<string, unknown> } }[] }
      ).results;
      seen.push(...page.map((v) => v.visitorId));
      if (page.length < 25) break;
      last = page[page.length - 1]?.visitorId ?? '';
    }
    const count = (
      (await (await aggregate(sb, [{ source: { visitors: null } }, { count: null }])).json()) as { results: { count: number }[] }
    ).results;
    expect(count).toEqual([{ count: seen.length }]);
    expect(new Set(seen).size).toBe(seen.length);
    const vs = (
      (await (await aggregate(sb, [{ source: { visitors: null } }, { limit: 1 }])).json()) as {
        results: { metadata: Record<string, Record<string, unknown>> }[];
      }
    ).results[0];
    const sampleAuto =
      (sample('visitors-response.json') as { results: { metadata: { auto: object } }[] }).results[0]?.metadata.auto ?? {};
    expect(Object.keys(vs?.metadata.auto ?? {}).sort()).toEqual(Object.keys(sampleAuto).sort());
    for (const k of Object.keys(vs?.metadata.auto ?? {})) expect(k).toBe(k.toLowerCase());

    const red = (
      (await (
        await aggregate(sb, [
          {
            source: { events: null, timeSeries: { period: 'dayRange', first: 'now() - 7 * 24 * 60 * 60 * 1000', last: 'now()' } },
          },
          { filter: `day>=${Date.parse('2025-03-10T00:00:00Z')} && numEvents>0` },
          { reduce: { uniqueVisitors: { count: 'visitorId' }, total: { sum: 'numEvents' } } },
        ])
      ).json()) as { results: { uniqueVisitors: number; total: number }[] }
    ).results;
    expect(red[0]?.uniqueVisitors).toBeGreaterThan(0);
    expect(red[0]?.total).toBeGreaterThan(red[0]?.uniqueVisitors ?? 0);
  });

  it('serves guide events, catalogues and rejects a bad key with 403', async () => {
    const guides = (await (
      await fetch(`${sb.pendo.baseUrl}/api/v1/guide`, { headers: { 'X-Pendo-Integration-Key': sb.pendo.integrationKey } })
    ).json()) as { id: string; steps: unknown[] }[];
    expect(Array.isArray(guides)).toBe(true);
    expect(guides.length).toBeGreaterThanOrEqual(3);
    const features = (await (
      await fetch(`${sb.pendo.baseUrl}/api/v1/feature`, { headers: { 'x-pendo-integration-key': sb.pendo.integrationKey } })
    ).json()) as { id: string; name: string }[];
    expect(features.length).toBeGreaterThanOrEqual(12);
    const pages = (await (
      await fetch(`${sb.pendo.baseUrl}/api/v1/page`, { headers: { 'x-pendo-integration-key': sb.pendo.integrationKey } })
    ).json()) as unknown[];
    expect(pages.length).toBeGreaterThan(0);
    const ge = (
      (await (
        await aggregate(sb, [{ source: { guideEvents: null, timeSeries: { period: 'dayRange', first: 'now()', count: -30 } } }])
      ).json()) as { results: Record<string, unknown>[] }
    ).results;
    expect(new Set(ge.map((g) => g.type))).toEqual(new Set(['guideSeen', 'guideAdvanced', 'guideDismissed']));
    expect(guides.map((g) => g.id)).toEqual(expect.arrayContaining([...new Set(ge.map((g) => String(g.guideId)))]));
    expect((await fetch(`${sb.pendo.baseUrl}/api/v1/feature`)).status).toBe(403);
    expect((await fetch(`${sb.pendo.baseUrl}/api/v1/feature`, { headers: { 'x-pendo-integration-key': 'wrong' } })).status).toBe(
      403,
    );
  });
});
