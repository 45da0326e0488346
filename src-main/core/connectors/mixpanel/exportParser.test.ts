import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isVendorError } from '../http';
import type { CanonicalEvent, IngestSink } from '../types';
import { ExportLineParser, type ExportParserOptions, REJECT } from './exportParser';

const repoRoot = join(__dirname, '..', '..', '..', '..');
const samples = join(repoRoot, '..', 'shared', 'vendor-samples', 'mixpanel');

function collect(): { sink: IngestSink; events: CanonicalEvent[]; rejected: string[] } {
  const events: CanonicalEvent[] = [];
  const rejected: string[] = [];
  return {
    events,
    rejected,
    sink: {
      event: (e) => events.push(e),
      bucket: () => {
        throw new Error('no buckets from Mixpanel');
      },
      guideEvent: () => {
        throw new Error('no guide events from Mixpanel');
      },
      rejected: (r) => rejected.push(r),
    },
  };
}

function parse(lines: string[], options: Partial<ExportParserOptions> = {}, endedWithNewline = true) {
  const c = collect();
  const parser = new ExportLineParser(c.sink, { groupKey: 'company_id', timeZone: 'UTC', legacyLocalTime: false, ...options });
  for (const l of lines) parser.line(l);
  parser.end(endedWithNewline);
  return { ...c, parser };
}

const line = (props: Record<string, unknown>, event = 'Report Viewed') => JSON.stringify({ event, properties: props });

describe('ExportLineParser on the real sample', () => {
  const text = readFileSync(join(samples, 'export-sample.jsonl'), 'utf8');
  const lines = text.split('\n').filter((l) => l.length > 0);

  it('maps the real export line and rejects the doc examples without distinct_id', () => {
    const { events, rejected, parser } = parse(lines);
    expect(events).toEqual([
      {
        accountId: null,
        userId: '1d694fd9-31a5-4b99-9eef-ae63112063ed',
        readableUserId: null,
        ts: 1623860880000,
        name: 'Viewed E-commerce Page',
        sessionId: null,
        insertId:
          'Viewed E-commerce Page\u001f1d694fd9-31a5-4b99-9eef-ae63112063ed\u001f1623860880000\u001fc5eed127-c747-59c8-a5ed-d766f48e39a4\u001f',
      },
    ]);
    expect(rejected).toEqual([REJECT.noDistinctId, REJECT.noDistinctId]);
    expect(parser.firstEventName).toBe('Viewed E-commerce Page');
    expect(parser.records).toBe(3);
  });

  it('repairs the real line split across two physical lines', () => {
    const first = lines[0] ?? '';
    const { events, rejected } = parse([first.slice(0, 100), first.slice(100)]);
    expect(events).toHaveLength(1);
    expect(rejected).toEqual([]);
  });
});

