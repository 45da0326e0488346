import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { makeTempDir } from '../../../test/support/tempDir';
import type { CanonicalEvent } from '../connectors/types';
import { silentLogger } from '../ports';
import { openStore, type Store } from '../store';
import { createPseudonymizer } from './pseudonymizer';
import { WindowAggregator } from './windowAggregator';
import { WindowWriter } from './windowWriter';

const t = (iso: string) => Date.parse(iso);
const ev = (over: Partial<CanonicalEvent>): CanonicalEvent => ({
  accountId: 'acme',
  userId: 'u1',
  readableUserId: null,
  ts: t('2026-11-20T10:00:00Z'),
  name: 'Viewed Dashboard',
  sessionId: null,
  insertId: null,
  ...over,
});
const aggregator = (over: Partial<ConstructorParameters<typeof WindowAggregator>[0]> = {}) =>
  new WindowAggregator({
    timeZone: 'UTC',
    pseudonymize: createPseudonymizer('workspace-secret', 'conn-1'),
    keepReadableIds: false,
    keyEvents: new Set(['Signed Up']),
    ...over,
  });

describe('WindowAggregator', () => {
  it('folds events into per-user days with events, active minutes and first/last time', () => {
    const agg = aggregator();
    agg.event(ev({ ts: t('2026-11-20T10:00:05Z') }));
    agg.event(ev({ ts: t('2026-11-20T10:00:55Z') })); // same minute
    agg.event(ev({ ts: t('2026-11-20T10:07:00Z'), name: 'Created Report' }));
    const { activity, items } = agg.finish();
    expect(activity).toHaveLength(1);
    expect(activity[0]).toMatchObject({ accountId: 'acme', day: '2026-11-20', events: 3, minutes: 2, sessions: 1 });
    expect(activity[0]?.firstTs).toBe(t('2026-11-20T10:00:05Z'));
    expect(items.map((i) => [i.itemId, i.events]).sort()).toEqual([
      ['Created Report', 1],
      ['Viewed Dashboard', 2],
    ]);
  });

  it('drops duplicates by insert id but counts one event under each of its accounts', () => {
    const agg = aggregator();
    agg.event(ev({ insertId: 'x1' }));
    agg.event(ev({ insertId: 'x1' }));
    agg.event(ev({ insertId: 'x1', accountId: 'globex' }));
    const result = agg.finish();
    expect(result.stats.duplicates).toBe(1);
    expect(result.activity.map((a) => [a.accountId, a.events]).sort()).toEqual([
      ['acme', 1],
      ['globex', 1],
    ]);
  });

  it('splits sessions on gaps over 30 minutes and prefers vendor session ids', () => {
    const agg = aggregator();
    agg.event(ev({ ts: t('2026-11-20T09:00:00Z') }));
    agg.event(ev({ ts: t('2026-11-20T09:30:00Z') })); // exactly 30 min: same session
    agg.event(ev({ ts: t('2026-11-20T10:00:01Z') })); // 30 min 1 s: new session
    agg.event(ev({ userId: 'u2', sessionId: 111, ts: t('2026-11-20T09:00:00Z') }));
    agg.event(ev({ userId: 'u2', sessionId: 111, ts: t('2026-11-20T12:00:00Z') }));
    agg.event(ev({ userId: 'u2', sessionId: 222, ts: t('2026-11-20T13:00:00Z') }));
    const sessions = agg
      .finish()
      .activity.map((a) => a.sessions)
      .sort();
    expect(sessions).toEqual([2, 2]);
  });

  it('cuts days in the reporting time zone', () => {
    const agg = aggregator({ timeZone: 'America/New_York' });
    agg.event(ev({ ts: t('2026-11-21T04:59:00Z') })); // 23:59 on the 20th in New York
    agg.event(ev({ ts: t('2026-11-21T05:00:00Z') }));
    expect(
      agg
        .finish()
        .activity.map((a) => a.day)
        .sort(),
    ).toEqual(['2026-11-20', '2026-11-21']);
  });

  it('pseudonymises users and keeps readable ids only when allowed', () => {
    const hidden = aggregator();
    hidden.event(ev({ readableUserId: 'ana@acme.com' }));
    const result = hidden.finish();
    expect(result.activity[0]?.userKey).not.toContain('u1');
    expect(result.readableIds.size).toBe(0);
    const shown = aggregator({ keepReadableIds: true });
    shown.event(ev({ readableUserId: 'ana@acme.com' }));
    expect([...shown.finish().readableIds.values()]).toEqual(['ana@acme.com']);
  });

  it('keeps timestamps only for key events, and sums Pendo buckets with their own day', () => {
    const agg = aggregator();
    agg.event(ev({ name: 'Signed Up', ts: t('2026-11-20T08:00:00Z') }));
    agg.event(ev({ name: 'Viewed Dashboard' }));
    agg.bucket({
      accountId: 'acme',
      userId: 'v9',
      readableUserId: null,
      day: '2026-11-19',
      kind: 'activity',
      itemId: null,
      events: 7,
      minutes: 3,
    });
    agg.bucket({
      accountId: 'acme',
      userId: 'v9',
      readableUserId: null,
      day: '2026-11-19',
      kind: 'activity',
      itemId: null,
      events: 2,
      minutes: 1,
    });
    agg.bucket({
      accountId: 'acme',
      userId: 'v9',
      readableUserId: null,
      day: '2026-11-19',
      kind: 'feature',
      itemId: 'f1',
      events: 4,
      minutes: 2,
    });
    agg.rejected('line 7: not JSON');
    const result = agg.finish();
    expect(result.keyEvents).toEqual([expect.objectContaining({ eventName: 'Signed Up', ts: t('2026-11-20T08:00:00Z') })]);
    const pendo = result.activity.find((a) => a.day === '2026-11-19');
    expect(pendo).toMatchObject({ events: 9, minutes: 4, sessions: null });
    expect(result.items.find((i) => i.kind === 'feature')).toMatchObject({ itemId: 'f1', events: 4, minutes: 2 });
    expect(result.stats.rejected).toBe(1);
  });
});

