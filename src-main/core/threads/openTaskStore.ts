import BetterSqlite3 from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { migrations as knownMigrations } from '../../../migrations';
import { CoreError } from '../../../src-shared/contract';
import { describeSqliteError, type Store } from '../store';
import type { Database } from '../store/schema';

/**
 * A second connection to a workspace the core already opened (and migrated): no migrations, no backups,
 * nothing created. The schema must be exactly the one this code knows, else the thread refuses and the
 * core does the work itself. A busy timeout lets its write transactions wait for the core's.
 */
export function openTaskStore(path: string, nativeBinding: string | null): Store {
  let sqlite: BetterSqlite3.Database;
  try {
    sqlite = new BetterSqlite3(path, { fileMustExist: true, timeout: 5000, ...(nativeBinding ? { nativeBinding } : {}) });
  } catch (error) {
    throw describeSqliteError(error, path);
  }
  try {
    const applied = (sqlite.prepare('select name from schema_migrations order by name').all() as Array<{ name: string }>).map(
      (row) => row.name,
    );
    const known = knownMigrations.map(([name]) => name).sort();
    const userVersion = Number(sqlite.pragma('user_version', { simple: true }));
    if (applied.join('\n') !== known.join('\n')) {
      throw new CoreError(
        'DB_NEWER_VERSION',
        `The workspace database ${path} has schema ${userVersion} (${applied.length} migrations); this task thread knows exactly ${known.length}.`,
      );
    }
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma('synchronous = NORMAL');
    const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
    return {
      db,
      sqlite,
      path,
      schemaVersion: known.length,
      backupPath: null,
      close: async () => {
        await db.destroy();
      },
    };
  } catch (error) {
    sqlite.close();
    throw error;
  }
}
