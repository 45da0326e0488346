import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FUNNEL_STEPS, type RunningSandboxes, startSandboxes, userIdIn } from '../../../src-main/core/demo';
import type { Vendor } from '../../../src-main/core/demo/portfolio/model';
import { ymd } from '../../../src-main/core/demo/portfolio/timeline';
import { scanVendorEvents } from '../../../src-main/core/demo/portfolio/vendorScan';
import { amplitudeEventType } from '../../../src-main/core/demo/sandbox/amplitudeDashboard';
import { mixpanelEventName } from '../../../src-main/core/demo/sandbox/mixpanelExport';
import type { ConnectionSummary } from '../../../src-shared/contract';
import { sandboxConnections, startTestCore } from '../../support/coreHarness';

/**
 * Saved reports and property breakdowns end to end: the sandboxes, the real core worker, a real
 * database file. Saved report values must equal the sandbox's answer; breakdown aggregates must equal
 * the generator's ground truth; properties that are not listed must not be stored.
 */
const DAYS = 10;
const LISTED = ['plan', 'role', 'platform'];
let sb: RunningSandboxes;
let core: Awaited<ReturnType<typeof startTestCore>>;
let amplitude: ConnectionSummary;
let mixpanel: ConnectionSummary;
let pendo: ConnectionSummary;

beforeAll(async () => {
  const now = Date.now();
  sb = await startSandboxes({
    seed: 9,
    accounts: 8,
    days: DAYS,
    clock: { now: () => now },
    mixpanelQueryLimitPerHour: 100_000,
    mixpanelExportLimitPerSecond: 1_000_000,
  });
  core = await startTestCore();
  await core.client.call('settings.update', {
    patch: {
      timezone: 'UTC',
      backfillDays: DAYS + 1,
      lookbackDays: 2,
      keyEvents: [...FUNNEL_STEPS],
      breakdownProperties: LISTED,
    },
  });
  const created: ConnectionSummary[] = [];
  for (const input of sandboxConnections(sb)) created.push(await core.client.call('connections.create', input));
  [amplitude, mixpanel, pendo] = created as [ConnectionSummary, ConnectionSummary, ConnectionSummary];
});
afterAll(async () => {
  await core?.close();
  await sb?.close();
});

function query<T>(sql: string, ...params: unknown[]): T[] {
  const conn = new BetterSqlite3(join(core.dataDir, 'pulse.db'), { readonly: true });
  try {
    return conn.prepare(sql).all(...params) as T[];
  } finally {
    conn.close();
  }
}

/** Ground truth per (account, UTC day, event, property, value): events and distinct users. */
function breakdownTruth(vendor: Extract<Vendor, 'amplitude' | 'mixpanel'>, properties: readonly string[]) {
  const p = sb.portfolio;
  const events = new Map<string, number>();
  const users = new Map<string, Set<string>>();
  scanVendorEvents(p, vendor, 0, p.todayIndex, (ev, c, accountId) => {
    const person = p.people[ev.person];
    if (!person) return;
    const name = vendor === 'amplitude' ? amplitudeEventType(ev) : mixpanelEventName(ev);
    // What the demo events carry: plan (the account's) and role everywhere; platform only in Amplitude.
    const values: Record<string, string> = { plan: c.plan, role: person.role };
    if (vendor === 'amplitude') values.platform = 'Web';
    const day = ymd(ev.t);
    for (const property of properties) {
      const value = values[property];
      if (value === undefined) continue;
      const ek = `${accountId}|${day}|${name}|${property}|${value}`;
      events.set(ek, (events.get(ek) ?? 0) + 1);
      const uk = `${accountId}|${day}|${property}|${value}`;
      const set = users.get(uk) ?? new Set<string>();
      set.add(userIdIn(p, vendor, ev.person));
      users.set(uk, set);
    }
  });
  return { events, users: new Map([...users].map(([k, s]) => [k, s.size])) };
}

