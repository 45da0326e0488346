import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { amplitudePropertyReader } from './breakdownProperties';

const SAMPLE = '/work/shared/vendor-samples/amplitude/export-event-raw-redacted.json';

describe('amplitudePropertyReader', () => {
  it('reads listed names from event_properties, then user_properties, then the top level; nothing else', () => {
    const line = JSON.stringify({
      event_type: 'Task Created',
      platform: 'Web',
      os_name: 'Chrome',
      event_properties: { role: 'from-event', count: 3 },
      user_properties: { role: 'from-user', plan: 'Growth', email: 'x@y.example' },
    });
    expect(amplitudePropertyReader(['role', 'plan', 'platform', 'count', 'missing']).read(line)).toEqual({
      role: 'from-event',
      plan: 'Growth',
      platform: 'Web',
      count: '3',
    });
    expect(amplitudePropertyReader(['missing']).read(line)).toBeNull();
  });

  it('reads the real export sample line, compact or with spaces after colons', () => {
    const raw = JSON.parse(readFileSync(SAMPLE, 'utf8')) as Record<string, unknown>;
    const compact = JSON.stringify(raw);
    const reader = amplitudePropertyReader(['platform', 'os_name']);
    const fromCompact = reader.read(compact);
    expect(fromCompact).toEqual(
      Object.fromEntries(
        ['platform', 'os_name'].filter((k) => typeof raw[k] === 'string' && raw[k] !== '').map((k) => [k, raw[k] as string]),
      ),
    );
    expect(reader.read(compact.replaceAll('":', '": '))).toEqual(fromCompact);
  });

  it('ignores objects, lists and empty values, and finds group properties last', () => {
    const line = JSON.stringify({ event_properties: { a: { nested: 1 }, b: [1], c: '' }, d: null });
    expect(amplitudePropertyReader(['a', 'b', 'c', 'd']).read(line)).toBeNull();
    const grouped = JSON.stringify({ group_properties: { company: { 'org-1': { tier: 'Gold' } } }, tier: null });
    expect(amplitudePropertyReader(['tier']).read(grouped)).toEqual({ tier: 'Gold' });
  });

  it('decodes escaped strings', () => {
    const line = JSON.stringify({ event_properties: { role: 'Ops "lead"\\x' } });
    expect(amplitudePropertyReader(['role']).read(line)).toEqual({ role: 'Ops "lead"\\x' });
  });
});
