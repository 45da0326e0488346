import { afterEach, describe, expect, it } from 'vitest';
import { type TinyWorkspace, tinyWorkspace } from './__fixtures__/tinyWorkspace';
import type { MetricScope } from './context';
import { loadUserDays, type UserDay } from './userDays';

/**
 * loadUserDays reads one account straight from the covering index and sums in JS the rows that several
 * sync windows hold for one (user, day); a list of accounts is grouped in SQL. Both must give what
 * SQL's GROUP BY with sum() gives: the reference below is that query, run on the same file.
 */
let ws: TinyWorkspace;
afterEach(async () => {
  await ws?.close();
});

function scope(accountIds: string[]): MetricScope {
  return {
    customerId: 'acme',
    connectionId: 'c1',
    vendor: 'amplitude',
    accountIds,
    eventLevel: true,
    dataThrough: '2024-06-14',
    provisionalFrom: null,
  };
}

function grouped(accountIds: string[], to: string, from = ''): UserDay[] {
  return ws.store.sqlite
    .prepare(
      `select user_key as user, day, sum(events) as events, sum(sessions) as sessions, sum(minutes) as minutes
       from activity_days where connection_id = 'c1' and account_id in (select value from json_each(?)) and day >= ? and day <= ?
       group by day, user_key order by day, user_key`,
    )
    .all(JSON.stringify(accountIds), from, to) as UserDay[];
}

describe('loadUserDays', () => {
  it('sums the rows of several sync windows per user and day, as SQL sum() does (sessions null only when all are)', async () => {
    ws = await tinyWorkspace();
    ws.connection('c1', 'amplitude', '2024-06-14');
    ws.customer('acme', 'Acme');
    ws.link('c1', 'a1', 'acme');
    ws.link('c1', 'a2', 'acme');
    const row = (user: string, day: string, window: string, events: number, sessions: number | null, minutes: number) =>
      ws.activity({ connection: 'c1', account: 'a1', user, day, window, events, sessions, minutes });
    row('u2', '2024-06-10', 'w1', 2, 1, 4);
    row('u2', '2024-06-10', 'w2', 3, null, 5); // same user and day in a second window
    row('u2', '2024-06-10', 'w3', 1, 2, 1); // and a third
    row('u1', '2024-06-10', 'w1', 7, null, 2);
    row('u1', '2024-06-10', 'w2', 1, null, 3); // every window without sessions
    row('u1', '2024-06-11', 'w2', 4, 2, 6);
    row('u3', '2024-06-09', 'w1', 1, 1, 1);
    row('u3', '2024-06-12', 'w1', 9, 9, 9); // after `to`
    ws.activity({ connection: 'c1', account: 'a2', user: 'u1', day: '2024-06-11', events: 5, window: 'w1' });

    const one = loadUserDays(ws.ctx, scope(['a1']), '2024-06-11');
    expect(one).toEqual([
      { user: 'u3', day: '2024-06-09', events: 1, sessions: 1, minutes: 1 },
      { user: 'u1', day: '2024-06-10', events: 8, sessions: null, minutes: 5 },
      { user: 'u2', day: '2024-06-10', events: 6, sessions: 3, minutes: 10 },
      { user: 'u1', day: '2024-06-11', events: 4, sessions: 2, minutes: 6 },
    ]);
    expect(one).toEqual(grouped(['a1'], '2024-06-11'));
    expect(loadUserDays(ws.ctx, scope(['a1']), '2024-06-12', '2024-06-10')).toEqual(grouped(['a1'], '2024-06-12', '2024-06-10'));

    // Two accounts: a user in both is one user, summed across them.
    const both = loadUserDays(ws.ctx, scope(['a1', 'a2']), '2024-06-11');
    expect(both.find((r) => r.user === 'u1' && r.day === '2024-06-11')).toEqual({
      user: 'u1',
      day: '2024-06-11',
      events: 9,
      sessions: 3,
      minutes: 7,
    });
    expect(both).toEqual(grouped(['a1', 'a2'], '2024-06-11'));
    expect(loadUserDays(ws.ctx, scope([]), '2024-06-11')).toEqual([]);
  });
});