function storedBreakdown(connectionId: string) {
  const events = query<{ k: string; n: number }>(
    `select account_id || '|' || day || '|' || event_name || '|' || property || '|' || value as k, sum(events) as n
     from property_event_days where connection_id = ? group by 1`,
    connectionId,
  );
  const users = query<{ k: string; n: number }>(
    `select account_id || '|' || day || '|' || property || '|' || value as k, count(distinct user_key) as n
     from property_user_days where connection_id = ? group by 1`,
    connectionId,
  );
  return { events: new Map(events.map((r) => [r.k, r.n])), users: new Map(users.map((r) => [r.k, r.n])) };
}

function storedValues(savedReportId: string | undefined): string[] {
  return query<{ series: string; segment: string; day: string; value: number }>(
    'select series, segment, day, value from saved_report_results where saved_report_id = ?',
    savedReportId,
  ).map((r) => `${r.series}|${r.segment}|${r.day}|${r.value}`);
}

/** Equal on the days the sync covered (history may start before the back-fill). */
function expectEqualFrom(stored: Map<string, number>, truth: Map<string, number>) {
  expect(stored.size).toBeGreaterThan(0);
  const firstDay = [...stored.keys()].map((k) => k.split('|')[1] as string).sort()[0] as string;
  const relevant = [...truth].filter(([k]) => (k.split('|')[1] as string) >= firstDay);
  expect(Object.fromEntries([...stored].sort())).toEqual(Object.fromEntries(relevant.sort()));
}

