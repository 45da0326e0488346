/**
 * Parser and aggregator in isolation, on Amplitude export lines already in memory (no zlib, no SQLite),
 * so a change to either can be compared A/B on a shared machine: each stage runs several times and the
 * lowest CPU time is printed.
 *
 *   node bin/run-ts.mjs test/bench/ingest/hotLoop.ts [--cache DIR] [--files 10] [--rounds 5]
 *
 * Reads the cache written by profileIngest.ts (run that first).
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import zlib from 'node:zlib';
import {
  breakdownPicker,
  parseEventLine,
  parseLineWalker,
  toCanonical,
} from '../../../src-main/core/connectors/amplitude/eventParser';
import type { CanonicalEvent } from '../../../src-main/core/connectors/types';
import { createPseudonymizer, WindowAggregator } from '../../../src-main/core/ingest';
import { gzipMembers } from './exportFiles';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(name);
  return i >= 0 ? (process.argv[i + 1] ?? fallback) : fallback;
}

const cache = arg('--cache', '/tmp/pulse-ingest-cache-200x30');
const fileCount = Number(arg('--files', '10'));
const rounds = Number(arg('--rounds', '5'));
const BREAKDOWNS = ['plan', 'platform', 'role'];

function cpuMs(run: () => void): number {
  const c0 = process.cpuUsage();
  run();
  const c = process.cpuUsage(c0);
  return (c.user + c.system) / 1000;
}

const files = readdirSync(cache)
  .filter((f) => f.startsWith('amplitude'))
  .sort()
  .slice(0, fileCount)
  .map((f) => join(cache, f));
const members = await gzipMembers(files.map((file) => ({ vendor: 'amplitude' as const, url: '', file, contentEncoding: null })));
const lines = members.flatMap((m) =>
  zlib
    .gunzipSync(m)
    .toString('utf8')
    .split('\n')
    .filter((l) => l.length > 0),
);
const picker = breakdownPicker(BREAKDOWNS);
let events: CanonicalEvent[] = [];
const parse: number[] = [];
const walker: number[] = [];
const aggregate: number[] = [];
for (let r = 0; r < rounds; r++) {
  parse.push(
    cpuMs(() => {
      events = [];
      for (const line of lines) {
        const result = parseEventLine(line, 'company', picker);
        if (result.ok) for (const e of result.events) events.push(e);
      }
    }),
  );
  // The same lines through the JavaScript field walker (the parser before JSON.parse came first).
  walker.push(
    cpuMs(() => {
      for (const line of lines) {
        const parsed = parseLineWalker(line, 'company', picker);
        if (typeof parsed !== 'string') toCanonical(parsed);
      }
    }),
  );
  aggregate.push(
    cpuMs(() => {
      const sink = new WindowAggregator({
        timeZone: 'UTC',
        pseudonymize: createPseudonymizer('bench-secret', 'c1'),
        keepReadableIds: true,
        keyEvents: new Set(['Signed Up', 'Created Project']),
        breakdownProperties: BREAKDOWNS,
      });
      for (const e of events) sink.event(e);
      sink.finish();
    }),
  );
}
const min = (xs: number[]): number => Math.round(Math.min(...xs));
console.log(
  JSON.stringify({
    lines: lines.length,
    events: events.length,
    parseCpuMs: min(parse),
    walkerParseCpuMs: min(walker),
    aggregateCpuMs: min(aggregate),
    parseUsPerLine: +((min(parse) * 1000) / lines.length).toFixed(2),
    walkerUsPerLine: +((min(walker) * 1000) / lines.length).toFixed(2),
    aggregateUsPerEvent: +((min(aggregate) * 1000) / events.length).toFixed(2),
  }),
);
