import type BetterSqlite3 from 'better-sqlite3';

/**
 * A token that changes whenever anything is written to the database: `total_changes()` counts every row
 * this connection inserted, updated or deleted (triggers included, rolled-back work too), and
 * `PRAGMA data_version` moves when another connection (a CLI run, a second process) commits. Memos keyed
 * on it can never serve an answer older than the data, whatever write path changed it; an unrelated
 * write only costs a recomputation.
 */
export function changeVersion(sqlite: BetterSqlite3.Database): string {
  const external = sqlite.pragma('data_version', { simple: true }) as number;
  const own = (sqlite.prepare('select total_changes() as n').get() as { n: number }).n;
  return `${external}:${own - (uncounted.get(sqlite) ?? 0)}`;
}

/** Changes made through `writeUncounted` on each connection, left out of its change version. */
const uncounted = new WeakMap<BetterSqlite3.Database, number>();

/**
 * Runs a write that no memo reads (a persisted copy of a derived result) without moving this connection's
 * change version: counting it would make `health.portfolio` recompute after every result it persisted.
 * Measured as the difference in total_changes(), so whatever the statement touched is left out, and
 * nothing else (the call is synchronous). A commit from another connection still moves data_version.
 */
export function writeUncounted<T>(sqlite: BetterSqlite3.Database, write: () => T): T {
  const total = () => (sqlite.prepare('select total_changes() as n').get() as { n: number }).n;
  const before = total();
  try {
    return write();
  } finally {
    uncounted.set(sqlite, (uncounted.get(sqlite) ?? 0) + total() - before);
  }
}

const memos = new WeakMap<BetterSqlite3.Database, Map<string, { version: string; value: unknown }>>();

/**
 * The last answer computed under `key` for this database, recomputed when the database changed since.
 * Callers share the returned value: they must not mutate it.
 */
export function memoUntilChanged<T>(sqlite: BetterSqlite3.Database, key: string, compute: () => T): T {
  let memo = memos.get(sqlite);
  if (!memo) {
    memo = new Map();
    memos.set(sqlite, memo);
  }
  // Inside a transaction the answer may include writes that are later rolled back (which leave
  // total_changes() where it is): compute without remembering.
  if (sqlite.inTransaction) return compute();
  const version = changeVersion(sqlite);
  const entry = memo.get(key);
  if (entry && entry.version === version) return entry.value as T;
  const value = compute();
  // Keyed on the version read before computing: a write made meanwhile makes the next call recompute.
  if (memo.size > 50) memo.clear();
  memo.set(key, { version, value });
  return value;
}
