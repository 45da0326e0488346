import { describe, expect, it } from 'vitest';
import {
  accountFromProperties,
  breakdownPicker,
  type ParsedLine,
  parseEventLine,
  parseLine,
  parseLineSlow,
  parseLineWalker,
  toCanonical,
} from './eventParser';
import { sample } from './testFixtures';
import { parseAmplitudeTime } from './time';

const raw = JSON.parse(sample('export-event-raw-redacted.json')) as Record<string, unknown>;
const compact = JSON.stringify(raw);
const SEGMENT = '[Segment] Group';

function plain(p: ParsedLine | string, accounts: string[] = []): unknown {
  if (typeof p === 'string') return p;
  const { groupProperties, ...rest } = p;
  return { ...rest, props: accounts.map((a) => groupProperties(a)) };
}

function line(overrides: Record<string, unknown>, drop: string[] = []): string {
  const o: Record<string, unknown> = { ...raw, ...overrides };
  for (const k of drop) delete o[k];
  return JSON.stringify(o);
}

describe('parseAmplitudeTime', () => {
  it('reads the real wire form and its variants as UTC', () => {
    const want = Date.UTC(2020, 10, 24, 9, 59, 55, 977);
    expect(parseAmplitudeTime('2020-11-24 09:59:55.977000')).toBe(want);
    expect(parseAmplitudeTime('2020-11-24T09:59:55.977000')).toBe(want);
    expect(parseAmplitudeTime('2020-11-24T09:59:55.977Z')).toBe(want);
    expect(parseAmplitudeTime('2020-11-24 09:59:55.9')).toBe(want - 77);
    expect(parseAmplitudeTime('2020-11-24 09:59:55')).toBe(want - 977);
    expect(parseAmplitudeTime('2020-11-24T10:59:55.977+01:00')).toBe(want);
    expect(parseAmplitudeTime('2020-11-24T04:59:55.977-0500')).toBe(want);
  });

  it('refuses what is not a timestamp', () => {
    for (const bad of [
      '',
      '2020-11-24',
      '2020-13-01 00:00:00',
      '2020-02-30 00:00:00',
      '2020-11-24 25:00:00',
      'yesterday at noon!!',
      '2020-11-24 09:59:55.',
      '2020-11-24 09:59:55 UTC',
    ]) {
      expect(parseAmplitudeTime(bad), bad).toBeNull();
    }
  });
});

describe('parseEventLine on the real sample line', () => {
  it('maps the fields of the captured export line', () => {
    const r = parseEventLine(compact, SEGMENT);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.events).toEqual([
      {
        accountId: '90f978f0-5e4e-11ea-9bb3-0ed25467b33f',
        userId: '176632796945',
        readableUserId: 'REDACTED@example.com',
        ts: Date.UTC(2020, 10, 24, 9, 59, 55, 977),
        name: 'segment.segment.definition.permission_paywall.load',
        sessionId: null,
        insertId: 'd0b5b3a6-2e3b-11eb-9a80-0a62134d514d',
      },
    ]);
    expect(r.line.groupProperties('90f978f0-5e4e-11ea-9bb3-0ed25467b33f')).toEqual({});
  });

  it('gives the same answer for the pretty-printed sample file (whitespace everywhere)', () => {
    const pretty = sample('export-event-raw-redacted.json');
    expect(plain(parseLine(pretty, SEGMENT))).toEqual(plain(parseLine(compact, SEGMENT)));
  });

  it('gives accountId null when the group type is not on the event', () => {
    const r = parseEventLine(compact, 'company');
    expect(r.ok && r.events.map((e) => e.accountId)).toEqual([null]);
  });
});

