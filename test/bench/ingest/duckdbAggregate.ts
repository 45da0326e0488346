/**
 * The analyst's baseline: DuckDB reading the same decompressed export files and computing the same
 * per-account, per-user, per-day aggregates Pulse stores (events, sessions, first/last time, distinct
 * events by insert id), into a table.
 */
import { DuckDBInstance } from '@duckdb/node-api';

export interface DuckDbRun {
  ms: number;
  /** CPU time of this process (DuckDB's threads) over the query. */
  cpuMs: number;
  /** Rows of the aggregate table (account × user × day). */
  groups: number;
  /** Events counted (after de-duplication by insert id), to check it read what Pulse read. */
  events: number;
  threads: number;
}

function fileList(files: string[]): string {
  return `[${files.map((f) => `'${f.replaceAll("'", "''")}'`).join(',')}]`;
}

const AMPLITUDE_SQL = (files: string[]) => `
create table agg as
with raw as (
  select unnest(groups.company) as account_id,
         coalesce(cast(amplitude_id as varchar), user_id, device_id) as user_id,
         cast(event_time as timestamp) as ts, session_id, uuid
  from read_ndjson(${fileList(files)}, columns = {
    amplitude_id: 'BIGINT', user_id: 'VARCHAR', device_id: 'VARCHAR', event_time: 'VARCHAR',
    session_id: 'BIGINT', uuid: 'VARCHAR', groups: 'STRUCT(company VARCHAR[])'
  })
)
select account_id, user_id, cast(ts as date) as day, count(distinct uuid) as events,
       count(distinct session_id) as sessions, min(ts) as first_ts, max(ts) as last_ts
from raw group by all`;

const MIXPANEL_SQL = (files: string[]) => `
create table agg as
with raw as (
  select properties.company_id as account_id, properties.distinct_id as user_id,
         to_timestamp(properties.time) as ts, properties."$insert_id" as insert_id
  from read_ndjson(${fileList(files)}, columns = {
    event: 'VARCHAR', properties: 'STRUCT(time BIGINT, distinct_id VARCHAR, "$insert_id" VARCHAR, company_id VARCHAR)'
  })
)
select account_id, user_id, cast(ts as date) as day, count(distinct insert_id) as events,
       min(ts) as first_ts, max(ts) as last_ts
from raw group by all`;

export async function duckdbAggregate(vendor: 'amplitude' | 'mixpanel', files: string[]): Promise<DuckDbRun> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    const threads = Number((await connection.runAndReadAll("select current_setting('threads') as t")).getRows()[0]?.[0] ?? 0);
    const t0 = performance.now();
    const cpu0 = process.cpuUsage();
    await connection.run(vendor === 'amplitude' ? AMPLITUDE_SQL(files) : MIXPANEL_SQL(files));
    const ms = performance.now() - t0;
    const cpu = process.cpuUsage(cpu0);
    const row = (await connection.runAndReadAll('select count(*), sum(events) from agg')).getRows()[0] ?? [];
    return { ms, cpuMs: (cpu.user + cpu.system) / 1000, groups: Number(row[0] ?? 0), events: Number(row[1] ?? 0), threads };
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}
