import { afterEach, describe, expect, it } from 'vitest';
import { type TinyWorkspace, tinyWorkspace } from './__fixtures__/tinyWorkspace';
import { accountMetrics } from './accountMetrics';
import { addDays } from './calendar';
import { findCustomer } from './customerLookup';
import { featureAdoption } from './features';
import { computeFunnel } from './funnel';
import { guideMetrics } from './guides';
import { portfolioMetrics } from './portfolio';
import { customerScope, customerSources } from './sources';

let ws: TinyWorkspace;
afterEach(async () => {
  await ws?.close();
});

/** Today 2024-06-15 (UTC noon), yesterday 06-14, last 30 complete days 05-16..06-14. */
async function oneCustomer(vendor: 'amplitude' | 'pendo' = 'amplitude', settings = {}) {
  ws = await tinyWorkspace(settings);
  ws.connection('c1', vendor, '2024-06-14');
  ws.customer('acme', 'Acme Corp', 'SMB');
  ws.link('c1', 'a1', 'acme');
  ws.link('c1', 'a2', 'acme');
  return ws;
}

describe('engagement over a real SQLite file', () => {
  it('counts a user in two linked accounts once and sums rows across sync windows', async () => {
    await oneCustomer();
    ws.activity({ connection: 'c1', account: 'a1', user: 'u1', day: '2024-06-14', events: 2, window: 'w1' });
    ws.activity({ connection: 'c1', account: 'a2', user: 'u1', day: '2024-06-14', events: 3, window: 'w1' });
    ws.activity({ connection: 'c1', account: 'a1', user: 'u1', day: '2024-06-14', events: 1, window: 'w2' });
    ws.activity({ connection: 'c1', account: '', user: 'u9', day: '2024-06-14' }); // no account: excluded
    const m = accountMetrics(ws.ctx, { customerId: 'acme' });
    expect(m.header?.dau).toBe(1);
    expect(m.header?.events).toBe(6);
    expect(m.series.find((p) => p.day === '2024-06-14')).toMatchObject({ dau: 1, events: 6, incomplete: false });
  });

  it('flags today incomplete and keeps it out of the header; provisional near data-through', async () => {
    await oneCustomer();
    ws.activity({ connection: 'c1', account: 'a1', user: 'u1', day: '2024-06-15', events: 50 });
    ws.activity({ connection: 'c1', account: 'a1', user: 'u2', day: '2024-06-01' });
    const m = accountMetrics(ws.ctx, { customerId: 'acme' });
    expect(m.header?.events).toBe(1);
    expect(m.header?.lastActivityDay).toBe('2024-06-15');
    expect(m.series.at(-1)).toMatchObject({ day: '2024-06-15', incomplete: true, dau: 1 });
    expect(m.series.find((p) => p.day === '2024-06-11')?.provisional).toBe(false);
    expect(m.series.find((p) => p.day === '2024-06-12')?.provisional).toBe(true); // lookback 3 before 06-14
    expect(m.header?.provisional).toBe(true);
  });

  it('empty periods give zero counts and null ratios, trends null when the previous window is 0', async () => {
    await oneCustomer();
    const m = accountMetrics(ws.ctx, { customerId: 'acme' });
    expect(m.header).toMatchObject({ dau: 0, mau: 0, stickinessRolling: null, frequencyBand: null });
    expect(m.header?.minutesPerActiveUserDay.value).toBeNull();
    expect(m.header?.sessionDepth.value).toBeNull();
    expect(m.header?.eventsTrend.change).toBeNull();
    expect(m.series.every((p) => p.dauMau === null)).toBe(true);
  });

  it('rolling WAU/MAU are evaluated at each day end; new users use full history', async () => {
    await oneCustomer();
    ws.activity({ connection: 'c1', account: 'a1', user: 'old', day: '2024-01-02' });
    ws.activity({ connection: 'c1', account: 'a1', user: 'old', day: '2024-06-08' });
    ws.activity({ connection: 'c1', account: 'a1', user: 'new', day: '2024-06-14' });
    const m = accountMetrics(ws.ctx, { customerId: 'acme' });
    const at = (day: string) => m.series.find((p) => p.day === day);
    expect(at('2024-06-08')).toMatchObject({ dau: 1, wau: 1, mau: 1, newUsers: 0 });
    expect(at('2024-06-14')).toMatchObject({ dau: 1, wau: 2, mau: 2, newUsers: 1, dauMau: 0.5 });
    expect(at('2024-06-15')).toMatchObject({ wau: 1 }); // 06-08 left the 7-day window
    expect(m.header?.newUsers).toBe(1);
    expect(m.header?.wau).toBe(2);
  });

  it('Pendo has no sessions: unavailable with a reason code, minutes still available', async () => {
    await oneCustomer('pendo');
    ws.activity({ connection: 'c1', account: 'a1', user: 'u1', day: '2024-06-10', sessions: null, minutes: 12 });
    ws.activity({ connection: 'c1', account: 'a1', user: 'u2', day: '2024-06-10', sessions: null, minutes: 13 });
    const m = accountMetrics(ws.ctx, { customerId: 'acme' });
    expect(m.header?.sessions).toEqual({ value: null, unavailable: 'no-sessions-in-source' });
    expect(m.header?.minutesPerActiveUserDay).toEqual({ value: 12.5, unavailable: null });
    expect(m.series[0]?.sessions).toBeNull();
  });

  it('DST: days are reporting-zone labels, a 23-hour Berlin day is one day', async () => {
    await oneCustomer('amplitude', { timezone: 'Europe/Berlin' });
    // 2024-03-31 is 23 hours long in Berlin. "now" = 2024-04-01 00:30 Berlin = 2024-03-31 22:30 UTC.
    ws.setNow(Date.parse('2024-03-31T22:30:00Z'));
    ws.activity({ connection: 'c1', account: 'a1', user: 'u1', day: '2024-03-30' });
    ws.activity({ connection: 'c1', account: 'a1', user: 'u1', day: '2024-03-31' });
    const m = accountMetrics(ws.ctx, { customerId: 'acme' });
    expect(m.today).toBe('2024-04-01');
    expect(m.header?.asOf).toBe('2024-03-31');
    expect(m.header?.window).toEqual({ from: '2024-03-02', to: '2024-03-31' });
    expect(m.header?.activeDays).toBe(2);
    expect(m.series.filter((p) => p.day.startsWith('2024-03-3')).map((p) => p.day)).toEqual(['2024-03-30', '2024-03-31']);
  });
});

