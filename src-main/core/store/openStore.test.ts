import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { type Kysely, sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { migrations } from '../../../migrations';
import { CoreError } from '../../../src-shared/contract';
import { makeTempDir } from '../../../test/support/tempDir';
import { silentLogger } from '../ports';
import { openStore } from './openStore';

const clock = { now: () => Date.UTC(2026, 10, 26, 12, 0, 0) };
const dirs: Array<{ remove(): void }> = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) dir.remove();
});
function tempDbPath(): string {
  const dir = makeTempDir('pulse-store-');
  dirs.push(dir);
  return join(dir.path, 'pulse.db');
}
const sha = (path: string): string => createHash('sha256').update(readFileSync(path)).digest('hex');
const futureTable = {
  up: async (db: Kysely<unknown>) => {
    await db.schema
      .createTable('future_things')
      .addColumn('id', 'integer', (c) => c.primaryKey())
      .execute();
  },
};

async function expectCoreError(promise: Promise<unknown>, code: string): Promise<CoreError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(CoreError);
  expect((error as CoreError).code).toBe(code);
  return error as CoreError;
}

describe('openStore on real database files', () => {
  it('creates a new workspace in WAL mode with foreign keys and every migration applied', async () => {
    const path = tempDbPath();
    const store = await openStore({ path, clock, logger: silentLogger });
    expect(store.sqlite.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(store.sqlite.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(store.schemaVersion).toBe(migrations.length);
    expect(store.sqlite.pragma('user_version', { simple: true })).toBe(migrations.length);
    expect(store.backupPath).toBeNull();
    await store.db.insertInto('settings').values({ key: 'k', value_json: '1', updated_at: 1 }).execute();
    await store.close();
    const again = await openStore({ path, clock, logger: silentLogger });
    expect(again.backupPath).toBeNull();
    expect(await again.db.selectFrom('settings').selectAll().execute()).toHaveLength(1);
    await again.close();
  });

  it('refuses a database written by a newer Pulse and leaves the file untouched', async () => {
    const path = tempDbPath();
    const future = await openStore({
      path,
      clock,
      logger: silentLogger,
      migrations: [...migrations, ['9999_future', futureTable]],
    });
    await future.close();
    const before = sha(path);
    const error = await expectCoreError(openStore({ path, clock, logger: silentLogger }), 'DB_NEWER_VERSION');
    expect(error.message).toContain(path);
    expect(error.message).toMatch(/newer version of Pulse/);
    expect(sha(path)).toBe(before);
  });

  it('refuses a corrupt file with DB_CORRUPT and does not modify it', async () => {
    const path = tempDbPath();
    writeFileSync(path, Buffer.from('this is not a sqlite database, it is a spreadsheet someone renamed'.repeat(100)));
    const before = sha(path);
    const error = await expectCoreError(openStore({ path, clock, logger: silentLogger }), 'DB_CORRUPT');
    expect(error.message).toMatch(/damaged or is not a Pulse database/);
    expect(sha(path)).toBe(before);
  });

  it('backs the workspace up before migrating and the backup holds the old data at the old schema', async () => {
    const path = tempDbPath();
    const v1 = await openStore({ path, clock, logger: silentLogger });
    await v1.db
      .insertInto('customers')
      .values({
        id: 'c1',
        name: 'Acme',
        domain: 'acme.com',
        owner: null,
        arr: 1,
        renewal_date: null,
        segment: null,
        created_at: 1,
        updated_at: 1,
      })
      .execute();
    await v1.close();

    const v2 = await openStore({ path, clock, logger: silentLogger, migrations: [...migrations, ['9999_future', futureTable]] });
    expect(v2.backupPath).not.toBeNull();
    expect(existsSync(v2.backupPath as string)).toBe(true);
    expect(await sql`select count(*) as n from future_things`.execute(v2.db)).toBeTruthy();
    await v2.close();

    const backup = new BetterSqlite3(v2.backupPath as string, { readonly: true });
    expect(backup.prepare('select name from customers').all()).toEqual([{ name: 'Acme' }]);
    expect(backup.pragma('user_version', { simple: true })).toBe(migrations.length);
    expect(backup.prepare("select count(*) as n from sqlite_master where name = 'future_things'").get()).toEqual({ n: 0 });
    backup.close();
  });

  it('rolls a failing migration back completely, keeps the backup, and the old version still opens', async () => {
    const path = tempDbPath();
    await (await openStore({ path, clock, logger: silentLogger })).close();
    const broken = {
      up: async (db: Kysely<unknown>) => {
        await db.schema.createTable('half_done').addColumn('id', 'integer').execute();
        throw new Error('disk said no');
      },
    };
    const error = await expectCoreError(
      openStore({ path, clock, logger: silentLogger, migrations: [...migrations, ['9999_broken', broken]] }),
      'DB_MIGRATION_FAILED',
    );
    expect(error.message).toMatch(/rolled back/);
    expect(error.message).toMatch(/backups/);

    const raw = new BetterSqlite3(path, { readonly: true });
    expect(raw.prepare("select count(*) as n from sqlite_master where name = 'half_done'").get()).toEqual({ n: 0 });
    expect(raw.prepare("select count(*) as n from schema_migrations where name = '9999_broken'").get()).toEqual({ n: 0 });
    raw.close();
    const reopened = await openStore({ path, clock, logger: silentLogger });
    expect(reopened.schemaVersion).toBe(migrations.length);
    await reopened.close();
  });

  it('keeps only the newest backups', async () => {
    const path = tempDbPath();
    let list = [...migrations] as Array<readonly [string, typeof futureTable]>;
    await (await openStore({ path, clock, logger: silentLogger })).close();
    let tick = 0;
    const ticking = { now: () => clock.now() + ++tick * 1000 };
    for (let i = 0; i < 4; i++) {
      list = [...list, [`9${i}_step`, { up: async (db: Kysely<unknown>) => void (await sql`select 1`.execute(db)) }]];
      await (await openStore({ path, clock: ticking, logger: silentLogger, migrations: list, keepBackups: 2 })).close();
    }
    const { readdirSync } = await import('node:fs');
    expect(readdirSync(join(path, '..', 'backups')).filter((n) => n.endsWith('.db'))).toHaveLength(2);
  });
});
