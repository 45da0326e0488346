import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseChartCsv } from '../../../src-main/core/connectors/amplitude/savedChart';
import { parseInsights } from '../../../src-main/core/connectors/mixpanel/insights';
import type { RunningSandboxes } from '../../../src-main/core/demo';
import { accountDayEvents } from '../../../src-main/core/demo/portfolio/events';
import { DAY_MS, ymd } from '../../../src-main/core/demo/portfolio/timeline';
import { mixpanelEventName } from '../../../src-main/core/demo/sandbox/mixpanelExport';
import { ampAuth, mpAuth, start } from './sandboxSetup';

const SAMPLES = '/work/shared/vendor-samples';
const sample = (f: string): Record<string, unknown> => JSON.parse(readFileSync(`${SAMPLES}/${f}`, 'utf8'));

/** Saved reports in the sandboxes: Mixpanel insights by bookmark id, Amplitude saved charts by chart id. */
describe('saved report endpoints of the sandboxes', () => {
  let sb: RunningSandboxes;
  beforeAll(async () => {
    sb = await start({ seed: 5, accounts: 8, days: 40, mixpanelQueryLimitPerHour: 1000 });
  });
  afterAll(async () => {
    await sb.close();
  });
  const mp = (path: string): Promise<Response> =>
    fetch(`${sb.mixpanel.baseUrl}${path}&project_id=${sb.mixpanel.projectId}`, { headers: mpAuth(sb) });

  it('Mixpanel insights without a breakdown has the sample keys, ISO keys with the offset, and parses', async () => {
    const body = (await (await mp('/api/query/insights?bookmark_id=44001')).json()) as Record<string, unknown>;
    const real = sample('mixpanel/insights-response.json');
    expect(Object.keys(body).sort()).toEqual(Object.keys(real).sort());
    expect(Object.keys(body.date_range as object).sort()).toEqual(Object.keys(real.date_range as object).sort());
    expect(body.headers).toEqual(['$event']);
    const parsed = parseInsights(body, '44001');
    expect(parsed.breakdown).toBeNull();
    expect(parsed.points.length).toBe(14);
    expect(parsed.points.every((p) => p.segment === '' && /^\d{4}-\d{2}-\d{2}$/.test(p.day))).toBe(true);
    // The real sample parses the same way (two series × two dates).
    expect(parseInsights(real, 'sample').points).toContainEqual({
      series: 'Logged in',
      segment: '',
      day: '2020-08-31',
      value: 9852,
    });
  });

  it('Mixpanel insights broken down by company nests one series per account with $overall, counted from the generator', async () => {
    const body = (await (await mp('/api/query/insights?bookmark_id=44003')).json()) as {
      headers: string[];
      series: Record<string, Record<string, Record<string, number>>>;
    };
    expect(body.headers).toEqual(['$event', 'company_id']);
    const byValue = body.series['Task Created'] ?? {};
    expect(Object.keys(byValue)).toContain('$overall');
    const p = sb.portfolio;
    const d0 = p.todayIndex - 29;
    const expected = new Map<string, number>();
    for (const c of p.customers) {
      const id = c.vendorIds.mixpanel;
      if (!id) continue;
      for (let d = d0; d <= p.todayIndex; d++) {
        for (const ev of accountDayEvents(p, c.index, d)) {
          if (ev.upload > p.now || mixpanelEventName(ev) !== 'Task Created') continue;
          const k = `${id}|${ymd(p.startMs + d * DAY_MS)}`;
          expected.set(k, (expected.get(k) ?? 0) + 1);
        }
      }
    }
    const parsed = parseInsights(body, '44003');
    expect(parsed.breakdown).toBe('company_id');
    const got = new Map<string, number>();
    for (const pt of parsed.points) if (pt.segment !== '' && pt.value > 0) got.set(`${pt.segment}|${pt.day}`, pt.value);
    expect(got).toEqual(expected);
    const overall = parsed.points.filter((pt) => pt.segment === '').reduce((s, pt) => s + pt.value, 0);
    expect(overall).toBe([...expected.values()].reduce((s, v) => s + v, 0));
  });

  it('Mixpanel insights with an unknown bookmark is a 400 with the real error body', async () => {
    const res = await mp('/api/query/insights?bookmark_id=999');
    expect(res.status).toBe(400);
    expect(Object.keys((await res.json()) as object).sort()).toEqual(['error', 'request']);
  });

  it('Amplitude saved chart CSV: title, header of dates, one row per segment; JSON /query has the same values', async () => {
    const csv = await fetch(`${sb.amplitude.baseUrl}/api/3/chart/e4f5g6h/csv`, { headers: ampAuth(sb) });
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toMatch(/text\/csv/);
    const text = await csv.text();
    const lines = text.split('\r\n');
    expect(lines[0]).toBe('"Reports exported by company (30 days)"');
    expect(lines[2]).toMatch(/^"Segment","\d{4}-\d{2}-\d{2}",/);
    const parsed = parseChartCsv(text, 'e4f5g6h');
    const accounts = new Set(sb.portfolio.customers.map((c) => c.vendorIds.amplitude).filter(Boolean));
    const segments = new Set(parsed.points.map((pt) => pt.segment));
    expect([...segments].every((s) => accounts.has(s))).toBe(true);

    const json = (await (await fetch(`${sb.amplitude.baseUrl}/api/3/chart/e4f5g6h/query`, { headers: ampAuth(sb) })).json()) as {
      data: { series: number[][]; seriesLabels: string[]; xValues: string[] };
    };
    const fromJson = json.data.seriesLabels.flatMap((label, i) =>
      json.data.xValues.map((day, j) => ({ segment: label, day, value: json.data.series[i]?.[j] })),
    );
    expect(parsed.points.map(({ segment, day, value }) => ({ segment, day, value }))).toEqual(fromJson);

    const ungrouped = parseChartCsv(
      await (await fetch(`${sb.amplitude.baseUrl}/api/3/chart/a1b2c3d/csv`, { headers: ampAuth(sb) })).text(),
      'a1b2c3d',
    );
    expect(ungrouped.breakdown).toBeNull();
    expect(ungrouped.points.length).toBe(30);
    expect(ungrouped.points.every((pt) => pt.segment === '')).toBe(true);
  });

  it('Amplitude answers an unknown chart with 404 and the error body, and wrong keys with 403', async () => {
    const missing = await fetch(`${sb.amplitude.baseUrl}/api/3/chart/nope/csv`, { headers: ampAuth(sb) });
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as { error: { http_code: number } }).error.http_code).toBe(404);
    const denied = await fetch(`${sb.amplitude.baseUrl}/api/3/chart/e4f5g6h/csv`, {
      headers: { authorization: `Basic ${Buffer.from('x:y').toString('base64')}` },
    });
    expect(denied.status).toBe(403);
  });
});