describe('sources', () => {
  it('primary = event-level source with most events in 30 days, else Pendo', async () => {
    ws = await tinyWorkspace();
    ws.connection('amp', 'amplitude', '2024-06-14');
    ws.connection('pen', 'pendo', '2024-06-14');
    ws.customer('acme', 'Acme');
    ws.link('amp', 'x', 'acme');
    ws.link('pen', 'y', 'acme');
    ws.activity({ connection: 'pen', account: 'y', user: 'p', day: '2024-06-10', events: 100, sessions: null });
    expect(customerSources(ws.ctx, 'acme').find((s) => s.primary)?.vendor).toBe('pendo');
    ws.activity({ connection: 'amp', account: 'x', user: 'a', day: '2024-06-10', events: 1 });
    expect(customerSources(ws.ctx, 'acme').find((s) => s.primary)?.vendor).toBe('amplitude');
    expect(customerScope(ws.ctx, 'acme', 'pen')?.vendor).toBe('pendo');
    expect(() => customerScope(ws.ctx, 'acme', 'nope')).toThrow(/no linked account/);
  });

  it('per vendor account: link method, confidence, 30-day events; per source: last successful sync', async () => {
    ws = await tinyWorkspace();
    ws.connection('amp', 'amplitude', '2024-06-14');
    ws.customer('acme', 'Acme');
    ws.link('amp', 'x', 'acme');
    ws.link('amp', 'z', 'acme');
    ws.store.sqlite.prepare(`update account_links set method = 'domain', confidence = 0.9 where account_id = 'z'`).run();
    ws.activity({ connection: 'amp', account: 'x', user: 'a', day: '2024-06-10', events: 5 });
    ws.activity({ connection: 'amp', account: 'z', user: 'b', day: '2024-06-11', events: 2 });
    ws.activity({ connection: 'amp', account: 'z', user: 'b', day: '2024-04-01', events: 50 });
    const runs = ws.store.sqlite.prepare(
      `insert into sync_runs (connection_id, trigger, started_at, finished_at, outcome) values ('amp', 'manual', ?, ?, ?)`,
    );
    expect(customerSources(ws.ctx, 'acme')[0]?.lastSyncedAt).toBeNull();
    runs.run(1000, 2000, 'succeeded');
    runs.run(3000, 4000, 'failed');
    const [source] = customerSources(ws.ctx, 'acme');
    expect(source?.lastSyncedAt).toBe(2000);
    expect(source?.events30d).toBe(7);
    expect(source?.accounts).toEqual([
      { accountId: 'x', name: 'x', method: 'manual', confidence: 1, events30d: 5 },
      { accountId: 'z', name: 'z', method: 'domain', confidence: 0.9, events30d: 2 },
    ]);
  });
});

