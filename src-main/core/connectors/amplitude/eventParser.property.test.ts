import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { breakdownPicker, parseEventLine } from './eventParser';

/**
 * Hostile export lines: random text and real-looking events with fields of the wrong type, cut or
 * doubled, end as events or as a specific reason. Never a throw (one bad line must not stop a day).
 */
const event = fc
  .record(
    {
      event_type: fc.oneof(fc.string({ maxLength: 12 }), fc.integer(), fc.constant(null)),
      user_id: fc.oneof(fc.string({ maxLength: 10 }), fc.constant(null), fc.integer()),
      device_id: fc.oneof(fc.string({ maxLength: 10 }), fc.constant(null)),
      event_time: fc.oneof(
        fc.constant('2025-03-14 10:11:12.123000'),
        fc.string({ maxLength: 26 }),
        fc.integer(),
        fc.constant(null),
        fc.constant('9999-99-99 99:99:99.999999'),
      ),
      groups: fc.oneof(
        fc.record({ company: fc.oneof(fc.string(), fc.array(fc.string({ maxLength: 5 })), fc.integer()) }),
        fc.constant(null),
        fc.string(),
      ),
      group_properties: fc.oneof(fc.constant(null), fc.jsonValue({ maxDepth: 2 })),
      event_properties: fc.oneof(fc.constant(null), fc.jsonValue({ maxDepth: 2 })),
      session_id: fc.oneof(fc.integer(), fc.constant(-1), fc.string(), fc.constant(null)),
    },
    { requiredKeys: [] },
  )
  .map((e) => JSON.stringify(e));

const line = fc.oneof(
  event,
  event.chain((e) => fc.integer({ min: 0, max: e.length }).map((cut) => e.slice(0, cut))),
  fc.tuple(event, event).map(([a, b]) => a + b),
  fc.string({ maxLength: 100 }),
  fc.jsonValue({ maxDepth: 2 }).map((v) => JSON.stringify(v) ?? 'undefined'),
);

describe('Amplitude event parser under random and mutated lines', () => {
  it('every line ends as events or a specific reason', () => {
    const picker = breakdownPicker(['plan', 'country']);
    fc.assert(
      fc.property(line, fc.boolean(), (text, withPicker) => {
        const result = parseEventLine(text, 'company', withPicker ? picker : null);
        if (result.ok) expect(result.events.length).toBeGreaterThan(0);
        else expect(result.reason.length).toBeGreaterThan(10);
      }),
      { numRuns: 600 },
    );
  });
});
