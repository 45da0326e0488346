import { describe, expect, it } from 'vitest';
import type { HealthComponent, HealthComponentId, HealthSnapshot } from '../../../src-shared/contract';
import { arrowFor, headline, healthTrend, whatChanged } from './explain';
import { displayRaw, formatRawChange } from './format';

function component(id: HealthComponentId, raw: number | null, points: number | null, weight = 25): HealthComponent {
  return {
    id,
    label: {
      engagement: 'Engagement',
      adoption: 'Adoption',
      retention: 'Retention',
      trajectory: 'Trajectory',
      guides: 'Guide completion',
    }[id],
    raw,
    display: displayRaw(id, raw),
    inputs: {},
    score: points === null ? null : points * 4,
    weight,
    share: points === null ? null : 0.25,
    points,
    pointsLost: points === null ? null : 25 - points,
    unavailable: points === null ? 'no-data' : null,
  };
}

function snapshot(day: string, score: number | null, components: HealthComponent[] = [], version = 1): HealthSnapshot {
  return {
    customerId: 'c',
    day,
    score,
    band: score === null ? null : score >= 75 ? 'green' : score >= 50 ? 'yellow' : 'red',
    status: score === null ? 'insufficient-data' : 'scored',
    coverage: 1,
    components,
    configVersion: version,
    asOf: day,
    provisional: false,
  };
}

describe('trend arrows', () => {
  it('shows an arrow when |Δ| ≥ 5 points on unrounded scores, flat below', () => {
    expect(arrowFor(5, 5)).toBe('up');
    expect(arrowFor(-5, 5)).toBe('down');
    expect(arrowFor(4.999, 5)).toBe('flat');
    expect(arrowFor(-4.999, 5)).toBe('flat');
    expect(arrowFor(0, 5)).toBe('flat');
    expect(arrowFor(null, 5)).toBeNull();
  });

  it('Δ7 and Δ30 compare with 7 and 30 days earlier, only under the same configuration version', () => {
    const now = snapshot('2026-03-19', 62.4);
    const t = healthTrend(now, snapshot('2026-03-12', 70.1), snapshot('2026-02-17', 60.0), 5);
    expect(t.delta7).toBeCloseTo(-7.7, 10);
    expect(t.arrow7).toBe('down');
    expect(t.delta30).toBeCloseTo(2.4, 10);
    expect(t.arrow30).toBe('flat');
    const otherVersion = healthTrend(now, snapshot('2026-03-12', 70.1, [], 2), null, 5);
    expect(otherVersion).toEqual({ delta7: null, delta30: null, arrow7: null, arrow30: null });
    expect(healthTrend(now, snapshot('2026-03-12', null), null, 5).delta7).toBeNull();
  });
});

describe('what changed since last week', () => {
  const before = snapshot('2026-03-12', 70, [
    component('engagement', 0.31, 20),
    component('adoption', 0.6, 15),
    component('retention', 0.9, 22),
    component('trajectory', 0.05, 13),
  ]);
  const now = snapshot('2026-03-19', 55, [
    component('engagement', 0.19, 12),
    component('adoption', 0.7, 17.5),
    component('retention', 0.85, 19),
    component('trajectory', 0.05, 13),
  ]);

  it('orders components by |Δ contribution|, top 3, with the raw inputs', () => {
    const changes = whatChanged(now, before);
    expect(changes.map((c) => [c.component, c.deltaPoints])).toEqual([
      ['engagement', -8],
      ['retention', -3],
      ['adoption', 2.5],
    ]);
    expect(changes[0]?.text).toBe('Engagement −8.0 pts: DAU/MAU 31.0 % → 19.0 %');
    expect(changes[2]?.text).toBe('Adoption +2.5 pts: Core features used 60% → 70%');
    expect(changes[0]?.before).toMatchObject({ raw: 0.31, points: 20 });
  });

  it('leaves out unchanged components, caps at the limit, and compares nothing across versions', () => {
    expect(whatChanged(now, before, 1).map((c) => c.component)).toEqual(['engagement']);
    expect(whatChanged(now, before).some((c) => c.component === 'trajectory')).toBe(false);
    expect(whatChanged(now, { ...before, configVersion: 2 })).toEqual([]);
  });

  it('a component that became unavailable counts its lost contribution', () => {
    const gone = snapshot('2026-03-19', 60, [component('engagement', null, null), component('adoption', 0.6, 15)]);
    const changes = whatChanged(gone, before);
    expect(changes[0]).toMatchObject({ component: 'engagement', deltaPoints: -20 });
    expect(changes[0]?.text).toBe('Engagement −20.0 pts: DAU/MAU 31.0 % → no data');
  });

  it('a component with no earlier value reads as new, never as "— →"', () => {
    const first = snapshot('2026-03-12', 70, [component('guides', null, null), component('adoption', 0.6, 15)]);
    const scored = snapshot('2026-03-19', 78, [component('guides', 0.95, 12), component('adoption', 0.6, 15)]);
    const changes = whatChanged(scored, first);
    expect(changes[0]?.text).toBe('Guide completion +12.0 pts: Guide completion 95% (new)');
    const text = headline(scored, healthTrend(scored, first, null, 5), changes, { minCoverage: 0.6, trendArrowPoints: 5 });
    expect(text).toBe('Guide completion rose 12 points: Guide completion 95% (new); health 78 (Healthy), up 8 since last week.');
    expect(text).not.toContain('—');
  });

  it('a raw input says in words when a side is missing', () => {
    expect(formatRawChange('engagement', 0.31, 0.19)).toBe('31.0 % → 19.0 %');
    expect(formatRawChange('trajectory', null, -0.2)).toBe('−20% (new)');
    expect(formatRawChange('adoption', 0.6, Number.NaN)).toBe('60% → no data');
    expect(formatRawChange('retention', null, null)).toBe('no data');
  });

  it('the headline names the biggest change when the score moved by the arrow threshold', () => {
    const trend = healthTrend(now, before, null, 5);
    const text = headline(now, trend, whatChanged(now, before), { minCoverage: 0.6, trendArrowPoints: 5 });
    expect(text).toBe('Engagement fell 8 points: DAU/MAU 31.0 % → 19.0 %; health 55 (Watch), down 15 since last week.');
  });

  it('a steady score names its biggest gap instead; insufficient data says what is missing', () => {
    const steady = snapshot('2026-03-19', 71, now.components);
    const text = headline(steady, healthTrend(steady, snapshot('2026-03-12', 70), null, 5), [], {
      minCoverage: 0.6,
      trendArrowPoints: 5,
    });
    expect(text).toBe(
      'Health 71 (Watch), steady since last week; the biggest gap is engagement (DAU/MAU 19.0 %, 13 points lost).',
    );
    const thin = { ...snapshot('2026-03-19', null), coverage: 0.45 };
    expect(headline(thin, healthTrend(thin, null, null, 5), [], { minCoverage: 0.6, trendArrowPoints: 5 })).toBe(
      'Not enough data for a health score: inputs worth 45% of the weight are available, 60% needed.',
    );
    expect(headline(null, healthTrend(null, null, null, 5), [], { minCoverage: 0.6, trendArrowPoints: 5 })).toMatch(
      /No health score yet/,
    );
  });
});
