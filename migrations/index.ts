import type { Kysely } from 'kysely';
import * as m0001 from './0001_workspace';
import * as m0002 from './0002_sync';
import * as m0003 from './0003_health_alerts';
import * as m0004 from './0004_exports';
import * as m0005 from './0005_query_speed';
import * as m0006 from './0006_saved_reports_breakdowns';
import * as m0007 from './0007_outcomes';
import * as m0008 from './0008_health_recompute_speed';
import * as m0009 from './0009_derived_results';
import * as m0010 from './0010_metric_inputs';

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
  ['0003_health_alerts', m0003],
  ['0004_exports', m0004],
  ['0005_query_speed', m0005],
  ['0006_saved_reports_breakdowns', m0006],
  ['0007_outcomes', m0007],
  ['0008_health_recompute_speed', m0008],
  ['0009_derived_results', m0009],
  ['0010_metric_inputs', m0010],
];
