import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { type TinyWorkspace, tinyWorkspace } from './__fixtures__/tinyWorkspace';
import { connectionFeatureUsers } from './connectionFeatureUsers';
import { connectionFeatureUsage } from './featureMatrix';

let ws: TinyWorkspace | undefined;
afterEach(async () => {
  await ws?.close();
  ws = undefined;
});

/** The definition, as the one-statement query it replaced (a walk through the connection's history). */
function reference(target: TinyWorkspace, connection: string, kind: string, from: string, to: string) {
  return target.store.sqlite
    .prepare(
      `select item_id as id, count(distinct user_key) as users from item_days
       where connection_id = ? and kind = ? and day between ? and ? and account_id != '' group by item_id`,
    )
    .all(connection, kind, from, to);
}

const DAYS = ['2024-06-01', '2024-06-02', '2024-06-03', '2024-06-04', '2024-06-05', '2024-06-06'];

describe('connectionFeatureUsers', () => {
  it('counts distinct users per feature over every account of the connection, linked or not, inside the window only', async () => {
    ws = await tinyWorkspace();
    ws.connection('c1', 'amplitude', '2024-06-06');
    ws.connection('c2', 'amplitude', '2024-06-06');
    ws.customer('acme', 'Acme');
    ws.link('c1', 'a1', 'acme');
    // a1 linked, a2 unlinked, '' (events without an account) excluded, c2 another connection.
    ws.item({ connection: 'c1', account: 'a1', kind: 'event', item: 'Export', user: 'u1', day: '2024-06-02' });
    ws.item({ connection: 'c1', account: 'a1', kind: 'event', item: 'Export', user: 'u1', day: '2024-06-03' });
    ws.item({ connection: 'c1', account: 'a2', kind: 'event', item: 'Export', user: 'u2', day: '2024-06-03' });
    ws.item({ connection: 'c1', account: 'a2', kind: 'event', item: 'Share', user: 'u2', day: '2024-06-05' });
    ws.item({ connection: 'c1', account: '', kind: 'event', item: 'Export', user: 'u9', day: '2024-06-03' });
    ws.item({ connection: 'c1', account: 'a1', kind: 'page', item: 'Export', user: 'u3', day: '2024-06-03' });
    ws.item({ connection: 'c1', account: 'a1', kind: 'event', item: 'Share', user: 'u4', day: '2024-06-06' });
    ws.item({ connection: 'c2', account: 'a1', kind: 'event', item: 'Export', user: 'u5', day: '2024-06-03' });

    expect(connectionFeatureUsers(ws.store.sqlite, 'c1', 'event', { from: '2024-06-02', to: '2024-06-05' })).toEqual([
      { id: 'Export', users: 2 },
      { id: 'Share', users: 1 },
    ]);
    expect(connectionFeatureUsers(ws.store.sqlite, 'c1', 'event', { from: '2024-06-06', to: '2024-06-06' })).toEqual([
      { id: 'Share', users: 1 },
    ]);
    expect(connectionFeatureUsers(ws.store.sqlite, 'c1', 'page', { from: '2024-06-01', to: '2024-06-06' })).toEqual([
      { id: 'Export', users: 1 },
    ]);
    expect(connectionFeatureUsers(ws.store.sqlite, 'c3', 'event', { from: '2024-06-01', to: '2024-06-06' })).toEqual([]);
  });

  it('equals the whole-history query on random workspaces and windows', async () => {
    ws = await tinyWorkspace();
    const target = ws;
    target.connection('c1', 'mixpanel', '2024-06-06');
    target.connection('c2', 'mixpanel', '2024-06-06');
    const row = fc.record({
      connection: fc.constantFrom('c1', 'c2'),
      account: fc.constantFrom('', 'a1', 'a2', 'a10', 'b'),
      kind: fc.constantFrom('event' as const, 'page' as const),
      item: fc.constantFrom('A', 'B', 'C'),
      user: fc.constantFrom('u1', 'u2', 'u3', 'u4'),
      day: fc.constantFrom(...DAYS),
    });
    const seen = new Set<string>();
    fc.assert(
      fc.property(
        fc.array(row, { maxLength: 12 }),
        fc.nat(5),
        fc.nat(5),
        fc.constantFrom('event', 'page'),
        (rows, i, j, kind) => {
          for (const r of rows) {
            const key = JSON.stringify(r);
            if (seen.has(key)) continue;
            seen.add(key);
            target.item(r);
          }
          const [from, to] = [DAYS[Math.min(i, j)] as string, DAYS[Math.max(i, j)] as string];
          const got = connectionFeatureUsers(target.store.sqlite, 'c1', kind as 'event', { from, to });
          expect(got).toEqual(reference(target, 'c1', kind, from, to));
        },
      ),
      { numRuns: 60 },
    );
  });

  it('feeds the feature matrix the same per-customer counts as before', async () => {
    ws = await tinyWorkspace();
    ws.connection('c1', 'amplitude', '2024-06-06');
    ws.customer('acme', 'Acme');
    ws.customer('beta', 'Beta');
    ws.link('c1', 'a1', 'acme');
    ws.link('c1', 'a2', 'acme');
    ws.link('c1', 'b1', 'beta');
    for (const [account, user, item, day] of [
      ['a1', 'u1', 'Export', '2024-06-02'],
      ['a2', 'u1', 'Export', '2024-06-03'],
      ['a2', 'u2', 'Share', '2024-06-03'],
      ['b1', 'u3', 'Export', '2024-05-01'],
      ['x9', 'u4', 'Share', '2024-06-04'],
    ] as const) {
      ws.item({ connection: 'c1', account, kind: 'event', item, user, day });
      ws.activity({ connection: 'c1', account, user, day });
    }
    const usage = connectionFeatureUsage(ws.ctx, 'c1', 'event', { from: '2024-06-01', to: '2024-06-06' }, '2024-06-07');
    expect([...usage.customers].map(([c, u]) => [c, u.active, [...u.users]])).toEqual([
      // u1 in two linked accounts of acme is one user; beta was active before the window only.
      [
        'acme',
        2,
        [
          ['Export', 1],
          ['Share', 1],
        ],
      ],
    ]);
    // The unlinked account x9 counts toward the connection's totals (the top-used ranking), not a customer.
    expect([...usage.totals]).toEqual([
      ['Export', 1],
      ['Share', 2],
    ]);
  });
});
