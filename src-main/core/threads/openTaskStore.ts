import BetterSqlite3 from 'better-sqlite3';
import { CoreError } from '../../../src-shared/contract/errors';
import type { Store } from '../store/openStore';
import { describeSqliteError } from '../store/sqliteErrors';

/**
 * A second connection to a workspace the core already opened (and migrated): no migrations, no backups,
 * nothing created. The schema must be exactly the one the core's code knows (`migrations`, the core's
 * list: the thread runs the same build), else the thread refuses and the core does the work itself. A
 * busy timeout lets its write transactions wait for the core's.
 * No query builder: a task reads and writes through `sqlite`, and loading Kysely (and the migrations
 * that import it) was a quarter of a task thread's start.
 */
export function openTaskStore(path: string, nativeBinding: string | null, migrations: readonly string[]): Store {
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
    const known = [...migrations].sort();
    const userVersion = Number(sqlite.pragma('user_version', { simple: true }));
    if (applied.join('\n') !== known.join('\n')) {
      throw new CoreError(
        'DB_NEWER_VERSION',
        `The workspace database ${path} has schema ${userVersion} (${applied.length} migrations); this task thread knows exactly ${known.length}.`,
      );
    }
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma('synchronous = NORMAL');
    const connection = sqlite;
    return {
      get db(): never {
        throw new Error('A task thread has no query builder: it reads and writes through store.sqlite.');
      },
      sqlite,
      path,
      schemaVersion: known.length,
      backupPath: null,
      close: async () => {
        connection.close();
      },
    };
  } catch (error) {
    sqlite.close();
    throw error;
  }
}
