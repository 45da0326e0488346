import { afterEach, describe, expect, it } from 'vitest';
import { dailyUsageFrom } from '../anomalies/dailyUsage';
import { type TinyWorkspace, tinyWorkspace } from '../metrics/__fixtures__/tinyWorkspace';
import type { MetricScope } from '../metrics/context';
import { loadUserDays } from '../metrics/userDays';
import { FeatureSeriesRunCache, FeatureUsageSeries } from './featureUsageSeries';
import { readCustomerUsage } from './usageRead';

/**
 * The recompute's two packed reads (one row per day, a day's values joined by char(31) and split in JS)
 * must give exactly what a row-per-use read gives: the user-days with per-user events and the daily
 * totals the anomaly rule sums (reference: the metrics engine's loadUserDays and dailyUsageFrom), and the
 * feature windows (reference: distinct users counted by SQL). Keys and names holding the separator fall
 * back to the row reads and must still agree.
 */
let ws: TinyWorkspace;
afterEach(async () => {
  await ws?.close();
});

function scope(accountIds: string[], eventLevel = true): MetricScope {
  return {
    customerId: 'acme',
    connectionId: 'c1',
    vendor: 'amplitude',
    accountIds,
    eventLevel,
    dataThrough: '2024-06-14',
    provisionalFrom: null,
  };
}

async function workspace(strangeUser: string, strangeFeature: string): Promise<TinyWorkspace> {
  ws = await tinyWorkspace();
  ws.connection('c1', 'amplitude', '2024-06-14');
  ws.customer('acme', 'Acme');
  ws.link('c1', 'a1', 'acme');
  ws.link('c1', 'a2', 'acme');
  const row = (user: string, day: string, window: string, events: number, sessions: number | null, minutes: number) =>
    ws.activity({ connection: 'c1', account: 'a1', user, day, window, events, sessions, minutes });
  row('u2', '2024-06-10', 'w1', 2, 1, 4);
  row('u2', '2024-06-10', 'w2', 3, null, 5); // the same user and day in a second sync window
  row('u1', '2024-06-10', 'w1', 7, null, 2);
  row('u1', '2024-06-10', 'w2', 1, null, 3); // no window with sessions
  row('u1', '2024-06-11', 'w2', 4, 2, 6);
  row(strangeUser, '2024-06-11', 'w1', 1, 1, 1);
  row('u3', '2024-06-13', 'w1', 9, 9, 9);
  ws.activity({ connection: 'c1', account: 'a2', user: 'u1', day: '2024-06-11', events: 5, window: 'w1' });
  const use = (user: string, item: string, day: string) =>
    ws.item({ connection: 'c1', account: 'a1', kind: 'event', item, day, user });
  use('u1', 'Export', '2024-06-09');
  use('u2', 'Export', '2024-06-09');
  use('u1', 'Share', '2024-06-10');
  use('u1', 'Export', '2024-06-11');
  use(strangeUser, strangeFeature, '2024-06-12');
  use('u3', 'Share', '2024-06-13');
  return ws;
}

function expectSameUsage(s: MetricScope, to: string, from: string) {
  const reference = loadUserDays(ws.ctx, s, to, from);
  const { table, daily } = readCustomerUsage(ws.ctx, s, to, from);
  expect(table.rowObjects()).toEqual(reference.map((r) => ({ user: r.user, day: r.day, events: r.events })));
  expect([...daily]).toEqual([...dailyUsageFrom(reference, s.eventLevel)]);
}

function distinctUsers(accountIds: string[], from: string, to: string): Map<string, number> {
  const rows = ws.store.sqlite
    .prepare(
      `select item_id as id, count(distinct user_key) as n from item_days where connection_id = 'c1'
       and account_id in (select value from json_each(?)) and day between ? and ? group by item_id`,
    )
    .all(JSON.stringify(accountIds), from, to) as Array<{ id: string; n: number }>;
  return new Map(rows.map((r) => [r.id, r.n]));
}

describe('the recompute reads of a customer', () => {
  for (const [label, user, feature] of [
    ['plain keys and names', 'u4', 'Report'],
    ['a key and a name holding the separator', 'u\x1f4', 'Re\x1fport'],
  ] as const) {
    it(`give the user-days, daily totals and feature windows of row-per-use reads (${label})`, async () => {
      await workspace(user, feature);
      for (const accounts of [['a1'], ['a1', 'a2']])
        for (const eventLevel of [true, false]) {
          expectSameUsage(scope(accounts, eventLevel), '2024-06-14', '');
          expectSameUsage(scope(accounts, eventLevel), '2024-06-11', '2024-06-10');
        }
      expect(readCustomerUsage(ws.ctx, scope(['a1']), '2024-06-14', '').daily.get('2024-06-10')).toEqual({
        activeUsers: 2,
        events: 13,
        sessions: 1,
        minutes: 14,
      });

      const series = new FeatureUsageSeries(ws.ctx, scope(['a1']), '2024-06-01', '2024-06-14', new FeatureSeriesRunCache());
      for (const [from, to] of [
        ['2024-06-01', '2024-06-14'],
        ['2024-06-10', '2024-06-12'],
        ['2024-06-13', '2024-06-14'],
      ] as const) {
        const usage = series.usage({ from, to });
        expect(new Map([...usage.users].sort())).toEqual(new Map([...distinctUsers(['a1'], from, to)].sort()));
        const { users: _users, ...breadth } = usage;
        expect(series.coreUsage({ from, to })).toEqual(breadth);
      }
      expect(series.lastUsed('2024-06-12')).toEqual(
        new Map([
          ['Export', '2024-06-11'],
          ['Share', '2024-06-10'],
          [feature, '2024-06-12'],
        ]),
      );
    });
  }
});