describe('ExportLineParser edge cases', () => {
  it('reads ms times (> 1e10), float seconds and numeric strings', () => {
    const { events } = parse([
      line({ time: 1700000000123, distinct_id: 'a' }),
      line({ time: 1700000000.5, distinct_id: 'b' }),
      line({ time: '1700000000', distinct_id: 'c' }),
    ]);
    expect(events.map((e) => e.ts)).toEqual([1700000000123, 1700000000500, 1700000000000]);
  });

  it('keeps $device: ids, reads $email, numeric distinct ids', () => {
    const { events } = parse([
      line({ time: 1, distinct_id: '$device:0f3c-11', $email: 'ana@acme.example' }),
      line({ time: 1, distinct_id: 42 }),
    ]);
    expect(events[0]?.userId).toBe('$device:0f3c-11');
    expect(events[0]?.readableUserId).toBe('ana@acme.example');
    expect(events[1]?.userId).toBe('42');
    expect(events[1]?.readableUserId).toBeNull();
  });

  it('fans a list-valued group key out to one event per account, deduplicating values', () => {
    const { events } = parse([
      line({ time: 10, distinct_id: 'u', $insert_id: 'x', company_id: ['acme', 'globex', 'acme', '', 7] }),
    ]);
    expect(events.map((e) => e.accountId)).toEqual(['acme', 'globex', '7']);
    expect(new Set(events.map((e) => e.insertId)).size).toBe(3);
    expect(events.every((e) => e.insertId?.startsWith('Report Viewed\u001fu\u001f10000\u001fx\u001f'))).toBe(true);
  });

  it('uses the configured group key; empty list or absent gives a null account', () => {
    const { events } = parse(
      [
        line({ time: 1, distinct_id: 'u', org: 'o-1' }),
        line({ time: 1, distinct_id: 'u', org: [] }),
        line({ time: 1, distinct_id: 'u' }),
      ],
      { groupKey: 'org' },
    );
    expect(events.map((e) => e.accountId)).toEqual(['o-1', null, null]);
  });

  it('gives the same insert id to exact duplicates and null without $insert_id', () => {
    const l = line({ time: 5, distinct_id: 'u', $insert_id: 'i1', company_id: 'acme' });
    const { events } = parse([l, l, line({ time: 5, distinct_id: 'u' })]);
    expect(events[0]?.insertId).toBe(events[1]?.insertId);
    expect(events[2]?.insertId).toBeNull();
  });

  it('rejects a malformed line and keeps the next good one', () => {
    const { events, rejected } = parse([
      '{"event":"$mp_web_page_view","properties":{"time":',
      line({ time: 1, distinct_id: 'u' }),
    ]);
    expect(events).toHaveLength(1);
    expect(rejected).toEqual([REJECT.notJson]);
  });

  it('rejects garbage and non-event JSON, and events without time', () => {
    const { events, rejected, parser } = parse([
      'not json at all',
      '[1,2]',
      '{"foo":1}',
      line({ distinct_id: 'u' }),
      line({ time: 2, distinct_id: 'u' }),
    ]);
    expect(events).toHaveLength(1);
    expect(rejected).toEqual([REJECT.notJson, REJECT.notEvent, REJECT.notEvent, REJECT.noTime]);
    expect(parser.wrongShape).toBe(2);
  });

  it('a "terminated early" line is a retryable error', () => {
    const c = collect();
    const parser = new ExportLineParser(c.sink, { groupKey: 'company_id', timeZone: 'UTC', legacyLocalTime: false });
    parser.line(line({ time: 1, distinct_id: 'u' }));
    let caught: unknown;
    try {
      parser.line('terminated early');
    } catch (error) {
      caught = error;
    }
    expect(isVendorError(caught) && caught.retryable).toBe(true);
  });

  it('a stream cut mid-record (no final newline) is retryable; with a newline it is a rejected line', () => {
    const cut = line({ time: 1, distinct_id: 'u' }).slice(0, 20);
    expect(() => parse([line({ time: 1, distinct_id: 'u' }), cut], {}, false)).toThrowError(/middle of a record/);
    const { rejected } = parse([line({ time: 1, distinct_id: 'u' }), cut], {}, true);
    expect(rejected).toEqual([REJECT.notJson]);
  });

  it('repairs a record split across three lines', () => {
    const l = line({ time: 1, distinct_id: 'u', $insert_id: 'abc', company_id: 'acme' });
    const { events, rejected } = parse([l.slice(0, 10), l.slice(10, 30), l.slice(30)]);
    expect(events).toHaveLength(1);
    expect(rejected).toEqual([]);
  });

  it('converts legacy local wall-clock seconds to UTC, DST-correct', () => {
    // 2024-01-15 09:00 New York (EST, -5) and 2024-07-15 09:00 (EDT, -4), written as if UTC.
    const winter = Date.UTC(2024, 0, 15, 9) / 1000;
    const summer = Date.UTC(2024, 6, 15, 9) / 1000;
    const { events } = parse([line({ time: winter, distinct_id: 'u' }), line({ time: summer, distinct_id: 'u' })], {
      legacyLocalTime: true,
      timeZone: 'America/New_York',
    });
    expect(events.map((e) => new Date(e.ts).toISOString())).toEqual(['2024-01-15T14:00:00.000Z', '2024-07-15T13:00:00.000Z']);
  });
});
