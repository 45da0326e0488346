import type BetterSqlite3 from 'better-sqlite3';

const byDatabase = new WeakMap<BetterSqlite3.Database, Map<string, BetterSqlite3.Statement>>();

/**
 * A prepared statement kept per connection and SQL text. Compiling a statement costs about as much as a
 * small indexed read; the health recompute asks the same few statements for each of 1,000 customers
 * (`prepare` was 0.9 s of a 200-customer profile). Only for `.get`/`.all`/`.run`: a statement being
 * iterated cannot be run again until the iteration ends.
 */
export function cachedStatement(sqlite: BetterSqlite3.Database, sql: string): BetterSqlite3.Statement {
  let statements = byDatabase.get(sqlite);
  if (!statements) {
    statements = new Map();
    byDatabase.set(sqlite, statements);
  }
  let statement = statements.get(sql);
  if (!statement) {
    statement = sqlite.prepare(sql);
    statements.set(sql, statement);
  }
  return statement;
}

/**
 * `cachedStatement` in raw mode (each row an array of its columns, in select order; cheaper than an
 * object per row). Cached apart from an object-mode statement of the same SQL: raw is the statement's mode.
 */
export function cachedRawStatement(sqlite: BetterSqlite3.Database, sql: string): BetterSqlite3.Statement {
  return cachedStatement(sqlite, `-- raw\n${sql}`).raw(true);
}

/**
 * The separator of the packed reads (`group_concat(x, char(31))`: one row per day, its rows' columns
 * joined, split in JS): turning each row into JS values was most of those reads. Never part of a
 * pseudonymised user key (base64url); a read that meets it in a key falls back on one row per row.
 */
export const PACKED_SEPARATOR = '\x1f';