describe('parseEventLine edge cases', () => {
  it('emits one event per account value of an array, deduplicated', () => {
    const r = parseEventLine(line({ groups: { company: ['a1', 'a2', 'a1'] } }), 'company');
    expect(r.ok && r.events.map((e) => e.accountId)).toEqual(['a1', 'a2']);
  });

  it('accepts a single string or number as the group value, and an empty array as none', () => {
    const s = parseEventLine(line({ groups: { company: 'acme' } }), 'company');
    expect(s.ok && s.events.map((e) => e.accountId)).toEqual(['acme']);
    const n = parseEventLine(line({ groups: { company: 42 } }), 'company');
    expect(n.ok && n.events.map((e) => e.accountId)).toEqual(['42']);
    const none = parseEventLine(line({ groups: { company: [] } }), 'company');
    expect(none.ok && none.events.map((e) => e.accountId)).toEqual([null]);
    const nul = parseEventLine(line({ groups: null }), 'company');
    expect(nul.ok && nul.events.map((e) => e.accountId)).toEqual([null]);
  });

  it('falls back from amplitude_id to user_id to device_id', () => {
    const a = parseEventLine(line({ amplitude_id: null }), SEGMENT);
    expect(a.ok && a.events[0]?.userId).toBe('1fa23f90-c215-11ea-a639-02ed1811fa3b');
    const b = parseEventLine(line({ amplitude_id: null, user_id: null }), SEGMENT);
    expect(b.ok && b.events[0]?.userId).toBe('a1c9357b-b104-41c5-b4be-2b411489123d');
    const c = parseEventLine(line({}, ['amplitude_id', 'user_id', 'device_id']), SEGMENT);
    expect(c).toEqual({ ok: false, reason: 'an event has no amplitude_id, user_id or device_id' });
  });

  it('uses user_id as the readable id when it is an email, else user_properties.email', () => {
    const r = parseEventLine(line({ user_id: 'jane@acme.example' }), SEGMENT);
    expect(r.ok && r.events[0]?.readableUserId).toBe('jane@acme.example');
    const none = parseEventLine(line({ user_properties: { role: 'x' } }), SEGMENT);
    expect(none.ok && none.events[0]?.readableUserId).toBeNull();
  });

  it('keeps session ids except -1 and null; insertId = uuid, else $insert_id', () => {
    const s = parseEventLine(line({ session_id: 1606211995977 }), SEGMENT);
    expect(s.ok && s.events[0]?.sessionId).toBe(1606211995977);
    const n = parseEventLine(line({ session_id: null }), SEGMENT);
    expect(n.ok && n.events[0]?.sessionId).toBeNull();
    const i = parseEventLine(line({ uuid: null }), SEGMENT);
    expect(i.ok && i.events[0]?.insertId).toBe('ajs-de09c0da8f0c71f2e67cdae5a440e610:CS4fUc2U9U');
    const none = parseEventLine(line({}, ['uuid', '$insert_id']), SEGMENT);
    expect(none.ok && none.events[0]?.insertId).toBeNull();
  });

  it('rejects lines it cannot use, with a reason and no content', () => {
    expect(parseEventLine('{"event_type":"Page Viewed","uuid":', 'company')).toEqual({
      ok: false,
      reason: 'a line is not valid JSON',
    });
    expect(parseEventLine('[1,2]', 'company')).toEqual({ ok: false, reason: 'a line is not a JSON object' });
    expect(parseEventLine('<html>', 'company')).toEqual({ ok: false, reason: 'a line is not valid JSON' });
    expect(parseEventLine(line({ event_type: null }), SEGMENT)).toEqual({ ok: false, reason: 'an event has no event_type' });
    expect(parseEventLine(line({}, ['event_time']), SEGMENT)).toEqual({ ok: false, reason: 'an event has no event_time' });
    expect(parseEventLine(line({ event_time: 'soon' }), SEGMENT)).toEqual({
      ok: false,
      reason: 'an event has an unreadable event_time',
    });
    expect(parseEventLine(`${compact} trailing`, SEGMENT)).toEqual({ ok: false, reason: 'a line is not valid JSON' });
  });

  it('decodes escapes and unicode in the fields it reads', () => {
    const r = parseEventLine(line({ event_type: 'Say "hi"\\ \u00e9\ud83d\ude00', groups: { 'co"mp': ['x\ny'] } }), 'co"mp');
    expect(r.ok && r.events[0]?.name).toBe('Say "hi"\\ \u00e9\ud83d\ude00');
    expect(r.ok && r.events[0]?.accountId).toBe('x\ny');
  });

  it('reads group properties lazily for accounts', () => {
    const l = line({
      groups: { company: ['c1'] },
      group_properties: { company: { c1: { name: 'Acme', domain: 'acme.example', plan: 'pro' } } },
    });
    const r = parseEventLine(l, 'company');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(accountFromProperties('c1', r.line.groupProperties('c1'))).toEqual({
      accountId: 'c1',
      name: 'Acme',
      domain: 'acme.example',
      properties: { name: 'Acme', domain: 'acme.example', plan: 'pro' },
    });
    expect(r.line.groupProperties('c2')).toBeNull();
  });
});