describe('WindowWriter on a real database', () => {
  const dirs: Array<{ remove(): void }> = [];
  const stores: Store[] = [];
  afterEach(async () => {
    for (const store of stores.splice(0)) await store.close();
    for (const dir of dirs.splice(0)) dir.remove();
  });

  async function freshStore(): Promise<Store> {
    const dir = makeTempDir();
    dirs.push(dir);
    const store = await openStore({ path: join(dir.path, 'pulse.db'), clock: { now: () => 1 }, logger: silentLogger });
    stores.push(store);
    await store.db
      .insertInto('connections')
      .values({
        id: 'conn-1',
        vendor: 'amplitude',
        label: 'Amp',
        region: 'us',
        base_url: null,
        settings_json: '{}',
        created_at: 1,
        updated_at: 1,
      })
      .execute();
    return store;
  }

  it('re-running a window replaces its rows: identical results, never double counted', async () => {
    const store = await freshStore();
    const writer = new WindowWriter(store.sqlite);
    const fill = () => {
      const agg = aggregator();
      for (let i = 0; i < 50; i++)
        agg.event(ev({ userId: `u${i % 7}`, ts: t('2026-11-20T10:00:00Z') + i * 60_000, insertId: `i${i}` }));
      return agg.finish();
    };
    const commit = (runId: number) =>
      writer.commit({
        connectionId: 'conn-1',
        stream: 'events',
        windowKey: '2026-11-20',
        runId,
        checkpoint: '{"upTo":"2026-11-20"}',
        aggregate: fill(),
        now: 5,
      });
    commit(1);
    const first = store.sqlite.prepare('select * from activity_days order by user_key').all();
    commit(2);
    const second = store.sqlite.prepare('select * from activity_days order by user_key').all();
    expect(second).toEqual(first);
    expect(store.sqlite.prepare('select sum(events) as n from activity_days').get()).toEqual({ n: 50 });
    expect(
      store.sqlite.prepare('select checkpoint, run_id from sync_streams join sync_windows using (connection_id, stream)').get(),
    ).toEqual({
      checkpoint: '{"upTo":"2026-11-20"}',
      run_id: 2,
    });
  });

  it('clears a stream completely for a full re-sync', async () => {
    const store = await freshStore();
    const writer = new WindowWriter(store.sqlite);
    const agg = aggregator();
    agg.event(ev({}));
    writer.commit({
      connectionId: 'conn-1',
      stream: 'events',
      windowKey: '2026-11-20',
      runId: 1,
      checkpoint: '{}',
      aggregate: agg.finish(),
      now: 5,
    });
    writer.clearStream('conn-1', 'events');
    for (const table of ['activity_days', 'item_days', 'sync_windows', 'sync_streams']) {
      expect(store.sqlite.prepare(`select count(*) as n from ${table}`).get()).toEqual({ n: 0 });
    }
  });
});
