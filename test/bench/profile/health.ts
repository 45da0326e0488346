/**
 * Profiling entry for the health recompute, in one process (no worker) so `node --cpu-prof` sees it:
 *   node --cpu-prof bin/run-ts.mjs test/bench/profile/health.ts DATA_DIR [CUSTOMERS] [--full] [--in-place]
 * Works on a copy of the workspace database taken with SQLite's backup API (the original is untouched),
 * or with --in-place on the workspace itself (recomputing is idempotent; a copy of gigabytes takes minutes).
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { HealthConfigRepository, recomputeHealth } from '../../../src-main/core/health';
import { silentLogger } from '../../../src-main/core/ports';
import { openStore } from '../../../src-main/core/store';
import { databasePathIn } from '../../../src-main/core/workspace';
import { makeTempDir } from '../../support/tempDir';
import { KEY_EVENTS } from '../workspace';

// Flags may come anywhere: `--in-place` second must not be taken for the customer count (and copy 3 GB).
const args = process.argv.slice(2);
const flags = args.filter((a) => a.startsWith('--'));
const [dataDir, count = ''] = args.filter((a) => !a.startsWith('--'));
if (!dataDir) throw new Error('usage: profile/health.ts DATA_DIR [CUSTOMERS] [--full] [--in-place]');
const inPlace = flags.includes('--in-place');
const copy = makeTempDir('pulse-profile-');
if (!inPlace) {
  mkdirSync(copy.path, { recursive: true });
  const source = new BetterSqlite3(databasePathIn(dataDir), { readonly: true });
  await source.backup(databasePathIn(copy.path));
  source.close();
}
const clock = { now: () => Date.now() };
const store = await openStore({ path: databasePathIn(inPlace ? dataDir : copy.path), clock, logger: silentLogger });
try {
  const config = new HealthConfigRepository(store, clock).get();
  const ids = (store.sqlite.prepare('select id from customers order by id').all() as Array<{ id: string }>).map((r) => r.id);
  const wanted = count ? ids.slice(0, Number(count)) : null;
  const ctx = {
    store,
    clock,
    settings: {
      timezone: 'UTC',
      weekStart: 'monday' as const,
      keyEvents: KEY_EVENTS,
      lookbackDays: 3,
      storeReadableUserIds: false,
    },
  };
  const started = performance.now();
  const summary = await recomputeHealth(ctx, config, Date.now(), {
    customerIds: wanted,
    full: flags.includes('--full'),
  });
  console.log(JSON.stringify(summary), `${Math.round(performance.now() - started)} ms`, join(copy.path));
} finally {
  await store.close();
  copy.remove();
}