describe('feature adoption', () => {
  it('adoption over active users, breadth over core features, abandoned and never-used features', async () => {
    await oneCustomer('pendo');
    ws.catalog({ connection: 'c1', kind: 'feature', item: 'f1', name: 'Export', core: true });
    ws.catalog({ connection: 'c1', kind: 'feature', item: 'f2', name: 'Share', core: true });
    ws.catalog({ connection: 'c1', kind: 'feature', item: 'f3', name: 'Never' });
    for (const user of ['u1', 'u2', 'u3', 'u4'])
      ws.activity({ connection: 'c1', account: 'a1', user, day: '2024-06-10', sessions: null });
    ws.item({ connection: 'c1', account: 'a1', kind: 'feature', item: 'f1', user: 'u1', day: '2024-06-10' });
    ws.item({ connection: 'c1', account: 'a2', kind: 'feature', item: 'f1', user: 'u2', day: '2024-06-10' });
    ws.item({ connection: 'c1', account: 'a1', kind: 'feature', item: 'f2', user: 'u1', day: '2024-05-01' }); // previous window only
    const f = featureAdoption(
      ws.ctx,
      customerScope(ws.ctx, 'acme') as NonNullable<ReturnType<typeof customerScope>>,
      '2024-06-15',
    );
    expect(f.activeUsers).toBe(4);
    expect(f.features.find((x) => x.id === 'f1')).toMatchObject({ users: 2, adoption: 0.5, abandoned: false, core: true });
    expect(f.features.find((x) => x.id === 'f2')).toMatchObject({
      users: 0,
      adoption: 0,
      abandoned: true,
      lastUsedDay: '2024-05-01',
    });
    expect(f.abandoned.map((x) => x.id)).toEqual(['f2']);
    expect(f.neverUsed.map((x) => x.id)).toEqual(['f3']);
    expect(f.breadth).toBe(0.5);
    expect(f.coreBasis).toBe('catalog');
    expect(f.heatmap.features[0]?.id).toBe('f1');
  });

  it('no active users: adoption null, never 0 %', async () => {
    await oneCustomer('pendo');
    ws.item({ connection: 'c1', account: 'a1', kind: 'feature', item: 'f1', user: 'u1', day: '2024-05-01' });
    const f = featureAdoption(
      ws.ctx,
      customerScope(ws.ctx, 'acme') as NonNullable<ReturnType<typeof customerScope>>,
      '2024-06-15',
    );
    expect(f.activeUsers).toBe(0);
    expect(f.features[0]?.adoption).toBeNull();
  });
});

