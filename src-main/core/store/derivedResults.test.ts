import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import pkg from '../../../package.json';
import { makeTempDir } from '../../../test/support/tempDir';
import { silentLogger } from '../ports';
import { changeVersion, memoUntilChanged } from './changeVersion';
import { flushDerivedResults, inputGeneration, type JsonCodec, rememberedResult } from './derivedResults';
import { openStore, type Store } from './openStore';

/** Over a real workspace file with every migration; a second store on the same file is a restarted app. */
let dir: ReturnType<typeof makeTempDir>;
let store: Store;
const opened: Store[] = [];
const clock = { now: () => Date.parse('2026-04-20T12:00:00Z') };

async function openOnSameFile(): Promise<Store> {
  const next = await openStore({ path: join(dir.path, 'pulse.db'), clock, logger: silentLogger });
  opened.push(next);
  return next;
}

beforeEach(async () => {
  dir = makeTempDir('pulse-derived-');
  store = await openOnSameFile();
});
afterEach(async () => {
  for (const s of opened.splice(0)) await s.close();
  dir.remove();
});

const rows = (s: Store) =>
  s.sqlite.prepare('select name, data_key as dataKey, json from derived_results order by name').all() as Array<{
    name: string;
    dataKey: string;
    json: string;
  }>;

describe('persisted derived results', () => {
  it('reads a persisted result back on another connection (a restart) while the key matches', async () => {
    let runs = 0;
    const value = { rows: [{ id: 'a', score: 71.25, band: null, sparkline: [{ day: '2026-04-19', score: 0.1 + 0.2 }] }] };
    const compute = () => {
      runs++;
      return value;
    };
    expect(rememberedResult(store.sqlite, 'k1', compute, { name: 'slot' })).toBe(value);
    expect(rememberedResult(store.sqlite, 'k1', compute, { name: 'slot' })).toBe(value);
    expect(runs).toBe(1);
    expect(flushDerivedResults(store.sqlite)).toBe(1);

    const restarted = await openOnSameFile();
    const answer = rememberedResult(restarted.sqlite, 'k1', compute, { name: 'slot' });
    expect(runs).toBe(1);
    expect(answer).toEqual(value);
    // Another key (the data changed): computed, and the slot then holds the new key.
    expect(rememberedResult(restarted.sqlite, 'k2', () => ({ rows: [] }), { name: 'slot' })).toEqual({ rows: [] });
    expect(flushDerivedResults(restarted.sqlite)).toBe(1);
    expect(rows(restarted)).toEqual([{ name: 'slot', dataKey: `1|${pkg.version}|k2`, json: '{"rows":[]}' }]);
  });

  it('persists after the current task, never inside a transaction, and not while one is open', async () => {
    rememberedResult(store.sqlite, 'k', () => [1, 2, 3], { name: 'later' });
    expect(rows(store)).toEqual([]);
    await new Promise((resolve) => setImmediate(resolve));
    expect(rows(store).map((r) => r.json)).toEqual(['[1,2,3]']);

    let runs = 0;
    store.sqlite.transaction(() => {
      rememberedResult(store.sqlite, 't', () => ++runs, { name: 'in-tx' });
      rememberedResult(store.sqlite, 't', () => ++runs, { name: 'in-tx' });
    })();
    expect(runs).toBe(2);
    expect(flushDerivedResults(store.sqlite)).toBe(0);

    // Queued outside, but a transaction is open when the flush comes (an async task's): it waits for it.
    rememberedResult(store.sqlite, 'w', () => 'waited', { name: 'waits' });
    store.sqlite.exec('begin');
    await new Promise((resolve) => setTimeout(resolve, 20));
    store.sqlite.exec('commit');
    expect(rows(store).some((r) => r.name === 'waits')).toBe(false);
    await expect.poll(() => rows(store).some((r) => r.name === 'waits'), { timeout: 2000 }).toBe(true);
  });

  it('keeps in memory only what JSON would not give back exactly', async () => {
    const cases: Array<[string, unknown]> = [
      ['map', { m: new Map([['a', 1]]) }],
      ['set', new Set(['a'])],
      ['undefined', { a: 1, b: undefined }],
      ['nan', { score: Number.NaN }],
      ['infinity', [Number.POSITIVE_INFINITY]],
      ['negative zero', { delta: -0 }],
      ['date', { at: new Date(0) }],
    ];
    for (const [name, value] of cases) expect(rememberedResult(store.sqlite, name, () => value, { name })).toBe(value);
    expect(flushDerivedResults(store.sqlite)).toBe(0);
    expect(rows(store)).toEqual([]);
  });

  it('writes Maps through a codec and reads them back equal', async () => {
    const codec: JsonCodec<Map<string, number>> = {
      encode: (m) => [...m],
      decode: (json) => new Map(json as Array<[string, number]>),
    };
    const value = new Map([
      ['x', 1],
      ['y', 2.5],
    ]);
    rememberedResult(store.sqlite, 'm', () => value, { name: 'map', codec });
    expect(flushDerivedResults(store.sqlite)).toBe(1);
    const restarted = await openOnSameFile();
    expect(rememberedResult(restarted.sqlite, 'm', () => new Map<string, number>(), { name: 'map', codec })).toEqual(value);
  });

  it('recomputes a damaged row: unparseable JSON, edited JSON, a row written by another version', async () => {
    const damage = [
      null, // the control: an intact row is served
      "update derived_results set json = '{\"n\":' where name = 'slot'",
      "update derived_results set json = '{\"n\":2}' where name = 'slot'",
      `update derived_results set data_key = '1|0.0.0-older|k' where name = 'slot'`,
    ];
    for (const statement of damage) {
      store.sqlite.exec('delete from derived_results');
      const writer = await openOnSameFile();
      rememberedResult(writer.sqlite, 'k', () => ({ n: 1 }), { name: 'slot' });
      expect(flushDerivedResults(writer.sqlite)).toBe(1);
      if (statement) store.sqlite.exec(statement);
      const restarted = await openOnSameFile();
      let runs = 0;
      const compute = () => {
        runs++;
        return { n: 1 };
      };
      expect(rememberedResult(restarted.sqlite, 'k', compute, { name: 'slot' })).toEqual({ n: 1 });
      expect(runs).toBe(statement ? 1 : 0);
    }
  });

  it('persisting does not move the change version, so memos keyed on it stay', async () => {
    let computed = 0;
    const memo = () => memoUntilChanged(store.sqlite, 'memo', () => ++computed);
    memo();
    const before = changeVersion(store.sqlite);
    rememberedResult(store.sqlite, 'k', () => ({ big: 'x'.repeat(10_000) }), { name: 'slot' });
    expect(flushDerivedResults(store.sqlite)).toBe(1);
    rememberedResult(store.sqlite, 'k2', () => ({ big: 'y' }), { name: 'slot' });
    expect(flushDerivedResults(store.sqlite)).toBe(1);
    expect(changeVersion(store.sqlite)).toBe(before);
    memo();
    expect(computed).toBe(1);
    // Any other write still moves it.
    store.sqlite.prepare("insert into settings (key, value_json, updated_at) values ('x', '1', 0)").run();
    memo();
    expect(computed).toBe(2);
  });

  it("moves the 'health' generation on every write to snapshots, alerts and customers, from any connection", async () => {
    const db = store.sqlite;
    const generations: number[] = [inputGeneration(db, 'health')];
    const step = (sql: string, on = db) => {
      on.prepare(sql).run();
      generations.push(inputGeneration(db, 'health'));
    };
    step("insert into customers (id, name, created_at, updated_at) values ('c1', 'C1', 0, 0)");
    step("update customers set owner = 'Ana' where id = 'c1'");
    step(
      `insert into health_snapshots (customer_id, day, score, band, coverage, components_json, config_version, as_of, computed_at)
       values ('c1', '2026-04-19', 50, 'yellow', 1, '[]', 1, null, 0)`,
    );
    step("update health_snapshots set score = 51 where customer_id = 'c1'");
    step(
      `insert into alerts (customer_id, rule, subject, status, severity, title, evidence_json, suggested_action, owner, opened_on, last_fired_on, created_at, updated_at, status_changed_at)
       values ('c1', 'usage_drop', '', 'open', 'warning', 't', '{}', 's', null, '2026-04-19', '2026-04-19', 0, 0, 0)`,
    );
    step("update alerts set status = 'resolved'");
    const other = await openOnSameFile();
    step("update customers set name = 'C one' where id = 'c1'", other.sqlite);
    // Deleting the customer cascades to its snapshots and alerts: those deletes count too.
    const before = inputGeneration(db, 'health');
    step("delete from customers where id = 'c1'");
    expect(inputGeneration(db, 'health') - before).toBe(3);
    for (let i = 1; i < generations.length; i++) expect(generations[i]).toBeGreaterThan(generations[i - 1] as number);
  });
});
