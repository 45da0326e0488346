/**
 * The ingest hot path in one process, without HTTP or the core worker, for profiling:
 * recorded export downloads → Pulse's export reader / line parser → WindowAggregator → WindowWriter
 * into a real SQLite workspace. Prints wall and CPU time (all threads, zlib's pool included).
 *
 *   node --cpu-prof --cpu-prof-dir=/tmp/prof bin/run-ts.mjs test/bench/ingest/profileIngest.ts \
 *     amplitude|mixpanel [--accounts 200] [--days 30] [--cache DIR] [--parse-thread]
 *
 * --parse-thread: Amplitude ZIPs are inflated and parsed on a parse thread (core/parseThreads, started
 * from the worker's entry script as the core does) while this thread aggregates and writes.
 *
 * The exports are fetched once from the real sandboxes into --cache (one download per day, as the
 * connectors ask for them) and reused by later runs.
 */
import { createHash } from 'node:crypto';
import { closeSync, createReadStream, existsSync, mkdirSync, openSync, readdirSync, readSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import zlib from 'node:zlib';
import { AccountsSeen } from '../../../src-main/core/connectors/amplitude/accountsSeen';
import { readExportZip } from '../../../src-main/core/connectors/amplitude/exportReader';
import { splitLines } from '../../../src-main/core/connectors/lines';
import { ExportLineParser } from '../../../src-main/core/connectors/mixpanel/exportParser';
import { startSandboxes } from '../../../src-main/core/demo';
import { createPseudonymizer, WindowAggregator, WindowWriter } from '../../../src-main/core/ingest';
import { workerParseThreads } from '../../../src-main/core/parseThreads';
import { openStore } from '../../../src-main/core/store';
import { makeTempDir } from '../../support/tempDir';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(name);
  return i >= 0 ? (process.argv[i + 1] ?? fallback) : fallback;
}

const vendor = process.argv[2] === 'mixpanel' ? 'mixpanel' : 'amplitude';
const accounts = Number(arg('--accounts', '200'));
const days = Number(arg('--days', '30'));
const cache = arg('--cache', `/tmp/pulse-ingest-cache-${accounts}x${days}`);
const BREAKDOWNS = ['plan', 'platform', 'role'];
const parseThreads = process.argv.includes('--parse-thread')
  ? workerParseThreads({
      entry: process.env.PULSE_WORKER_ENTRY ?? new URL('../../../src-main/worker/bootstrap.mjs', import.meta.url).href,
      logger: { log: (level, message, fields) => console.error(level, message, fields ?? '') },
      minBytes: 0,
      // PARSE_THREAD_LIMITS=old,young (MB): try a resourceLimits for the parse thread.
      ...(process.env.PARSE_THREAD_LIMITS
        ? {
            resourceLimits: {
              maxOldGenerationSizeMb: Number(process.env.PARSE_THREAD_LIMITS.split(',')[0]),
              maxYoungGenerationSizeMb: Number(process.env.PARSE_THREAD_LIMITS.split(',')[1]),
            },
          }
        : {}),
    })
  : null;

async function record(): Promise<void> {
  mkdirSync(cache, { recursive: true });
  const now = Date.UTC(2026, 10, 20, 12);
  const sb = await startSandboxes({ seed: 42, accounts, days, clock: { now: () => now }, mixpanelExportLimitPerSecond: 1e6 });
  try {
    for (let d = days; d >= 1; d--) {
      const day = new Date(now - d * 86_400_000).toISOString().slice(0, 10);
      const compact = day.replaceAll('-', '');
      const amp = await fetch(`${sb.amplitude.baseUrl}/api/2/export?start=${compact}T00&end=${compact}T23`, {
        headers: { Authorization: `Basic ${Buffer.from(`${sb.amplitude.apiKey}:${sb.amplitude.secretKey}`).toString('base64')}` },
      });
      if (amp.status === 200) await writeFile(join(cache, `amplitude-${day}.zip`), Buffer.from(await amp.arrayBuffer()));
      const mix = await fetch(
        `${sb.mixpanel.baseUrl}/api/2.0/export?from_date=${day}&to_date=${day}&project_id=${sb.mixpanel.projectId}`,
        {
          headers: {
            Authorization: `Basic ${Buffer.from(`${sb.mixpanel.username}:${sb.mixpanel.secret}`).toString('base64')}`,
            'Accept-Encoding': 'gzip',
          },
          decompress: false,
        } as RequestInit,
      );
      if (mix.status === 200) await writeFile(join(cache, `mixpanel-${day}.gz`), Buffer.from(await mix.arrayBuffer()));
    }
  } finally {
    await sb.close();
  }
}

