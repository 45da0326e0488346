import { createHash } from 'node:crypto';
import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { generatePortfolio, groundTruth, type RunningSandboxes } from '../../../src-main/core/demo';
import { aggregate, ampAuth, FIXED_NOW, fixedClock, mpAuth, start } from './sandboxSetup';
import { readZip } from './zipReader';

async function amplitudeLines(sb: RunningSandboxes, startH: string, endH: string): Promise<Record<string, unknown>[]> {
  const res = await fetch(`${sb.amplitude.baseUrl}/api/2/export?start=${startH}&end=${endH}`, { headers: ampAuth(sb) });
  if (res.status === 404) return [];
  expect(res.status).toBe(200);
  const out: Record<string, unknown>[] = [];
  for (const e of readZip(Buffer.from(await res.arrayBuffer()))) {
    if (e.name.endsWith('/')) continue;
    for (const line of zlib.gunzipSync(e.data).toString('utf8').split('\n'))
      if (line) out.push(JSON.parse(line) as Record<string, unknown>);
  }
  return out;
}

describe('ground truth and determinism', () => {
  it('same seed gives identical bytes; a different seed does not', async () => {
    const digest = async (seed: number): Promise<string[]> => {
      const sb = await start({ seed, accounts: 10, days: 14 });
      try {
        const a = Buffer.from(
          await (
            await fetch(`${sb.amplitude.baseUrl}/api/2/export?start=20250305T00&end=20250312T23`, { headers: ampAuth(sb) })
          ).arrayBuffer(),
        );
        const m = await (
          await fetch(
            `${sb.mixpanel.baseUrl}/api/2.0/export?from_date=2025-03-05&to_date=2025-03-12&project_id=${sb.mixpanel.projectId}`,
            { headers: mpAuth(sb) },
          )
        ).text();
        const p = await (
          await aggregate(sb, [
            { source: { featureEvents: null, timeSeries: { period: 'dayRange', first: 'now()', count: -10 } } },
          ])
        ).text();
        return [a, m, p].map((x) => createHash('sha256').update(x).digest('hex'));
      } finally {
        await sb.close();
      }
    };
    const one = await digest(99);
    const two = await digest(99);
    const other = await digest(100);
    expect(two).toEqual(one);
    expect(other[0]).not.toBe(one[0]);
    expect(JSON.stringify(generatePortfolio({ seed: 3, now: FIXED_NOW }).customers)).toBe(
      JSON.stringify(generatePortfolio({ seed: 3, now: FIXED_NOW }).customers),
    );
  });

  it('Amplitude export lines after uuid dedupe equal the ground truth per account, user and day', async () => {
    const sb = await start({ seed: 21, accounts: 20, days: 20 });
    try {
      // event days 2025-03-01..03-10; late events can upload up to 72 h later, so export through 03-13
      const lines = await amplitudeLines(sb, '20250301T00', '20250313T23');
      const seen = new Set<string>();
      let dups = 0;
      const counts = new Map<string, number>();
      for (const ev of lines) {
        const uuid = String(ev.uuid);
        if (seen.has(uuid)) {
          dups++;
          continue;
        }
        seen.add(uuid);
        const day = String(ev.event_time).slice(0, 10);
        if (day < '2025-03-01' || day > '2025-03-10') continue;
        const acct = (ev.groups as { company: string[] }).company[0];
        const k = `${acct}|${String(ev.user_id)}|${day}`;
        counts.set(k, (counts.get(k) ?? 0) + 1);
      }
      expect(dups).toBeGreaterThan(0);
      const gt = groundTruth(sb.portfolio, { vendor: 'amplitude', fromDay: '2025-03-01', toDay: '2025-03-10' });
      const expected = new Map(gt.userDays.map((r) => [`${r.accountId}|${r.userId}|${r.day}`, r.events]));
      expect(counts).toEqual(expected);
      expect(gt.totals.events).toBeGreaterThan(1000);
    } finally {
      await sb.close();
    }
  });

  it('Mixpanel export after $insert_id dedupe and Pendo day buckets equal the ground truth', async () => {
    const sb = await start({ seed: 22, accounts: 20, days: 20, mixpanelExportLimitPerSecond: 100 });
    try {
      const text = await (
        await fetch(
          `${sb.mixpanel.baseUrl}/api/2.0/export?from_date=2025-03-01&to_date=2025-03-10&project_id=${sb.mixpanel.projectId}`,
          { headers: mpAuth(sb) },
        )
      ).text();
      const seen = new Set<string>();
      const counts = new Map<string, number>();
      for (const line of text.split('\n')) {
        if (!line) continue;
        const ev = JSON.parse(line) as { event: string; properties: Record<string, unknown> };
        const key = `${ev.event}|${String(ev.properties.distinct_id)}|${String(ev.properties.time)}|${String(ev.properties.$insert_id)}`;
        if (seen.has(key)) continue;
        seen.add(key);
        const day = new Date(Number(ev.properties.time) * 1000).toISOString().slice(0, 10);
        const k = `${String(ev.properties.company_id)}|${String(ev.properties.distinct_id)}|${day}`;
        counts.set(k, (counts.get(k) ?? 0) + 1);
      }
      const gt = groundTruth(sb.portfolio, { vendor: 'mixpanel', fromDay: '2025-03-01', toDay: '2025-03-10' });
      expect(counts).toEqual(new Map(gt.userDays.map((r) => [`${r.accountId}|${r.userId}|${r.day}`, r.events])));

      const rows = (
        (await (
          await aggregate(sb, [
            {
              source: { events: null, timeSeries: { period: 'dayRange', first: Date.parse('2025-03-01T12:00:00Z'), count: 10 } },
            },
          ])
        ).json()) as { results: { accountId: string; visitorId: string; day: number; numEvents: number }[] }
      ).results;
      const pendoCounts = new Map<string, number>();
      for (const r of rows) {
        const local = new Date(r.day + 12 * 3_600_000).toISOString().slice(0, 10);
        const k = `${r.accountId}|${r.visitorId}|${local}`;
        pendoCounts.set(k, (pendoCounts.get(k) ?? 0) + r.numEvents);
      }
      const pgt = groundTruth(sb.portfolio, { vendor: 'pendo', fromDay: '2025-03-01', toDay: '2025-03-10' });
      expect(pendoCounts).toEqual(new Map(pgt.userDays.map((r) => [`${r.accountId}|${r.userId}|${r.day}`, r.events])));
      const guideRows = (
        (await (
          await aggregate(sb, [
            {
              source: {
                guideEvents: null,
                timeSeries: { period: 'dayRange', first: Date.parse('2025-03-01T12:00:00Z'), count: 10 },
              },
            },
            { count: null },
          ])
        ).json()) as { results: { count: number }[] }
      ).results;
      expect(guideRows[0]?.count).toBe(pgt.totals.guideEvents);
    } finally {
      await sb.close();
    }
  });

  it('generates and serves the default portfolio full history in seconds', async () => {
    const t0 = performance.now();
    const sb = await start({});
    try {
      const t1 = performance.now();
      const lines = await amplitudeLines(sb, '20241101T00', '20250315T23');
      const t2 = performance.now();
      const gt = groundTruth(sb.portfolio, { vendor: 'amplitude' });
      const t3 = performance.now();
      const mp = await (
        await fetch(
          `${sb.mixpanel.baseUrl}/api/2.0/export?from_date=2024-11-01&to_date=2025-03-15&project_id=${sb.mixpanel.projectId}`,
          { headers: mpAuth(sb) },
        )
      ).text();
      const t4 = performance.now();
      console.log(
        `default portfolio: ${sb.portfolio.customers.length} accounts, ${sb.portfolio.people.length} people; generate ${(t1 - t0).toFixed(0)} ms; ` +
          `amplitude export ${lines.length} lines in ${(t2 - t1).toFixed(0)} ms; ground truth ${(t3 - t2).toFixed(0)} ms; ` +
          `mixpanel export ${mp.length} bytes in ${(t4 - t3).toFixed(0)} ms`,
      );
      expect(new Set(lines.map((l) => l.uuid)).size).toBe(gt.totals.events);
      expect(t4 - t0).toBeLessThan(90_000);
      void fixedClock;
    } finally {
      await sb.close();
    }
  });
});
