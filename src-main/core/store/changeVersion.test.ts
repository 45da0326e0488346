import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { makeTempDir } from '../../../test/support/tempDir';
import { changeVersion, memoUntilChanged } from './changeVersion';

let dir: ReturnType<typeof makeTempDir>;
let db: BetterSqlite3.Database;
let other: BetterSqlite3.Database;
let computed = 0;
const names = () =>
  memoUntilChanged(db, 'names', () => {
    computed++;
    return (db.prepare('select name from t order by name').all() as Array<{ name: string }>).map((r) => r.name);
  });

beforeEach(() => {
  dir = makeTempDir('pulse-change-version-');
  db = new BetterSqlite3(join(dir.path, 'x.db'));
  db.pragma('journal_mode = WAL');
  db.exec("create table t (name text); insert into t values ('a')");
  other = new BetterSqlite3(join(dir.path, 'x.db'));
  computed = 0;
});
afterEach(() => {
  other.close();
  db.close();
  dir.remove();
});

it('serves the memo while nothing is written, and recomputes after a write on the same connection', () => {
  expect(names()).toEqual(['a']);
  expect(names()).toBe(names());
  expect(computed).toBe(1);
  db.prepare("insert into t values ('b')").run();
  expect(names()).toEqual(['a', 'b']);
  db.prepare("update t set name = 'c' where name = 'a'").run();
  expect(names()).toEqual(['b', 'c']);
  db.prepare("delete from t where name = 'b'").run();
  expect(names()).toEqual(['c']);
  expect(computed).toBe(4);
});

it('recomputes after another connection (a CLI run, another process) commits', () => {
  expect(names()).toEqual(['a']);
  other.prepare("insert into t values ('z')").run();
  expect(names()).toEqual(['a', 'z']);
});

it('never keeps an answer computed inside a transaction that was rolled back', () => {
  const before = changeVersion(db);
  expect(() =>
    db.transaction(() => {
      db.prepare("insert into t values ('ghost')").run();
      expect(names()).toEqual(['a', 'ghost']);
      throw new Error('abort');
    })(),
  ).toThrow('abort');
  expect(changeVersion(db)).not.toBe(before);
  expect(names()).toEqual(['a']);
});

it('keeps separate answers per key', () => {
  const count = () => memoUntilChanged(db, 'count', () => (db.prepare('select count(*) as n from t').get() as { n: number }).n);
  expect(count()).toBe(1);
  expect(names()).toEqual(['a']);
  expect(count()).toBe(1);
  expect(computed).toBe(1);
});
