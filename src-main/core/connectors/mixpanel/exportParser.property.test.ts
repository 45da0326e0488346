import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isVendorError } from '../http';
import type { IngestSink } from '../types';
import { ExportLineParser, REJECT } from './exportParser';

/**
 * Hostile export bodies: any sequence of lines (random text, valid records cut, joined or garbled)
 * ends with every line accounted for as an event or a rejection with one of the known reasons, or
 * with a specific retryable VendorError (terminated early, body cut mid-record). Never a crash.
 */
const reasons = new Set<string>(Object.values(REJECT));

const record = fc
  .record({
    event: fc.constantFrom('Report Viewed', 'Signed Up', ''),
    time: fc.oneof(
      fc.integer({ min: 1_600_000_000, max: 1_800_000_000 }),
      fc.constant(1e14),
      fc.constant(-1e14),
      fc.double(),
      fc.string(),
      fc.constant(null),
    ),
    distinct_id: fc.oneof(fc.string({ minLength: 1, maxLength: 10 }), fc.constant(null), fc.integer()),
    company_id: fc.oneof(fc.string({ maxLength: 8 }), fc.array(fc.string({ maxLength: 5 }), { maxLength: 3 })),
  })
  .map(({ event, ...properties }) => JSON.stringify({ event, properties }));

/** A valid line, or one mutated the ways real bodies break: cut, doubled, garbled, or random text. */
const line = fc.oneof(
  record,
  record.chain((r) => fc.integer({ min: 0, max: r.length }).map((cut) => r.slice(0, cut))),
  record.chain((r) => fc.integer({ min: 0, max: r.length }).map((cut) => r.slice(cut))),
  fc.tuple(record, record).map(([a, b]) => a + b),
  fc.string({ maxLength: 80 }),
  fc.constantFrom('<html><body>Bad gateway</body></html>', '{"error": "rate limited"}', '[]', 'null', '{}'),
);

describe('Mixpanel export parser under random and mutated lines', () => {
  it('every line ends as an event, a known rejection, or a specific retryable error', () => {
    fc.assert(
      fc.property(fc.array(line, { maxLength: 30 }), fc.boolean(), (lines, endedWithNewline) => {
        const rejected: string[] = [];
        const sink: IngestSink = {
          // What the parser accepts, ingest can place on a calendar day (Date throws beyond ±8.64e15 ms).
          event: (e) => expect(Math.abs(e.ts)).toBeLessThanOrEqual(8.64e15),
          bucket: () => {},
          guideEvent: () => {},
          rejected: (reason) => rejected.push(reason),
        };
        const parser = new ExportLineParser(sink, { groupKey: 'company_id', timeZone: 'UTC', legacyLocalTime: false });
        try {
          for (const l of lines) parser.line(l);
          parser.end(endedWithNewline);
        } catch (error) {
          expect(isVendorError(error)).toBe(true);
          if (isVendorError(error)) expect(error.message.length).toBeGreaterThan(20);
          return;
        }
        for (const reason of rejected) expect(reasons.has(reason) || reason.startsWith('Mixpanel export:')).toBe(true);
      }),
      { numRuns: 400 },
    );
  });
});