describe('saved reports and property breakdowns', () => {
  it('picks reports per connection with specific errors for what cannot be picked', async () => {
    await core.client.call('savedReports.pick', { connection: mixpanel.id, reportId: '44003', name: null });
    await core.client.call('savedReports.pick', { connection: mixpanel.id, reportId: '44001', name: 'Page views' });
    await core.client.call('savedReports.pick', { connection: amplitude.id, reportId: 'e4f5g6h', name: null });
    await core.client.call('savedReports.pick', { connection: amplitude.id, reportId: 'a1b2c3d', name: null });
    await core.client.call('savedReports.pick', { connection: amplitude.id, reportId: 'missing1', name: null });
    await expect(
      core.client.call('savedReports.pick', { connection: pendo.id, reportId: '1', name: null }),
    ).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: expect.stringMatching(/Mixpanel .*Amplitude .*pendo connection/),
    });
    await expect(
      core.client.call('savedReports.pick', { connection: mixpanel.id, reportId: 'abc', name: null }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST', message: expect.stringContaining('bookmark id') });
    const list = await core.client.call('savedReports.list', { connection: null });
    expect(list.map((r) => `${r.kind} ${r.reportId} ${r.name}`).sort()).toEqual([
      'amplitude-chart a1b2c3d Amplitude chart a1b2c3d',
      'amplitude-chart e4f5g6h Amplitude chart e4f5g6h',
      'amplitude-chart missing1 Amplitude chart missing1',
      'mixpanel-insights 44001 Page views',
      'mixpanel-insights 44003 Mixpanel report 44003',
    ]);
    expect(await core.client.call('savedReports.unpick', { connection: amplitude.id, reportId: 'nope' })).toEqual({
      removed: false,
    });
  });

  it('syncs the picked reports with the connection: stored values equal the sandbox answer', async () => {
    const runs = await core.client.call('sync.run', { connection: null, full: false });
    expect(runs.map((r) => r.outcome)).toEqual(['succeeded', 'succeeded', 'succeeded']);
    const ampRun = runs.find((r) => r.connectionId === amplitude.id);
    expect(ampRun?.warnings.join(' ')).toMatch(/Amplitude chart missing1.*no saved chart missing1/);

    const list = await core.client.call('savedReports.list', { connection: null });
    const byId = new Map(list.map((r) => [r.reportId, r]));
    expect(byId.get('44003')).toMatchObject({ byAccount: true, breakdown: 'company_id', lastError: null });
    expect(byId.get('44001')).toMatchObject({ byAccount: false, breakdown: null, name: 'Page views' });
    expect(byId.get('e4f5g6h')).toMatchObject({ byAccount: true, name: 'Reports exported by company (30 days)' });
    expect(byId.get('a1b2c3d')).toMatchObject({ byAccount: false, name: 'Daily active users (30 days)' });
    expect(byId.get('missing1')?.lastError).toMatch(/no saved chart missing1/);
    expect(byId.get('missing1')?.values).toBe(0);

    // Mixpanel: walk the sandbox's JSON independently of the connector's parser.
    const auth = { authorization: `Basic ${Buffer.from(`${sb.mixpanel.username}:${sb.mixpanel.secret}`).toString('base64')}` };
    const answer = (await (
      await fetch(`${sb.mixpanel.baseUrl}/api/query/insights?bookmark_id=44003&project_id=${sb.mixpanel.projectId}`, {
        headers: auth,
      })
    ).json()) as { series: Record<string, Record<string, Record<string, number>>> };
    const expected: string[] = [];
    for (const [series, byValue] of Object.entries(answer.series))
      for (const [value, byDate] of Object.entries(byValue))
        for (const [date, n] of Object.entries(byDate))
          expected.push(`${series}|${value === '$overall' ? '' : value}|${date.slice(0, 10)}|${n}`);
    const stored = storedValues(byId.get('44003')?.id);
    expect(stored.sort()).toEqual(expected.sort());

    // Amplitude: the CSV split by hand (title, blank, header of dates, one row per segment).
    const ampAuth = {
      authorization: `Basic ${Buffer.from(`${sb.amplitude.apiKey}:${sb.amplitude.secretKey}`).toString('base64')}`,
    };
    const csv = await (await fetch(`${sb.amplitude.baseUrl}/api/3/chart/e4f5g6h/csv`, { headers: ampAuth })).text();
    const rows = csv
      .trim()
      .split('\r\n')
      .map((l) => l.split(',').map((c) => c.replace(/^"|"$/g, '')));
    const dates = rows[2]?.slice(1) ?? [];
    const ampExpected = rows
      .slice(3)
      .flatMap((r) => dates.map((d, i) => `Reports exported by company (30 days)|${r[0]}|${d}|${r[i + 1]}`));
    const ampStored = storedValues(byId.get('e4f5g6h')?.id);
    expect(ampStored.sort()).toEqual(ampExpected.sort());
  });

  it("shows a customer only their own accounts' segments of the by-account reports", async () => {
    const links = query<{ customer_id: string; account_id: string }>(
      'select customer_id, account_id from account_links where connection_id = ?',
      mixpanel.id,
    );
    const link = links[0];
    expect(link).toBeDefined();
    const result = await core.client.call('savedReports.forCustomer', { customer: link?.customer_id as string, range: null });
    const mixpanelReport = result.reports.find((r) => r.report.reportId === '44003');
    expect(mixpanelReport).toBeDefined();
    expect(new Set(mixpanelReport?.series.map((s) => s.segment))).toEqual(new Set([link?.account_id]));
    const stored = query<{ day: string; value: number }>(
      `select day, value from saved_report_results where saved_report_id = ? and segment = ? order by day`,
      mixpanelReport?.report.id,
      link?.account_id,
    );
    expect(mixpanelReport?.series[0]?.points).toEqual(stored);
    // Reports that do not break down by account never show on an account page.
    expect(result.reports.some((r) => r.report.reportId === '44001' || r.report.reportId === 'a1b2c3d')).toBe(false);
  });

  it('stores breakdown aggregates equal to the ground truth, for both event-level vendors', () => {
    const ampTruth = breakdownTruth('amplitude', LISTED);
    const ampStored = storedBreakdown(amplitude.id);
    expectEqualFrom(ampStored.events, ampTruth.events);
    expectEqualFrom(ampStored.users, ampTruth.users);
    const mpTruth = breakdownTruth('mixpanel', LISTED);
    const mpStored = storedBreakdown(mixpanel.id);
    expectEqualFrom(mpStored.events, mpTruth.events);
    expectEqualFrom(mpStored.users, mpTruth.users);
  });

  it('answers breakdown and funnel-by-property queries consistent with the stored data', async () => {
    // The customer with the most sign-ups, so the funnel has people in it.
    const link = query<{ customer_id: string }>(
      `select l.customer_id from key_events k join account_links l using (connection_id, account_id)
       where k.connection_id = ? and k.event_name = ? group by l.customer_id order by count(*) desc limit 1`,
      amplitude.id,
      FUNNEL_STEPS[0],
    )[0];
    const customer = link?.customer_id as string;
    const range = { from: ymd(sb.portfolio.now - 7 * 86_400_000), to: ymd(sb.portfolio.now - 86_400_000) };
    const roles = await core.client.call('metrics.breakdown', { customer, connection: amplitude.id, property: 'role', range });
    expect(roles.available.sort()).toEqual([...LISTED].sort());
    const activity = await core.client.call('metrics.breakdown', { customer, connection: amplitude.id, property: null, range });
    expect(activity.property).toBe('plan');
    const totalEvents = roles.values.reduce((s, v) => s + v.events, 0);
    const storedTotal = query<{ n: number }>(
      `select coalesce(sum(a.events), 0) as n from activity_days a join account_links l using (connection_id, account_id)
       where a.connection_id = ? and l.customer_id = ? and a.day between ? and ?`,
      amplitude.id,
      customer,
      range.from,
      range.to,
    )[0]?.n;
    // Every demo event carries a role, so the role breakdown accounts for every event.
    expect(totalEvents).toBe(storedTotal);
    await expect(
      core.client.call('metrics.breakdown', { customer, connection: amplitude.id, property: 'os_name', range }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST', message: expect.stringContaining('not a breakdown property') });

    const funnel = await core.client.call('metrics.funnel', { customer, connection: amplitude.id, steps: [...FUNNEL_STEPS] });
    const byRole = await core.client.call('metrics.funnelBreakdown', {
      customer,
      connection: amplitude.id,
      property: 'role',
      steps: [...FUNNEL_STEPS],
    });
    expect(byRole.steps).toEqual([...FUNNEL_STEPS]);
    expect(funnel.steps[0]?.count).toBeGreaterThan(0);
    // Each user counts under exactly one role: the segments add up to the whole funnel, step by step.
    for (let k = 0; k < FUNNEL_STEPS.length; k++) {
      expect(byRole.segments.reduce((s, seg) => s + (seg.steps[k]?.count ?? 0), 0)).toBe(funnel.steps[k]?.count);
    }
    expect(byRole.segments.every((seg) => seg.value !== '(not set)')).toBe(true);
  });

  it('keeps only listed properties: after narrowing the list and a full re-sync nothing else is stored', async () => {
    await core.client.call('settings.update', { patch: { breakdownProperties: ['role'] } });
    const runs = await core.client.call('sync.run', { connection: mixpanel.id, full: true });
    expect(runs[0]?.outcome).toBe('succeeded');
    const tables = query<{ name: string }>("select name from sqlite_master where type = 'table'").map((t) => t.name);
    const withProperty = tables.filter((t) =>
      query<{ name: string }>(`select name from pragma_table_info('${t}')`).some((c) => c.name === 'property'),
    );
    expect(withProperty.sort()).toEqual(['property_event_days', 'property_user_days']);
    for (const table of withProperty) {
      const names = query<{ property: string }>(`select distinct property from ${table} where connection_id = ?`, mixpanel.id);
      expect(names.map((n) => n.property)).toEqual(['role']);
    }
    const truth = breakdownTruth('mixpanel', ['role']);
    const stored = storedBreakdown(mixpanel.id);
    expectEqualFrom(stored.events, truth.events);
    expectEqualFrom(stored.users, truth.users);
  });
});
