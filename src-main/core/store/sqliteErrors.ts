import { CoreError } from '../../../src-shared/contract/errors';

/** True for an error raised by SQLite itself (better-sqlite3's SqliteError carries a SQLITE_* code). */
export function isSqliteError(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' && code.startsWith('SQLITE_');
}

/**
 * Maps SQLite's error codes to what a CSM can act on. The database path is named because the user
 * may need to move or restore that exact file.
 */
export function describeSqliteError(error: unknown, databasePath: string): CoreError {
  const code = typeof error === 'object' && error !== null ? String((error as { code?: unknown }).code ?? '') : '';
  if (code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT' || code.startsWith('SQLITE_CORRUPT')) {
    return new CoreError(
      'DB_CORRUPT',
      `The workspace database ${databasePath} is damaged or is not a Pulse database. It was left untouched. ` +
        'Move it aside (or restore a copy from the backups folder next to it) and start Pulse again.',
    );
  }
  if (code === 'SQLITE_READONLY' || code.startsWith('SQLITE_READONLY') || code === 'SQLITE_CANTOPEN' || code === 'SQLITE_PERM') {
    return new CoreError(
      'DB_READ_ONLY',
      `Pulse cannot write to ${databasePath}. Check that the folder exists and that you may write to it, or choose another data folder with --data-dir.`,
    );
  }
  if (code === 'SQLITE_FULL') {
    return new CoreError(
      'DB_FULL',
      `The disk holding ${databasePath} is full. Nothing from the interrupted write was kept. Free some space and try again.`,
    );
  }
  if (code === 'SQLITE_BUSY' || code.startsWith('SQLITE_BUSY') || code === 'SQLITE_LOCKED') {
    return new CoreError(
      'DB_BUSY',
      `The workspace ${databasePath} is in use by another Pulse window or process (the app or the CLI) that is writing to it. ` +
        'Nothing was changed; try again when it has finished.',
    );
  }
  if (error instanceof CoreError) return error;
  return new CoreError('INTERNAL', `The workspace database ${databasePath} reported an unexpected error (${code || 'unknown'}).`);
}
