import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseAccountRow, parseBucketRow, parseGuideRow, parseVisitorRow } from './rows';

/**
 * Hostile aggregation rows: any JSON value, and real-looking rows with fields of the wrong type or out
 * of range, end as a parsed row or as a specific reason naming the row and the field. Never a throw.
 */
const anyJson = fc.jsonValue({ maxDepth: 3 });
const mutatedBucket = fc.record(
  {
    visitorId: fc.oneof(fc.string(), fc.integer(), fc.constant(null), anyJson),
    accountId: fc.oneof(fc.string(), fc.constant(null), anyJson),
    day: fc.oneof(fc.integer(), fc.double(), fc.constant(8.64e15 + 1), fc.constant(-1e20), fc.string(), fc.constant(null)),
    numEvents: fc.oneof(fc.integer(), fc.double(), fc.string(), fc.constant(null)),
    numMinutes: fc.oneof(fc.integer(), fc.double(), fc.constant(undefined), fc.string()),
    featureId: fc.oneof(fc.string(), fc.constant(null), fc.integer()),
    pageId: fc.oneof(fc.string(), fc.constant(null)),
  },
  { requiredKeys: [] },
);

function isParsedOrReason(value: unknown): boolean {
  if (typeof value === 'string') return value.length > 10;
  return typeof value === 'object' && value !== null;
}

describe('Pendo row parsers under random and mutated rows', () => {
  it('bucket rows: a bucket or a specific reason, for any value and every source', () => {
    fc.assert(
      fc.property(fc.oneof(anyJson, mutatedBucket), fc.constantFrom('events', 'featureEvents', 'pageEvents'), (row, source) => {
        const out = parseBucketRow(row, source as 'events', 'America/New_York');
        expect(isParsedOrReason(out)).toBe(true);
        if (typeof out === 'string') expect(out).toMatch(/^a Pendo \w+ row /);
      }),
      { numRuns: 500 },
    );
  });

  it('guide, account and visitor rows: parsed or a specific reason, never a throw', () => {
    const mutatedGuide = fc.record(
      {
        type: fc.oneof(fc.constantFrom('guideSeen', 'guideDismissed'), fc.string(), fc.integer()),
        guideId: fc.oneof(fc.string(), fc.integer(), fc.constant(null)),
        visitorId: fc.oneof(fc.string(), fc.constant(null)),
        browserTime: fc.oneof(fc.integer(), fc.double(), fc.constant(1e17), fc.string()),
        guideStepId: fc.oneof(fc.string(), fc.integer(), fc.constant(null)),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(fc.oneof(anyJson, mutatedGuide), (row) => {
        for (const parse of [parseGuideRow, parseAccountRow, parseVisitorRow]) {
          const out = parse(row as never);
          expect(isParsedOrReason(out)).toBe(true);
          // What the parser accepts, ingest can place on a calendar day (Date throws beyond ±8.64e15 ms).
          const ts = (out as { ts?: number }).ts;
          if (typeof ts === 'number') expect(Math.abs(ts)).toBeLessThanOrEqual(8.64e15);
        }
      }),
      { numRuns: 400 },
    );
  });
});
