import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { makeTempDir } from '../../../test/support/tempDir';
import { silentLogger } from '../ports';
import { openStore, type Store } from '../store';
import { pruneOldData } from './pruneOldData';

const dirs: Array<{ remove(): void }> = [];
const stores: Store[] = [];
afterEach(async () => {
  for (const s of stores.splice(0)) await s.close();
  for (const d of dirs.splice(0)) d.remove();
});

describe('pruneOldData', () => {
  it('deletes usage older than the horizon, keeping whole months', async () => {
    const dir = makeTempDir();
    dirs.push(dir);
    const store = await openStore({ path: join(dir.path, 'pulse.db'), clock: { now: () => 1 }, logger: silentLogger });
    stores.push(store);
    store.sqlite
      .prepare(
        "insert into connections (id, vendor, label, region, settings_json, created_at, updated_at) values ('c1','amplitude','A','us','{}',1,1)",
      )
      .run();
    const insert = store.sqlite.prepare(
      "insert into activity_days (connection_id, window_key, account_id, user_key, day, events, minutes) values ('c1', ?, 'acme', 'u1', ?, 1, 1)",
    );
    for (const day of ['2024-10-31', '2024-11-01', '2024-11-30', '2026-11-25']) insert.run(`events:${day}`, day);
    const result = pruneOldData(store, { today: '2026-11-26', retentionMonths: 24 });
    expect(result.cutoff).toBe('2024-11-01');
    expect(result.deletedRows).toBe(1);
    const days = (store.sqlite.prepare('select day from activity_days order by day').all() as Array<{ day: string }>).map(
      (r) => r.day,
    );
    expect(days).toEqual(['2024-11-01', '2024-11-30', '2026-11-25']);
  });
});