describe('funnels over key_events', () => {
  const ts = (iso: string) => Date.parse(iso);
  it('dedupes the same event stored under two accounts and refuses strict order on Pendo', async () => {
    await oneCustomer();
    for (const account of ['a1', 'a2']) {
      ws.keyEvent({ connection: 'c1', account, user: 'u1', name: 'A', ts: ts('2024-06-01T10:00:00Z') });
    }
    ws.keyEvent({ connection: 'c1', account: 'a1', user: 'u1', name: 'B', ts: ts('2024-06-01T10:00:00Z') });
    ws.keyEvent({ connection: 'c1', account: 'a1', user: 'u2', name: 'A', ts: ts('2024-06-02T10:00:00Z') });
    const scope = customerScope(ws.ctx, 'acme') as NonNullable<ReturnType<typeof customerScope>>;
    const range = { from: '2024-05-16', to: '2024-06-14' };
    const strict = computeFunnel(ws.ctx, scope, { steps: ['A', 'B'], order: 'strict', range });
    expect(strict.steps.map((s) => s.count)).toEqual([2, 1]);
    expect(strict.conversion.value).toBe(0.5);
    expect(strict.dropOffStep).toBe('B');
    const unknown = computeFunnel(ws.ctx, scope, { steps: ['A', 'Z'], range });
    expect(unknown.conversion).toEqual({ value: null, unavailable: 'no-key-events' });
    const pendo = computeFunnel(
      ws.ctx,
      { ...scope, vendor: 'pendo', eventLevel: false },
      { steps: ['A', 'B'], order: 'strict', range },
    );
    expect(pendo.conversion.unavailable).toBe('needs-event-level-data');
    // Any order on a day-bucket source is unavailable, never a funnel of zero steps with a benchmark.
    const pendoOrdered = computeFunnel(
      ws.ctx,
      { ...scope, vendor: 'pendo', eventLevel: false },
      { steps: ['A', 'B'], range },
      {
        conversion: 0.5,
        accounts: 3,
      },
    );
    expect(pendoOrdered.conversion).toEqual({ value: null, unavailable: 'needs-event-level-data' });
    expect(pendoOrdered.benchmark).toBeNull();
  });

  it('account page: Pendo-only onboarding is unavailable; a linked Mixpanel account supplies it; saved funnels listed', async () => {
    ws = await tinyWorkspace({ keyEvents: ['A', 'B'] });
    ws.connection('pen', 'pendo', '2024-06-14');
    ws.customer('acme', 'Acme');
    ws.link('pen', 'y', 'acme');
    ws.activity({ connection: 'pen', account: 'y', user: 'p', day: '2024-06-10', events: 100, sessions: null });
    const pendoOnly = accountMetrics(ws.ctx, { customerId: 'acme' });
    expect(pendoOnly.onboarding?.conversion).toEqual({ value: null, unavailable: 'needs-event-level-data' });
    expect(pendoOnly.savedFunnels).toEqual([]);

    ws.connection('mix', 'mixpanel', '2024-06-14');
    ws.link('mix', 'm', 'acme');
    ws.keyEvent({ connection: 'mix', account: 'm', user: 'u1', name: 'A', ts: Date.parse('2024-06-01T10:00:00Z') });
    ws.keyEvent({ connection: 'mix', account: 'm', user: 'u1', name: 'B', ts: Date.parse('2024-06-01T11:00:00Z') });
    ws.store.sqlite
      .prepare(
        `insert into saved_funnels (connection_id, funnel_id, name, steps_json, window_seconds, updated_at) values (?,?,?,?,?,0)`,
      )
      .run('mix', 'f1', 'Activation', JSON.stringify([{ event: 'A' }, { event: 'B' }]), 86_400);
    const both = accountMetrics(ws.ctx, { customerId: 'acme' });
    expect(both.source?.vendor).toBe('pendo');
    expect(both.onboarding?.source.vendor).toBe('mixpanel');
    expect(both.onboarding?.conversion.value).toBe(1);
    expect(both.savedFunnels).toEqual([{ funnelId: 'f1', name: 'Activation', steps: ['A', 'B'], connectionId: 'mix' }]);
  });
});