describe('fast extractor and JSON.parse agree', () => {
  const variants: string[] = [
    compact,
    sample('export-event-raw-redacted.json'),
    line({ amplitude_id: 12345678901234 }),
    line({ amplitude_id: '987' }),
    line({ user_id: 17 }),
    line({ session_id: '1606211995977' }),
    line({ session_id: -1 }),
    line({ groups: { company: ['a', 'b'], other: 'z' }, group_properties: { company: { a: { name: 'A' }, b: {} } } }),
    line({ groups: { company: 'solo' } }),
    line({ groups: [] }),
    line({ groups: 'weird' }),
    line({ user_properties: null }),
    line({ user_properties: { email: '' } }),
    line({ user_properties: { nested: { email: 'deep@x.io' }, email: 'top@x.io' } }),
    line({ event_properties: { text: 'a } tricky ] "string", with {braces}', arr: [[1, { x: '}' }]] } }),
    line({ event_type: 'tab\there' }),
    line({ event_time: '2020-11-24T09:59:55Z' }),
    line({ uuid: '' }),
    '{}',
    '{ "event_type" : "x" , "event_time" : "2020-01-01 00:00:00" , "user_id" : "u" }',
    '  {"event_type":"x","event_time":"2020-01-01 00:00:00","device_id":"d","groups":{"company":["q"]}}  ',
    '{"event_type":"x","event_type":"y","event_time":"2020-01-01 00:00:00","device_id":"d"}',
    '{"event_type":"x","event_time":"2020-01-01 00:00:00","device_id":"d","n":1e5,"b":true,"f":false}',
  ];
  for (const [i, v] of variants.entries()) {
    it(`variant ${i}`, () => {
      const accounts = ['a', 'b', 'q', 'solo', '90f978f0-5e4e-11ea-9bb3-0ed25467b33f'];
      for (const gt of ['company', SEGMENT]) {
        expect(plain(parseLineWalker(v, gt), accounts)).toEqual(plain(parseLineSlow(v, gt), accounts));
      }
    });
  }

  it('both produce identical canonical events', () => {
    for (const v of variants) {
      const fast = parseLineWalker(v, 'company');
      const slow = parseLineSlow(v, 'company');
      expect(typeof fast === 'string' ? fast : toCanonical(fast)).toEqual(typeof slow === 'string' ? slow : toCanonical(slow));
    }
  });
});