async function main(): Promise<void> {
  if (!existsSync(cache) || readdirSync(cache).length === 0) await record();
  const files = readdirSync(cache)
    .filter((f) => f.startsWith(vendor))
    .sort()
    .map((f) => join(cache, f));
  const dir = makeTempDir('pulse-profile-ingest-');
  const store = await openStore({ path: join(dir.path, 'pulse.db'), clock: { now: () => Date.now() }, logger: { log() {} } });
  store.sqlite
    .prepare(`insert into connections (id, vendor, label, region, created_at, updated_at) values ('c1', ?, 'bench', 'us', 0, 0)`)
    .run(vendor);
  // --pragma "cache_size = -32768" (repeatable): try a connection setting before changing openStore.
  process.argv.forEach((a, i) => {
    if (a === '--pragma') store.sqlite.pragma(process.argv[i + 1] ?? '');
  });
  const writer = new WindowWriter(store.sqlite);
  const pseudonymize = createPseudonymizer('bench-secret', 'c1');
  const signal = new AbortController().signal;
  const accountsSeen = new AccountsSeen();
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  let events = 0;
  let rows = 0;
  let parseMs = 0;
  let writeMs = 0;
  const rowsByTable = { activity_days: 0, item_days: 0, property_event_days: 0, property_user_days: 0, key_events: 0 };
  for (const file of files) {
    const sink = new WindowAggregator({
      timeZone: 'UTC',
      pseudonymize,
      keepReadableIds: true,
      keyEvents: new Set(['Signed Up', 'Created Project']),
      breakdownProperties: BREAKDOWNS,
    });
    const p0 = performance.now();
    if (vendor === 'amplitude') {
      await readExportZip(file, sink, { groupType: 'company', signal, accounts: accountsSeen, parseThreads });
    } else {
      const parser = new ExportLineParser(sink, { groupKey: 'company_id', timeZone: 'UTC', legacyLocalTime: false });
      // fetch may have decompressed the body already (the cache then holds plain JSON lines).
      const gz = Buffer.alloc(2);
      const fd = openSync(file, 'r');
      readSync(fd, gz, 0, 2, 0);
      closeSync(fd);
      const body = gz[0] === 0x1f && gz[1] === 0x8b ? createReadStream(file).pipe(zlib.createGunzip()) : createReadStream(file);
      for await (const line of splitLines(body)) parser.line(line);
      parser.end(true);
    }
    parseMs += performance.now() - p0;
    const aggregate = sink.finish();
    events += aggregate.stats.eventsRead;
    rowsByTable.activity_days += aggregate.activity.length;
    rowsByTable.item_days += aggregate.items.length;
    rowsByTable.property_event_days += aggregate.propertyEvents?.length ?? 0;
    rowsByTable.property_user_days += aggregate.propertyUsers?.length ?? 0;
    rowsByTable.key_events += aggregate.keyEvents.length;
    const key = file.slice(-14, -4);
    const w0 = performance.now();
    rows += writer.commit({
      connectionId: 'c1',
      stream: 'events',
      windowKey: key,
      runId: 1,
      checkpoint: key,
      aggregate,
      now: Date.now(),
    });
    writeMs += performance.now() - w0;
  }
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const cpuMs = (cpu.user + cpu.system) / 1000;
  console.log(
    JSON.stringify({
      vendor,
      files: files.length,
      events,
      rows,
      wallMs: Math.round(ms),
      parseAggMs: Math.round(parseMs),
      writeMs: Math.round(writeMs),
      rowsByTable,
      cpuMs: Math.round(cpuMs),
      eventsPerWallS: Math.round(events / (ms / 1000)),
      eventsPerCpuS: Math.round(events / (cpuMs / 1000)),
      maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
      // What was written, to compare two ways of parsing: every row of every usage table, and the accounts seen.
      digest: createHash('sha256')
        .update(JSON.stringify(accountsSeen.list()))
        .update(
          JSON.stringify(
            Object.keys(rowsByTable).map((table) => store.sqlite.prepare(`select * from ${table} order by 1, 2, 3, 4, 5`).all()),
          ),
        )
        .digest('hex')
        .slice(0, 16),
    }),
  );
  await parseThreads?.close();
  await store.close();
  dir.remove();
}

await main();
