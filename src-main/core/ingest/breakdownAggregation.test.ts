import { describe, expect, it } from 'vitest';
import type { CanonicalEvent } from '../connectors/types';
import { createPseudonymizer } from './pseudonymizer';
import { WindowAggregator } from './windowAggregator';

const ev = (over: Partial<CanonicalEvent>): CanonicalEvent => ({
  accountId: 'acme',
  userId: 'u1',
  readableUserId: null,
  ts: Date.parse('2026-11-20T10:00:00Z'),
  name: 'Viewed Dashboard',
  sessionId: null,
  insertId: null,
  ...over,
});
const aggregator = (breakdownProperties: string[]) =>
  new WindowAggregator({
    timeZone: 'UTC',
    pseudonymize: createPseudonymizer('workspace-secret', 'conn-1'),
    keepReadableIds: false,
    keyEvents: new Set(),
    breakdownProperties,
  });

describe('WindowAggregator breakdowns', () => {
  it('counts events and users per account, day, event and listed property value', () => {
    const agg = aggregator(['plan', 'role']);
    expect(agg.propertyNames).toEqual(['plan', 'role']);
    agg.event(ev({ properties: { plan: 'Growth', role: 'Admin' } }));
    agg.event(ev({ properties: { plan: 'Growth', role: 'Admin' }, name: 'Created Report' }));
    agg.event(ev({ userId: 'u2', properties: { plan: 'Growth', role: 'Viewer' } }));
    agg.event(ev({ userId: 'u3' })); // no properties: counted in activity only
    const { propertyEvents, propertyUsers } = agg.finish();
    const events = Object.fromEntries((propertyEvents ?? []).map((r) => [`${r.eventName}|${r.property}|${r.value}`, r.events]));
    expect(events).toEqual({
      'Viewed Dashboard|plan|Growth': 2,
      'Viewed Dashboard|role|Admin': 1,
      'Viewed Dashboard|role|Viewer': 1,
      'Created Report|plan|Growth': 1,
      'Created Report|role|Admin': 1,
    });
    const users = (propertyUsers ?? []).filter((r) => r.property === 'plan');
    expect(users).toHaveLength(2);
    expect(users.map((u) => u.events).sort()).toEqual([1, 2]);
  });

  it('drops values of names that are not listed, and duplicates like every other aggregate', () => {
    const agg = aggregator(['role']);
    agg.event(ev({ insertId: 'x', properties: { role: 'Admin', email: 'a@b.example', plan: 'Growth' } }));
    agg.event(ev({ insertId: 'x', properties: { role: 'Admin' } })); // duplicate delivery
    const { propertyEvents, propertyUsers } = agg.finish();
    expect(propertyEvents?.map((r) => [r.property, r.value, r.events])).toEqual([['role', 'Admin', 1]]);
    expect(propertyUsers?.map((r) => r.property)).toEqual(['role']);
  });

  it('keeps rows apart per account, user and day, and shares event rows across users of an account-day', () => {
    const agg = aggregator(['plan']);
    const day2 = Date.parse('2026-11-21T10:00:00Z');
    agg.event(ev({ properties: { plan: 'Growth' } }));
    agg.event(ev({ properties: { plan: 'Growth' } }));
    agg.event(ev({ userId: 'u2', properties: { plan: 'Growth' } }));
    agg.event(ev({ accountId: 'globex', properties: { plan: 'Growth' } }));
    agg.event(ev({ ts: day2, properties: { plan: 'Pro' } }));
    agg.event(ev({ accountId: null, properties: { plan: 'Growth' } }));
    const { propertyEvents, propertyUsers, items, activity } = agg.finish();
    const key = createPseudonymizer('workspace-secret', 'conn-1');
    const u1 = key('u1');
    const u2 = key('u2');
    expect((propertyEvents ?? []).map((r) => `${r.accountId}|${r.day}|${r.value}|${r.events}`).sort()).toEqual(
      ['|2026-11-20|Growth|1', 'acme|2026-11-20|Growth|3', 'acme|2026-11-21|Pro|1', 'globex|2026-11-20|Growth|1'].sort(),
    );
    expect((propertyUsers ?? []).map((r) => `${r.accountId}|${r.day}|${r.userKey}|${r.value}|${r.events}`).sort()).toEqual(
      [
        `|2026-11-20|${u1}|Growth|1`,
        `acme|2026-11-20|${u1}|Growth|2`,
        `acme|2026-11-20|${u2}|Growth|1`,
        `acme|2026-11-21|${u1}|Pro|1`,
        `globex|2026-11-20|${u1}|Growth|1`,
      ].sort(),
    );
    expect(items.map((r) => `${r.accountId}|${r.day}|${r.userKey}|${r.itemId}|${r.events}`).sort()).toEqual(
      [
        `|2026-11-20|${u1}|Viewed Dashboard|1`,
        `acme|2026-11-20|${u1}|Viewed Dashboard|2`,
        `acme|2026-11-20|${u2}|Viewed Dashboard|1`,
        `acme|2026-11-21|${u1}|Viewed Dashboard|1`,
        `globex|2026-11-20|${u1}|Viewed Dashboard|1`,
      ].sort(),
    );
    expect(activity).toHaveLength(5);
  });

  it('keeps nothing when no property is listed', () => {
    const agg = aggregator([]);
    agg.event(ev({ properties: { role: 'Admin' } }));
    const { propertyEvents, propertyUsers } = agg.finish();
    expect(propertyEvents).toEqual([]);
    expect(propertyUsers).toEqual([]);
  });
});
