import type { Kysely } from 'kysely';
import * as m0001 from './0001_workspace';
import * as m0002 from './0002_sync';

export interface WorkspaceMigration {
  up(db: Kysely<unknown>): Promise<void>;
}

/**
 * Forward-only, numbered, statically imported (so bundlers keep them and nothing is read from disk at
 * run time). Append only: never edit or reorder a migration that has shipped.
 */
export const migrations: ReadonlyArray<readonly [name: string, migration: WorkspaceMigration]> = [
  ['0001_workspace', m0001],
  ['0002_sync', m0002],
];
