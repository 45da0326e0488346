import { copyFileSync, existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { migrations as knownMigrations, type WorkspaceMigration } from '../../../migrations';
import { CoreError } from '../../../src-shared/contract';
import type { Clock, Logger } from '../ports';
import type { Database } from './schema';
import { describeSqliteError } from './sqliteErrors';

export interface Store {
  /** Typed queries for everything that is not a hot path. */
  db: Kysely<Database>;
  /** The raw connection, for batched prepared statements in ingest and for transactions. */
  sqlite: BetterSqlite3.Database;
  path: string;
  schemaVersion: number;
  /** The copy taken before the last migration, if one was needed. */
  backupPath: string | null;
  close(): Promise<void>;
}

export interface OpenStoreOptions {
  path: string;
  clock: Clock;
  logger: Logger;
  /** Defaults to the app's own list; tests pass longer lists to simulate upgrades. */
  migrations?: ReadonlyArray<readonly [string, WorkspaceMigration]>;
  /** Where better-sqlite3's native module lives (Electron's ABI build), when not the default. */
  nativeBinding?: string;
  /** How many pre-migration backups to keep. */
  keepBackups?: number;
}

/**
 * Opens (or creates) the workspace database: WAL, foreign keys, schema checks, a backup copy before
 * migrating, then forward migrations each in its own transaction. A database written by a newer
 * Pulse, a corrupt file or an unwritable folder are refused with a message naming the file, and the
 * file is never modified in those cases.
 */
export async function openStore(options: OpenStoreOptions): Promise<Store> {
  const migrations = options.migrations ?? knownMigrations;
  const { path, logger } = options;
  try {
    mkdirSync(dirname(path), { recursive: true });
  } catch (error) {
    throw describeSqliteError({ code: 'SQLITE_CANTOPEN', cause: error }, path);
  }

  const existedBefore = existsSync(path);
  let sqlite: BetterSqlite3.Database;
  try {
    sqlite = new BetterSqlite3(path, {
      timeout: 5000,
      ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}),
    });
  } catch (error) {
    throw describeSqliteError(error, path);
  }

  try {
    // Reading the header first: a non-SQLite file fails here, before any pragma writes to it.
    sqlite.pragma('schema_version', { simple: true });
    const applied = readAppliedMigrations(sqlite);
    const knownNames = new Set(migrations.map(([name]) => name));
    const unknown = applied.filter((name) => !knownNames.has(name));
    const userVersion = Number(sqlite.pragma('user_version', { simple: true }));
    if (unknown.length > 0 || userVersion > migrations.length) {
      throw new CoreError(
        'DB_NEWER_VERSION',
        `The workspace database ${path} was written by a newer version of Pulse (schema ${Math.max(userVersion, applied.length)}; ` +
          `this version knows up to ${migrations.length}). It was left untouched. Update Pulse to open it, or choose another data folder.`,
      );
    }

    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma('synchronous = NORMAL');

    const pending = migrations.filter(([name]) => !applied.includes(name));
    let backupPath: string | null = null;
    if (pending.length > 0 && existedBefore && applied.length > 0) {
      backupPath = await backupBeforeMigrating(sqlite, path, applied.length, options.clock, options.keepBackups ?? 5);
      logger.log('info', 'workspace backed up before migrating', { backupPath, from: applied.length, to: migrations.length });
    }

    const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
    for (const [name, migration] of pending) {
      try {
        await db.transaction().execute(async (trx) => {
          await migration.up(trx as unknown as Kysely<unknown>);
          await trx.insertInto('schema_migrations').values({ name, applied_at: options.clock.now() }).execute();
        });
      } catch (error) {
        await db.destroy();
        const reason = error instanceof CoreError ? error.message : describeSqliteError(error, path).message;
        throw new CoreError(
          'DB_MIGRATION_FAILED',
          `Updating the workspace database ${path} to ${name} failed and was rolled back: ${reason}` +
            (backupPath ? ` A copy from before the update is at ${backupPath}.` : ''),
        );
      }
      sqlite.pragma(`user_version = ${migrations.findIndex(([n]) => n === name) + 1}`);
    }

    return {
      db,
      sqlite,
      path,
      schemaVersion: migrations.length,
      backupPath,
      close: async () => {
        await db.destroy();
      },
    };
  } catch (error) {
    if (sqlite.open) sqlite.close();
    throw error instanceof CoreError ? error : describeSqliteError(error, path);
  }
}

function readAppliedMigrations(sqlite: BetterSqlite3.Database): string[] {
  sqlite.exec('create table if not exists schema_migrations (name text primary key, applied_at integer not null)');
  return (sqlite.prepare('select name from schema_migrations order by name').all() as Array<{ name: string }>).map(
    (row) => row.name,
  );
}

async function backupBeforeMigrating(
  sqlite: BetterSqlite3.Database,
  path: string,
  fromVersion: number,
  clock: Clock,
  keep: number,
): Promise<string> {
  const folder = join(dirname(path), 'backups');
  mkdirSync(folder, { recursive: true });
  const stamp = new Date(clock.now()).toISOString().replace(/[:.]/g, '-');
  const target = join(folder, `pulse-schema${fromVersion}-${stamp}.db`);
  try {
    await sqlite.backup(target);
  } catch (error) {
    // The online backup API can fail on an exotic file system; a plain copy of a checkpointed file is equivalent.
    sqlite.pragma('wal_checkpoint(TRUNCATE)');
    copyFileSync(path, target);
    void error;
  }
  const old = readdirSync(folder)
    .filter((name) => name.startsWith('pulse-schema') && name.endsWith('.db'))
    .sort()
    .reverse()
    .slice(keep);
  for (const name of old) rmSync(join(folder, name), { force: true });
  return target;
}