describe('breakdown properties picked in the same walk', () => {
  const picker = breakdownPicker(['role', 'plan', 'platform', 'count', 'flag', 'missing']);

  it('reads listed names from event_properties, then user_properties, then the top level', () => {
    const l = line({
      platform: 'Web',
      event_properties: { role: 'from-event', count: 3.5, nested: { role: 'no' } },
      user_properties: { role: 'from-user', plan: 'Growth', flag: true, email: 'x@y.example' },
    });
    const p = parseLine(l, SEGMENT, picker);
    expect(typeof p !== 'string' && p.properties).toEqual({
      role: 'from-event',
      plan: 'Growth',
      platform: 'Web',
      count: '3.5',
      flag: 'true',
    });
    const r = parseEventLine(l, SEGMENT, picker);
    expect(r.ok && r.events[0]?.properties).toEqual({
      role: 'from-event',
      plan: 'Growth',
      platform: 'Web',
      count: '3.5',
      flag: 'true',
    });
    expect(
      parseEventLine(l, SEGMENT).ok &&
        (parseEventLine(l, SEGMENT) as { events: { properties?: unknown }[] }).events[0]?.properties,
    ).toBeUndefined();
  });

  it('skips objects, lists, null and empty text, and cuts long text at 200 characters', () => {
    const l = line({
      event_properties: { role: { a: 1 }, plan: [1], platform: null, count: '' },
      user_properties: {},
      platform: 'x'.repeat(300),
    });
    const p = parseLine(l, SEGMENT, picker);
    expect(typeof p !== 'string' && p.properties).toEqual({ platform: 'x'.repeat(200) });
    expect(
      parseLine(line({ event_properties: {}, user_properties: {} }, ['platform']), SEGMENT, breakdownPicker(['role'])),
    ).toMatchObject({
      properties: null,
    });
  });

  it('gives what JSON.parse gives, also with escapes, duplicate keys and odd formatting', () => {
    const cases = [
      line({ event_properties: { role: 'a\\"b\u00e9' }, user_properties: { plan: 'P\\n' } }),
      line({ event_properties: { count: -1e3, flag: false }, platform: 7 }),
      '{"event_type":"x","amplitude_id":1,"event_time":"2020-11-24 09:59:55.977000","event_properties":{"role":"a","role":"b"},"platform":"p","platform":"q"}',
      JSON.stringify({ ...raw, event_properties: { role: 'r' } }, null, 2),
      compact,
    ];
    for (const c of cases) {
      const fast = parseLineWalker(c, SEGMENT, picker);
      const slow = parseLineSlow(c, SEGMENT, picker);
      expect(typeof fast !== 'string' && fast.properties, c).toEqual(typeof slow !== 'string' && slow.properties);
    }
  });
});

describe('parseLine: JSON.parse first, the walker for ids beyond 2^53', () => {
  it('keeps the written digits of an integer id JSON.parse would round', () => {
    const big =
      '{"event_type":"x","event_time":"2020-01-01 00:00:00","amplitude_id":12345678901234567891,"$insert_id":9007199254740993}';
    const p = parseLine(big, 'company');
    expect(typeof p !== 'string' && [p.amplitudeId, p.insertId]).toEqual(['12345678901234567891', '9007199254740993']);
    // What JSON.parse alone would have given (rounded): the walker is what keeps the ids distinct.
    const slow = parseLineSlow(big, 'company');
    expect(typeof slow !== 'string' && slow.amplitudeId).not.toBe('12345678901234567891');
    const safe = parseLine('{"event_type":"x","event_time":"2020-01-01 00:00:00","amplitude_id":176600019917}', 'company');
    expect(typeof safe !== 'string' && safe.amplitudeId).toBe('176600019917');
  });

  it('rejects a line whose nested values are not valid JSON (the walker alone would have skipped them)', () => {
    const bad = '{"event_type":"x","event_time":"2020-01-01 00:00:00","device_id":"d","data":{"a":tru}}';
    expect(parseLine(bad, 'company')).toBe('a line is not valid JSON');
    expect(parseEventLine(bad, 'company')).toEqual({ ok: false, reason: 'a line is not valid JSON' });
  });

  it('gives the same canonical events as the walker on the real export sample', () => {
    const picker = breakdownPicker(['plan', 'platform', 'role']);
    const a = parseLine(compact, 'company', picker);
    const b = parseLineWalker(compact, 'company', picker);
    expect(typeof a !== 'string' && toCanonical(a)).toEqual(typeof b !== 'string' && toCanonical(b));
  });
});
