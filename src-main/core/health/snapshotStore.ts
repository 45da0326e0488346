import type BetterSqlite3 from 'better-sqlite3';
import type { HealthBand, HealthComponent, HealthSnapshot } from '../../../src-shared/contract/health';
import { cachedStatement } from '../metrics/statements';

interface SnapshotRow {
  customer_id: string;
  day: string;
  score: number | null;
  band: HealthBand | null;
  coverage: number;
  components_json: string;
  config_version: number;
  as_of: string | null;
  provisional: number;
}

/** The daily health history (health_snapshots): one row per customer and day, replaced on recompute. */
export class SnapshotStore {
  constructor(private readonly sqlite: BetterSqlite3.Database) {}

  write(snapshot: HealthSnapshot, computedAt: number): void {
    cachedStatement(
      this.sqlite,
      `insert into health_snapshots (customer_id, day, score, band, coverage, components_json, config_version, as_of, provisional, computed_at)
       values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       on conflict(customer_id, day) do update set score = excluded.score, band = excluded.band, coverage = excluded.coverage,
         components_json = excluded.components_json, config_version = excluded.config_version, as_of = excluded.as_of,
         provisional = excluded.provisional, computed_at = excluded.computed_at`,
    ).run(
      snapshot.customerId,
      snapshot.day,
      snapshot.score,
      snapshot.band,
      snapshot.coverage,
      JSON.stringify(snapshot.components),
      snapshot.configVersion,
      snapshot.asOf,
      snapshot.provisional ? 1 : 0,
      computedAt,
    );
  }

  get(customerId: string, day: string): HealthSnapshot | null {
    const row = cachedStatement(this.sqlite, 'select * from health_snapshots where customer_id = ? and day = ?').get(
      customerId,
      day,
    ) as SnapshotRow | undefined;
    return row ? toSnapshot(row) : null;
  }

  /** Score, band and version of one stored day, without parsing its components (what the alert rules ask). */
  scoreOn(customerId: string, day: string): { score: number | null; band: HealthBand | null; configVersion: number } | null {
    const row = cachedStatement(
      this.sqlite,
      'select score, band, config_version as configVersion from health_snapshots where customer_id = ? and day = ?',
    ).get(customerId, day) as { score: number | null; band: HealthBand | null; configVersion: number } | undefined;
    return row ?? null;
  }

  latest(customerId: string): HealthSnapshot | null {
    const row = this.sqlite
      .prepare('select * from health_snapshots where customer_id = ? order by day desc limit 1')
      .get(customerId) as SnapshotRow | undefined;
    return row ? toSnapshot(row) : null;
  }

  /** The latest snapshot of every customer that has one. */
  latestAll(): Map<string, HealthSnapshot> {
    // One primary-key seek per customer (CROSS JOIN keeps customers as the outer loop in SQLite):
    // grouping health_snapshots itself read every stored snapshot, components included, 90 per customer.
    const rows = this.sqlite
      .prepare(
        `select s.* from customers c
         cross join health_snapshots s on s.customer_id = c.id
           and s.day = (select max(m.day) from health_snapshots m where m.customer_id = c.id)`,
      )
      .all() as SnapshotRow[];
    return new Map(rows.map((r) => [r.customer_id, toSnapshot(r)]));
  }

  /** Score, band and version per day in [from, to], every customer (for trends and sparklines in one read). */
  scores(
    from: string,
    to: string,
    customerId?: string,
  ): Array<{
    customerId: string;
    day: string;
    score: number | null;
    band: HealthBand | null;
    coverage: number;
    configVersion: number;
  }> {
    const sql = `select customer_id as customerId, day, score, band, coverage, config_version as configVersion from health_snapshots
       where day between ? and ? ${customerId ? 'and customer_id = ?' : ''} order by customer_id, day`;
    const args: unknown[] = customerId ? [from, to, customerId] : [from, to];
    return this.sqlite.prepare(sql).all(...args) as Array<{
      customerId: string;
      day: string;
      score: number | null;
      band: HealthBand | null;
      coverage: number;
      configVersion: number;
    }>;
  }

  /** Score and version of every customer on the given days only (sparkline points, trend deltas). */
  scoresOnDays(days: readonly string[]): Array<{ customerId: string; day: string; score: number | null; configVersion: number }> {
    return this.sqlite
      .prepare(
        `select customer_id as customerId, day, score, config_version as configVersion from health_snapshots
         where day in (select value from json_each(?)) order by customer_id, day`,
      )
      .all(JSON.stringify(days)) as Array<{ customerId: string; day: string; score: number | null; configVersion: number }>;
  }

  /** How many of the days [from, to] are stored for the customer under this configuration version. */
  countWithVersion(customerId: string, version: number, from: string, to: string): number {
    return (
      cachedStatement(
        this.sqlite,
        'select count(*) as n from health_snapshots where customer_id = ? and day >= ? and day <= ? and config_version = ?',
      ).get(customerId, from, to, version) as { n: number }
    ).n;
  }

  /** Days (from `from` on) already stored for the customer under this configuration version. */
  daysWithVersion(customerId: string, version: number, from = ''): Set<string> {
    const rows = cachedStatement(
      this.sqlite,
      'select day from health_snapshots where customer_id = ? and day >= ? and config_version = ?',
    ).all(customerId, from, version) as Array<{ day: string }>;
    return new Set(rows.map((r) => r.day));
  }
}

function toSnapshot(row: SnapshotRow): HealthSnapshot {
  let components: HealthComponent[] = [];
  try {
    components = JSON.parse(row.components_json) as HealthComponent[];
  } catch {
    components = [];
  }
  return {
    customerId: row.customer_id,
    day: row.day,
    score: row.score,
    band: row.band,
    status: row.score === null ? 'insufficient-data' : 'scored',
    coverage: row.coverage,
    components,
    configVersion: row.config_version,
    asOf: row.as_of,
    provisional: row.provisional === 1,
  };
}
