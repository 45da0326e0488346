import { describe, expect, it } from 'vitest';
import { defaultHealthConfig, type HealthComponentId, type HealthConfig, normaliserSchema } from '../../../src-shared/contract';
import { normalise } from './normalise';
import { bandFor, type ComponentInput, scoreHealth } from './score';

const input = (id: HealthComponentId, raw: number | null): ComponentInput => ({
  id,
  raw,
  display: String(raw),
  inputs: {},
  unavailable: raw === null ? 'no-data' : null,
});

/** Raw value = score: thresholds 0 → 0, 100 → 100, so the tests speak in component scores. */
const identity = { direction: 'higher' as const, bad: 0, good: 100, points: [] };
const config = (weights: Partial<HealthConfig['weights']>, extra: Partial<HealthConfig> = {}): HealthConfig => ({
  ...defaultHealthConfig,
  weights: { engagement: 0, adoption: 0, retention: 0, trajectory: 0, guides: 0, ...weights },
  thresholds: { engagement: identity, adoption: identity, retention: identity, trajectory: identity, guides: identity },
  ...extra,
});

describe('normalise (piecewise linear, clamped, with direction)', () => {
  it('maps bad → 0 and good → 100 linearly and clamps beyond both ends', () => {
    const n = { direction: 'higher' as const, bad: 0.05, good: 0.3, points: [] };
    expect(normalise(0.05, n)).toBe(0);
    expect(normalise(0.3, n)).toBe(100);
    expect(normalise(0.175, n)).toBeCloseTo(50, 10);
    expect(normalise(-1, n)).toBe(0);
    expect(normalise(0.9, n)).toBe(100);
  });

  it('inverts risk-style inputs with direction "lower" (higher = healthier, always)', () => {
    const daysInactive = { direction: 'lower' as const, bad: 30, good: 0, points: [] };
    expect(normalise(0, daysInactive)).toBe(100);
    expect(normalise(30, daysInactive)).toBe(0);
    expect(normalise(45, daysInactive)).toBe(0);
    expect(normalise(7.5, daysInactive)).toBeCloseTo(75, 10);
  });

  it('follows intermediate breakpoints', () => {
    const n = { direction: 'higher' as const, bad: -0.3, good: 0.1, points: [{ value: 0, score: 80 }] };
    expect(normalise(-0.15, n)).toBeCloseTo(40, 10);
    expect(normalise(0, n)).toBeCloseTo(80, 10);
    expect(normalise(0.05, n)).toBeCloseTo(90, 10);
  });

  it('keeps a missing input missing (null, never 0)', () => {
    expect(normalise(null, identity)).toBeNull();
    expect(normalise(Number.NaN, identity)).toBeNull();
  });

  it('refuses thresholds that contradict their direction or points out of order', () => {
    expect(normaliserSchema.safeParse({ direction: 'higher', bad: 0.3, good: 0.1 }).success).toBe(false);
    expect(normaliserSchema.safeParse({ direction: 'lower', bad: 0, good: 30 }).success).toBe(false);
    expect(
      normaliserSchema.safeParse({
        direction: 'higher',
        bad: 0,
        good: 1,
        points: [
          { value: 0.6, score: 50 },
          { value: 0.4, score: 60 },
        ],
      }).success,
    ).toBe(false);
    expect(
      normaliserSchema.safeParse({ direction: 'higher', bad: 0, good: 1, points: [{ value: 0.5, score: 30 }] }).success,
    ).toBe(true);
  });
});

