import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { CoreError } from '../../../src-shared/contract';
import { describeSqliteError, isSqliteError } from './sqliteErrors';

describe('SQLite errors a CSM can act on', () => {
  it('recognises errors raised by SQLite itself, and nothing else', () => {
    const db = new BetterSqlite3(':memory:');
    let raised: unknown = null;
    try {
      db.exec('select * from no_such_table');
    } catch (error) {
      raised = error;
    } finally {
      db.close();
    }
    expect(isSqliteError(raised)).toBe(true);
    for (const other of [new Error('x'), new CoreError('INTERNAL', 'x'), { code: 'ENOENT' }, null, 'SQLITE_BUSY'])
      expect(isSqliteError(other)).toBe(false);
  });

  it('a full disk and a workspace locked by another process name the file and what to do', () => {
    const full = describeSqliteError({ code: 'SQLITE_FULL' }, '/w/pulse.db');
    expect(full).toMatchObject({ code: 'DB_FULL' });
    expect(full.message).toMatch(/\/w\/pulse\.db is full\. Nothing from the interrupted write was kept/);
    for (const code of ['SQLITE_BUSY', 'SQLITE_BUSY_SNAPSHOT', 'SQLITE_LOCKED']) {
      const busy = describeSqliteError({ code }, '/w/pulse.db');
      expect(busy).toMatchObject({ code: 'DB_BUSY' });
      expect(busy.message).toMatch(/in use by another Pulse window or process .*try again/);
    }
  });
});
