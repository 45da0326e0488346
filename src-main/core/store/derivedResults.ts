import { createHash } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import type BetterSqlite3 from 'better-sqlite3';
import pkg from '../../../package.json';
import { writeUncounted } from './changeVersion';

/** How a value that is not plain JSON (Maps) is written and read back. */
export interface JsonCodec<T> {
  encode(value: T): unknown;
  decode(json: unknown): T;
}

/**
 * Where a result is kept across restarts: one `derived_results` row per `name` (a slot such as "the
 * portfolio rows"; the data key of the value it holds is stored with it, so a later data version simply
 * overwrites it). Without a codec the value must be plain JSON.
 */
export interface PersistedSlot<T> {
  name: string;
  codec?: JsonCodec<T>;
  /**
   * Other slots whose row may already hold this key (a result computed ahead, e.g. tomorrow's portfolio
   * rows): read when this slot's own row does not match, and then copied into this slot.
   */
  alsoIn?: readonly string[];
}

/**
 * Rows written by another version of the code are ignored and recomputed instead of served: every
 * release recomputes once, and FORMAT is bumped when what a persisted result holds, or how it is
 * computed, changes between releases (a development build keeps its version).
 */
const FORMAT = 1;
const WRITER = `${FORMAT}|${pkg.version}`;

const memory = new WeakMap<BetterSqlite3.Database, Map<string, unknown>>();

/**
 * The result computed for `key` (which names every fact the result depends on), from this connection's
 * memory, else from the persisted row of `slot` when its key matches (a previous run of the app, another
 * process), else computed. A computed value is persisted after the current task (`setImmediate`), off
 * the request's path, and only when it round-trips through JSON exactly. Inside a transaction nothing is
 * read back or remembered: the answer may include writes that are later rolled back. Callers share the
 * returned value: they must not mutate it.
 */
export function rememberedResult<T>(sqlite: BetterSqlite3.Database, key: string, compute: () => T, slot?: PersistedSlot<T>): T {
  if (sqlite.inTransaction) return compute();
  let cache = memory.get(sqlite);
  if (!cache) {
    cache = new Map();
    memory.set(sqlite, cache);
  }
  if (cache.has(key)) return cache.get(key) as T;
  const stored = slot ? readPersisted(sqlite, slot, key) : undefined;
  const value = stored ? stored.value : compute();
  if (cache.size > 200) cache.clear();
  cache.set(key, value);
  if (slot && stored?.from !== slot.name) queueWrite(sqlite, slot, key, value);
  return value;
}

/** The generation the migration's triggers keep for a group of source tables ('health'), 0 before any. */
export function inputGeneration(sqlite: BetterSqlite3.Database, name: string): number {
  const row = sqlite.prepare('select generation from derived_inputs where name = ?').get(name) as
    | { generation: number }
    | undefined;
  return row?.generation ?? 0;
}

function dataKeyOf(key: string): string {
  return `${WRITER}|${key}`;
}

function checksumOf(json: string): string {
  return createHash('sha256').update(json).digest('hex').slice(0, 32);
}

/** The stored value when a row of the slot (or of its `alsoIn`) holds `key` and reads back intact; else undefined. */
function readPersisted<T>(
  sqlite: BetterSqlite3.Database,
  slot: PersistedSlot<T>,
  key: string,
): { value: T; from: string } | undefined {
  let row: { name: string; json: string; checksum: string } | undefined;
  try {
    // Matched on the key first: a row of an older data version is not read (hundreds of KB at 1,000 customers).
    const names = [slot.name, ...(slot.alsoIn ?? [])];
    row = sqlite
      .prepare(
        `select name, json, checksum from derived_results where name in (select value from json_each(?)) and data_key = ?
         order by name = ? desc limit 1`,
      )
      .get(JSON.stringify(names), dataKeyOf(key), slot.name) as typeof row;
  } catch {
    return undefined; // a workspace without the table (a hand-made test schema): nothing persisted
  }
  if (!row || row.checksum !== checksumOf(row.json)) return undefined;
  try {
    const parsed: unknown = JSON.parse(row.json);
    return { value: slot.codec ? slot.codec.decode(parsed) : (parsed as T), from: row.name };
  } catch {
    return undefined;
  }
}

interface PendingWrite {
  key: string;
  value: unknown;
  codec: JsonCodec<unknown> | undefined;
}

const pending = new WeakMap<BetterSqlite3.Database, Map<string, PendingWrite>>();
const RETRIES = 50;

function queueWrite<T>(sqlite: BetterSqlite3.Database, slot: PersistedSlot<T>, key: string, value: T): void {
  let writes = pending.get(sqlite);
  const scheduled = writes !== undefined && writes.size > 0;
  if (!writes) {
    writes = new Map();
    pending.set(sqlite, writes);
  }
  // The latest value of a slot wins: an older one would be overwritten anyway.
  writes.set(slot.name, { key, value, codec: slot.codec as JsonCodec<unknown> | undefined });
  if (!scheduled) setImmediate(() => flushLater(sqlite, RETRIES));
}

function flushLater(sqlite: BetterSqlite3.Database, retries: number): void {
  if (!sqlite.open) {
    pending.delete(sqlite);
    return;
  }
  // Inside another task's open transaction the row would be rolled back with it: wait for it to end.
  if (sqlite.inTransaction) {
    if (retries > 0) setTimeout(() => flushLater(sqlite, retries - 1), 100);
    else pending.delete(sqlite);
    return;
  }
  flushDerivedResults(sqlite);
}

/**
 * Writes the queued results now (tests; the queue is otherwise flushed after the current task). Each is
 * written only if JSON gives back exactly the value computed (Maps without a codec, undefined fields,
 * NaN or -0 would not): such a result stays in memory only. A failed write (disk full, database busy)
 * loses nothing but the head start of the next run.
 */
export function flushDerivedResults(sqlite: BetterSqlite3.Database): number {
  const writes = pending.get(sqlite);
  pending.delete(sqlite);
  if (!writes || !sqlite.open || sqlite.inTransaction) return 0;
  let written = 0;
  for (const [name, write] of writes) {
    let json: string;
    try {
      json = JSON.stringify(write.codec ? write.codec.encode(write.value) : write.value);
      const back: unknown = JSON.parse(json);
      if (!isDeepStrictEqual(write.codec ? write.codec.decode(back) : back, write.value)) continue;
    } catch {
      continue;
    }
    try {
      writeUncounted(sqlite, () =>
        sqlite
          .prepare(
            `insert into derived_results (name, data_key, json, checksum, computed_at) values (?, ?, ?, ?, ?)
             on conflict(name) do update set data_key = excluded.data_key, json = excluded.json,
               checksum = excluded.checksum, computed_at = excluded.computed_at`,
          )
          .run(name, dataKeyOf(write.key), json, checksumOf(json), Date.now()),
      );
      written++;
    } catch {
      // not persisted: the next run computes it
    }
  }
  return written;
}