describe('combining components: renormalised weights and the coverage gate', () => {
  it('the spec example: 66.0 renormalised over available components, not 49.5 with NA as 0, coverage 75%', () => {
    const c = config({ engagement: 25, adoption: 25, retention: 25, trajectory: 25 });
    const result = scoreHealth(
      [input('engagement', 80), input('adoption', 60), input('retention', 58), input('trajectory', null), input('guides', null)],
      c,
    );
    expect(result.coverage).toBe(0.75);
    expect(result.score).toBeCloseTo(66.0, 10);
    expect(result.status).toBe('scored');
    // What treating NA as 0 would have said (pitfall 13), for the record:
    expect((80 + 60 + 58 + 0) / 4).toBe(49.5);
    const trajectory = result.components.find((x) => x.id === 'trajectory');
    expect(trajectory).toMatchObject({ score: null, share: null, points: null, unavailable: 'no-data' });
  });

  it('points = share × score and points lost = share × (100 − score), summing to the score and to 100', () => {
    const result = scoreHealth(
      [input('engagement', 40), input('adoption', 90), input('retention', 70), input('trajectory', 20)],
      config({ engagement: 30, adoption: 20, retention: 25, trajectory: 25 }),
    );
    const points = result.components.reduce((s, c) => s + (c.points ?? 0), 0);
    const lost = result.components.reduce((s, c) => s + (c.pointsLost ?? 0), 0);
    expect(points).toBeCloseTo(result.score ?? Number.NaN, 10);
    expect(points + lost).toBeCloseTo(100, 10);
    expect(result.components.find((c) => c.id === 'engagement')).toMatchObject({ share: 0.3, points: 12 });
    expect(result.components.find((c) => c.id === 'engagement')?.pointsLost).toBeCloseTo(18, 10);
  });

  it('below the minimum coverage the score is withheld: "insufficient data", no band; at exactly the minimum it scores', () => {
    const c = config({ engagement: 30, adoption: 30, retention: 40 }, { minCoverage: 0.6 });
    const below = scoreHealth([input('engagement', 90), input('adoption', null), input('retention', null)], c);
    expect(below).toMatchObject({ score: null, band: null, status: 'insufficient-data' });
    expect(below.coverage).toBeCloseTo(0.3, 10);
    // The components are still reported, so the account page can show what is there.
    expect(below.components.find((x) => x.id === 'engagement')).toMatchObject({ score: 90, share: 1 });
    const justBelow = scoreHealth([input('engagement', 90), input('adoption', null), input('retention', 90)], {
      ...c,
      minCoverage: 0.71,
    });
    expect(justBelow.status).toBe('insufficient-data');
    const at = scoreHealth([input('engagement', 90), input('adoption', null), input('retention', 90)], c);
    expect(at.coverage).toBeCloseTo(0.7, 10);
    expect(at.status).toBe('scored');
    const none = scoreHealth([], c);
    expect(none).toMatchObject({ score: null, status: 'insufficient-data', coverage: 0 });
  });

  it('coverage exactly at the minimum still scores (≥)', () => {
    const c = config({ engagement: 60, adoption: 40 }, { minCoverage: 0.6 });
    const r = scoreHealth([input('engagement', 50), input('adoption', null)], c);
    expect(r.coverage).toBe(0.6);
    expect(r).toMatchObject({ status: 'scored', score: 50, band: 'yellow' });
  });

  it('a component with weight 0 is shown but counts neither in the score nor in the coverage', () => {
    const c = config({ engagement: 50, adoption: 50, guides: 0 });
    const r = scoreHealth([input('engagement', 100), input('adoption', 50), input('guides', 0)], c);
    expect(r.score).toBe(75);
    expect(r.coverage).toBe(1);
    expect(r.components.find((x) => x.id === 'guides')).toMatchObject({ score: 0, weight: 0, share: 0, points: 0 });
  });
});

describe('bands on the unrounded score', () => {
  const bands = { yellow: 50, green: 75 };
  it.each([
    [0, 'red'],
    [49.99, 'red'],
    [49.999999, 'red'],
    [50, 'yellow'],
    [74.9999, 'yellow'],
    [75, 'green'],
    [100, 'green'],
  ])('%s → %s', (score, band) => {
    expect(bandFor(score, bands)).toBe(band);
  });

  it('a score that rounds to 50 for display is still red when it is 49.6', () => {
    const r = scoreHealth([input('engagement', 49.6)], config({ engagement: 1 }));
    expect(Math.round(r.score ?? 0)).toBe(50);
    expect(r.band).toBe('red');
  });

  it('uses the configured cut-offs', () => {
    expect(bandFor(79, { yellow: 60, green: 80 })).toBe('yellow');
    expect(bandFor(59.5, { yellow: 60, green: 80 })).toBe('red');
  });
});