describe('guides', () => {
  it('reach, completion on the last step over saw-step-1, dismissal over reach', async () => {
    await oneCustomer('pendo');
    ws.catalog({ connection: 'c1', kind: 'guide', item: 'g1', name: 'Tour', details: { stepIds: ['s1', 's2'] } });
    const g = (user: string, step: string, type: string) =>
      ws.guide({ connection: 'c1', account: 'a1', user, guide: 'g1', step, type, day: '2024-06-10' });
    g('u1', 's1', 'guideSeen');
    g('u1', 's2', 'guideSeen');
    g('u1', 's2', 'guideAdvanced');
    g('u2', 's1', 'guideSeen');
    g('u2', 's1', 'guideDismissed');
    const scope = customerScope(ws.ctx, 'acme') as NonNullable<ReturnType<typeof customerScope>>;
    const m = guideMetrics(ws.ctx, scope, { from: '2024-05-16', to: '2024-06-14' });
    expect(m.guides[0]).toMatchObject({
      guideId: 'g1',
      name: 'Tour',
      views: 3,
      reach: 2,
      completion: 0.5,
      reachedLastStep: 1,
      dismissal: 0.5,
    });
    expect(guideMetrics(ws.ctx, { ...scope, vendor: 'amplitude' }, { from: '2024-05-16', to: '2024-06-14' }).unavailable).toBe(
      'no-guides-in-source',
    );
  });
});

describe('users and lifecycle', () => {
  it('power users, at-risk users and weekly lifecycle statuses', async () => {
    await oneCustomer();
    for (let i = 1; i <= 10; i++) ws.activity({ connection: 'c1', account: 'a1', user: 'power', day: addDays('2024-06-14', -i) });
    ws.activity({ connection: 'c1', account: 'a1', user: 'quiet', day: '2024-05-20' }); // 26 days ago
    ws.activity({ connection: 'c1', account: 'a1', user: 'gone', day: '2024-03-01' });
    ws.activity({ connection: 'c1', account: 'a1', user: 'gone', day: '2024-06-11' }); // resurrecting in week 06-10
    const m = accountMetrics(ws.ctx, { customerId: 'acme' });
    expect(m.users?.powerUsers[0]).toMatchObject({ userKey: 'power', activeDays: 10 });
    expect(m.users?.atRiskUsers.map((u) => u.userKey)).toEqual(['quiet']);
    const week = m.users?.lifecycle.find((w) => w.week === '2024-06-10');
    expect(week).toMatchObject({ returning: 1, resurrecting: 1, new: 0, dormant: 0, incomplete: true }); // the running week
    expect(m.users?.lifecycle.find((w) => w.week === '2024-05-20')).toMatchObject({ new: 1, dormant: 0 });
    expect(m.users?.lifecycle.find((w) => w.week === '2024-05-27')).toMatchObject({ new: 0, dormant: 1, incomplete: false });
  });
});

describe('customer lookup and portfolio', () => {
  it('finds by id, name, prefix and typo; reports ambiguity', async () => {
    ws = await tinyWorkspace();
    ws.customer('c-1', 'Acme Corp');
    ws.customer('c-2', 'Acme Labs');
    ws.customer('c-3', 'Globex');
    expect(findCustomer(ws.ctx, 'c-3').name).toBe('Globex');
    expect(findCustomer(ws.ctx, 'acme corp').id).toBe('c-1');
    expect(findCustomer(ws.ctx, 'Glbex').id).toBe('c-3');
    expect(() => findCustomer(ws.ctx, 'acme')).toThrow(/matches 2 customers: Acme Corp \(c-1\), Acme Labs \(c-2\)/);
    expect(() => findCustomer(ws.ctx, 'zzzzzz')).toThrow(/No customer matches/);
  });

  it('portfolio rows: active users, DAU/MAU, last activity, trend; unlinked customers have zeros', async () => {
    await oneCustomer();
    ws.customer('lonely', 'Lonely Inc');
    ws.activity({ connection: 'c1', account: 'a1', user: 'u1', day: '2024-06-14', events: 4 });
    ws.activity({ connection: 'c1', account: 'a2', user: 'u2', day: '2024-06-13', events: 4 });
    const p = portfolioMetrics(ws.ctx);
    const acme = p.rows.find((r) => r.customerId === 'acme');
    expect(acme).toMatchObject({
      activeUsers30d: 2,
      events30d: 8,
      lastActivityDay: '2024-06-14',
      vendor: 'amplitude',
      dataThrough: '2024-06-14',
    });
    expect(acme?.eventsTrend.change).toBeNull();
    expect(acme?.dauMau).toBeCloseTo((1 / 1 + 1 / 2) / 2);
    expect(p.rows.find((r) => r.customerId === 'lonely')).toMatchObject({ activeUsers30d: 0, dauMau: null, connectionId: null });
  });
});
