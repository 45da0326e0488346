import { afterEach, describe, expect, it } from 'vitest';
import { type TinyWorkspace, tinyWorkspace } from './__fixtures__/tinyWorkspace';
import { portfolioMetrics } from './portfolio';
import { cached, dataVersion } from './resultCache';

/** Over a real SQLite file; today is 2024-06-15, so activity on 06-14 counts in the last 30 days. */
let ws: TinyWorkspace;
afterEach(async () => {
  await ws?.close();
});

async function acme(): Promise<TinyWorkspace> {
  ws = await tinyWorkspace();
  ws.connection('c1', 'amplitude', '2024-06-14');
  ws.customer('acme', 'Acme Corp', 'SMB');
  ws.link('c1', 'a1', 'acme');
  ws.activity({ connection: 'c1', account: 'a1', user: 'u1', day: '2024-06-14', events: 4 });
  return ws;
}
const acmeEvents = () => portfolioMetrics(ws.ctx).rows.find((r) => r.customerId === 'acme')?.events30d;

describe('portfolio result cache', () => {
  it('serves the same answer while nothing is written', async () => {
    await acme();
    expect(portfolioMetrics(ws.ctx)).toBe(portfolioMetrics(ws.ctx));
  });

  it('does not keep an answer computed inside a transaction that was rolled back', async () => {
    await acme();
    const db = ws.ctx.store.sqlite;
    expect(() =>
      db.transaction(() => {
        ws.activity({ connection: 'c1', account: 'a1', user: 'u2', day: '2024-06-14', events: 100 });
        expect(acmeEvents()).toBe(104);
        throw new Error('abort');
      })(),
    ).toThrow('abort');
    expect(acmeEvents()).toBe(4);
  });

  it('keeps the answer through writes it does not read, and recomputes when a window, link or customer changes', async () => {
    await acme();
    const first = portfolioMetrics(ws.ctx);
    // an alert acknowledgement, an export record, a health snapshot: none of the data the rows read
    ws.ctx.store.sqlite.exec('create table if not exists unrelated (x)');
    ws.ctx.store.sqlite.prepare('insert into unrelated values (1)').run();
    expect(portfolioMetrics(ws.ctx)).toBe(first);
    // a sync commits its data with its window: the next answer is recomputed
    ws.activity({ connection: 'c1', account: 'a1', user: 'u2', day: '2024-06-14', events: 3 });
    ws.ctx.store.sqlite.prepare('update sync_windows set committed_at = committed_at + 1').run();
    expect(acmeEvents()).toBe(7);
    ws.customer('globex', 'Globex', 'SMB');
    expect(portfolioMetrics(ws.ctx).rows.some((r) => r.customerId === 'globex')).toBe(true);
  });

  it('keys on today and the calendar settings as well as the data', async () => {
    await acme();
    const monday = dataVersion(ws.ctx, '2024-06-15');
    expect(dataVersion(ws.ctx, '2024-06-16')).not.toBe(monday);
    expect(dataVersion({ ...ws.ctx, settings: { ...ws.ctx.settings, weekStart: 'sunday' } }, '2024-06-15')).not.toBe(monday);
    expect(dataVersion(ws.ctx, '2024-06-15')).toBe(monday);
  });

  it('computes without remembering inside a transaction', async () => {
    await acme();
    let runs = 0;
    const count = () => cached(ws.ctx, 'count', () => ++runs);
    ws.ctx.store.sqlite.transaction(() => {
      count();
      count();
    })();
    expect(runs).toBe(2);
    count();
    count();
    expect(runs).toBe(3);
  });
});
