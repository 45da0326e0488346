import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CoreError } from '../../../src-shared/contract';
import type { CanonicalBucket, CanonicalEvent, IngestSink } from '../connectors/types';
import { CSV_REJECT, CsvEventReader, parseCsvTimestamp } from './csvEvents';

function collect() {
  const events: CanonicalEvent[] = [];
  const buckets: CanonicalBucket[] = [];
  const rejected: string[] = [];
  const sink: IngestSink = {
    event: (e) => events.push(e),
    bucket: (b) => buckets.push(b),
    guideEvent: () => {},
    rejected: (r) => rejected.push(r),
  };
  return { sink, events, buckets, rejected };
}

function read(text: string) {
  const out = collect();
  const reader = new CsvEventReader(out.sink, (ts) => new Date(ts).toISOString().slice(0, 10));
  for (const line of text.split('\n')) reader.line(line.endsWith('\r') ? line.slice(0, -1) : line);
  reader.end();
  return { ...out, reader };
}

describe('parseCsvTimestamp', () => {
  it('reads ISO 8601 with and without offsets (none = UTC) and epoch seconds or milliseconds', () => {
    expect(parseCsvTimestamp('2025-06-10T09:30:00Z')).toBe(Date.UTC(2025, 5, 10, 9, 30));
    expect(parseCsvTimestamp('2025-06-10 09:30:00')).toBe(Date.UTC(2025, 5, 10, 9, 30));
    expect(parseCsvTimestamp('2025-06-10T09:30:00.250+02:00')).toBe(Date.UTC(2025, 5, 10, 7, 30, 0, 250));
    expect(parseCsvTimestamp('2025-06-10T09:30-0530')).toBe(Date.UTC(2025, 5, 10, 15, 0));
    expect(parseCsvTimestamp('2025-06-10')).toBe(Date.UTC(2025, 5, 10));
    expect(parseCsvTimestamp('1749547800')).toBe(1_749_547_800_000);
    expect(parseCsvTimestamp('1749547800.5')).toBe(1_749_547_800_500);
    expect(parseCsvTimestamp('1749547800123')).toBe(1_749_547_800_123);
  });

  it('refuses what is not a time', () => {
    for (const bad of [
      '',
      'yesterday',
      '2025-02-30',
      '2025-13-01',
      '2025-06-10T25:00',
      '-5',
      '1e12',
      '12',
      '99999999999999',
      'NaN',
    ]) {
      expect(parseCsvTimestamp(bad), bad).toBeNull();
    }
  });
});

describe('CsvEventReader', () => {
  it('reads rows with columns in any order, optional columns, quotes, BOM and CRLF', () => {
    const { events, buckets, rejected } = read(
      '\uFEFFEvent,Account_ID,timestamp,user_id,session_id,feature_id\r\n' +
        'Login,acme,2025-06-10T09:00:00Z,u1,s-1,\r\n' +
        '"Report, exported",acme,1749547800,u2,42,export-button\r\n' +
        '"multi\nline",,2025-06-10,u3,,\r\n' +
        '\r\n',
    );
    expect(rejected).toEqual([]);
    expect(events.map((e) => [e.name, e.accountId, e.userId])).toEqual([
      ['Login', 'acme', 'u1'],
      ['Report, exported', 'acme', 'u2'],
      ['multi\nline', null, 'u3'],
    ]);
    expect(events[0]?.sessionId).toBeTypeOf('number');
    expect(events[1]?.sessionId).toBe(42);
    expect(events[2]?.sessionId).toBeNull();
    expect(buckets).toEqual([
      {
        accountId: 'acme',
        userId: 'u2',
        readableUserId: null,
        day: '2025-06-10',
        kind: 'feature',
        itemId: 'export-button',
        events: 1,
        minutes: 0,
      },
    ]);
  });

  it('counts and reports bad rows without stopping', () => {
    const { events, rejected, reader } = read(
      'timestamp,user_id,account_id,event\n' +
        'not-a-time,u1,a,Login\n' +
        '2025-06-10,,a,Login\n' +
        '2025-06-10,u1,a,\n' +
        '2025-06-10,u1\n' +
        '2025-06-10,u1,a,Login\n' +
        '2025-06-10,u1,a,"never closed\n',
    );
    expect(events).toHaveLength(1);
    expect(rejected).toEqual([CSV_REJECT.time, CSV_REJECT.user, CSV_REJECT.event, CSV_REJECT.columns, CSV_REJECT.unclosed]);
    expect(reader.rejected).toBe(5);
  });

  it('names the missing required columns', () => {
    expect(() => read('time,user,account_id,event\n')).toThrow(/lacks the required columns timestamp, user_id/);
    expect(() => read('timestamp,user_id,event\n1,2,3\n')).toThrow(/lacks the required column account_id\./);
    expect(() => read('')).toThrow(/empty/);
    expect(() => read('{"event":"x","properties":{}}\n')).toThrow(/JSON, not CSV/);
  });

  it('property: any text never crashes; it ends in events, counted rejections or a specific error', () => {
    const header = 'timestamp,user_id,account_id,event,session_id,feature_id';
    const goodLine = fc
      .tuple(
        fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2090, 0, 1) }),
        fc.string({ minLength: 1 }),
        fc.string(),
        fc.string({ minLength: 1 }),
      )
      .map(([ts, u, a, e]) => [String(ts), u, a, e].map((v) => `"${v.replaceAll('"', '""')}"`).join(','));
    const mutated = fc.tuple(goodLine, fc.nat(), fc.string({ maxLength: 4 })).map(([line, at, junk]) => {
      const i = line.length === 0 ? 0 : at % line.length;
      return line.slice(0, i) + junk + line.slice(i + 1);
    });
    fc.assert(
      fc.property(
        fc.boolean(),
        fc.array(fc.oneof(goodLine, mutated, fc.string(), fc.string({ unit: 'binary' })), { maxLength: 20 }),
        (withHeader, lines) => {
          const out = collect();
          const reader = new CsvEventReader(out.sink, () => '2025-01-01');
          try {
            for (const line of withHeader ? [header, ...lines] : lines) for (const l of line.split('\n')) reader.line(l);
            reader.end();
          } catch (error) {
            expect(error).toBeInstanceOf(CoreError);
            expect((error as CoreError).message.length).toBeGreaterThan(10);
            return;
          }
          expect(out.rejected.length).toBe(reader.rejected);
          expect(out.events.length).toBe(reader.events);
          for (const e of out.events) {
            expect(Number.isFinite(e.ts)).toBe(true);
            expect(e.userId.length).toBeGreaterThan(0);
            expect(e.name.length).toBeGreaterThan(0);
          }
        },
      ),
      { numRuns: 500 },
    );
  });
});
