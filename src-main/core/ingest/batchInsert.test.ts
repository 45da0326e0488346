import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { BatchInsert, byKeys } from './batchInsert';

interface Row {
  a: string;
  b: number;
}

function table() {
  const db = new BetterSqlite3(':memory:');
  db.exec('create table t (k text, a text, b integer, primary key (k, a, b)) without rowid');
  return db;
}

describe('BatchInsert', () => {
  it('writes every row, in full batches and the remainder, with the shared columns', () => {
    const db = table();
    const insert = new BatchInsert<Row>(
      db,
      'insert into t (k, a, b)',
      3,
      (r, o, i) => {
        o[i] = 'w1';
        o[i + 1] = r.a;
        o[i + 2] = r.b;
      },
      4,
    );
    for (const n of [0, 3, 4, 9]) {
      db.exec('delete from t');
      const rows = Array.from({ length: n }, (_, i) => ({ a: `x${i}`, b: i }));
      expect(insert.run(rows)).toBe(n);
      expect(db.prepare('select k, a, b from t order by b').all()).toEqual(rows.map((r) => ({ k: 'w1', ...r })));
    }
  });

  it('fails like a single insert on a duplicate key (the transaction rolls back)', () => {
    const db = table();
    const insert = new BatchInsert<Row>(
      db,
      'insert into t (k, a, b)',
      3,
      (r, o, i) => {
        o[i] = 'w1';
        o[i + 1] = r.a;
        o[i + 2] = r.b;
      },
      2,
    );
    const tx = db.transaction((rows: Row[]) => insert.run(rows));
    expect(() =>
      tx([
        { a: 'x', b: 1 },
        { a: 'y', b: 2 },
        { a: 'x', b: 1 },
      ]),
    ).toThrow(/UNIQUE/);
    expect(db.prepare('select count(*) as n from t').get()).toEqual({ n: 0 });
  });
});

describe('byKeys', () => {
  it('orders by the first key, then the next', () => {
    const rows: Row[] = [
      { a: 'b', b: 1 },
      { a: 'a', b: 2 },
      { a: 'a', b: 1 },
    ];
    expect(
      rows.sort(
        byKeys(
          (r) => r.a,
          (r) => r.b,
        ),
      ),
    ).toEqual([
      { a: 'a', b: 1 },
      { a: 'a', b: 2 },
      { a: 'b', b: 1 },
    ]);
  });
});
