import { describe, expect, it } from 'vitest';
import type { HealthWeights } from '../../../src-shared/contract';
import { type BacktestSample, backtestHealth, coveringWeights, scoreWith, stratifiedFolds, tuneWeights } from './backtest';

const current: HealthWeights = { engagement: 10, adoption: 0, retention: 0, trajectory: 30, guides: 0 };

/** Engagement separates the classes perfectly; trajectory is noise (a fixed pseudo-random pattern). */
function samples(churned: number, renewed: number): BacktestSample[] {
  const out: BacktestSample[] = [];
  for (let i = 0; i < churned + renewed; i++) {
    const isChurned = i < churned;
    out.push({
      customerId: `c${i}`,
      splitKey: `Customer ${i}`,
      churned: isChurned,
      components: {
        engagement: isChurned ? 10 + i : 60 + i,
        adoption: 50,
        retention: null,
        trajectory: (i * 37) % 100,
        guides: null,
      },
    });
  }
  return out;
}

describe('scoreWith', () => {
  it('renormalises over available components and applies the coverage gate like scoreHealth', () => {
    const components = { engagement: 80, adoption: 40, retention: null, trajectory: null, guides: null };
    const weights: HealthWeights = { engagement: 30, adoption: 10, retention: 0, trajectory: 0, guides: 0 };
    expect(scoreWith(components, weights, 0.6)).toBe(70);
    // retention carries half the weight and is missing: coverage 0.5 < 0.6
    expect(scoreWith(components, { ...weights, retention: 40 }, 0.6)).toBeNull();
    expect(scoreWith(components, { ...weights, retention: 40 }, 0.5)).toBe(70);
  });
});

describe('stratifiedFolds', () => {
  it('puts both classes in every fold, deterministically', () => {
    const s = samples(6, 14);
    const folds = stratifiedFolds(s, 3);
    for (let f = 0; f < 3; f++) {
      expect(s.filter((x, i) => folds[i] === f && x.churned).length).toBeGreaterThanOrEqual(2);
      expect(s.filter((x, i) => folds[i] === f && !x.churned).length).toBeGreaterThanOrEqual(4);
    }
    expect(stratifiedFolds([...s].reverse(), 3)).toEqual([...folds].reverse());
  });
});

describe('tuneWeights', () => {
  it('moves the weight to the separating component', () => {
    const tuned = tuneWeights(samples(6, 10), current, 0.6);
    expect(tuned.engagement).toBeGreaterThan(tuned.trajectory);
    expect(tuned.engagement).toBeGreaterThan(50);
  });

  it('keeps every customer scorable: a weighting that would withhold a score is moved toward the current weights', () => {
    const s = samples(6, 10);
    // retention is missing for everyone: weight on it alone would withhold every score
    const tuned: HealthWeights = { engagement: 10, adoption: 0, retention: 90, trajectory: 0, guides: 0 };
    const covered = coveringWeights(tuned, current, s, 0.6);
    expect(s.every((x) => scoreWith(x.components, covered, 0.6) !== null)).toBe(true);
    expect(covered).not.toEqual(tuned);
  });
});

describe('stratifiedFolds across repeats', () => {
  it('deals differently per repeat and the same way every time for a repeat', () => {
    const s = samples(6, 14);
    expect(stratifiedFolds(s, 3, 1)).toEqual(stratifiedFolds(s, 3, 1));
    expect(stratifiedFolds(s, 3, 1)).not.toEqual(stratifiedFolds(s, 3, 2));
  });
});

describe('backtestHealth', () => {
  it('reports the current AUC and a tuned weighting that beats it on held-out customers', () => {
    const result = backtestHealth(samples(8, 16), { weights: current, minCoverage: 0.6, version: 3 });
    expect(result.churned).toBe(8);
    expect(result.renewed).toBe(16);
    expect(result.current.configVersion).toBe(3);
    expect(result.current.auc).toBeLessThan(0.9);
    expect(result.tuned?.folds).toBe(5);
    expect(result.tuned?.repeats).toBe(10);
    // pooled out-of-fold scores come from each fold's own weights, so a near-perfect, not exactly 1
    expect(result.tuned?.heldOutAuc).toBeGreaterThan(0.95);
    expect(result.tuned?.currentHeldOutAuc).toBeCloseTo(result.current.auc as number, 12);
    expect(result.tuned?.gain).toBeCloseTo((result.tuned?.heldOutAuc as number) - (result.current.auc as number), 12);
    expect(result.tuned?.gain).toBeGreaterThan(0.1);
    expect(result.tuned?.repeatsWon).toBe(10);
    expect(result.tuned?.gainRange?.min).toBeGreaterThan(0);
    expect(result.tuned?.inSampleAuc).toBe(1);
    expect(result.warning).toBeNull();
  });

  it('warns below the minimum sample and does not tune below 5 of either class', () => {
    const small = backtestHealth(samples(4, 10), { weights: current, minCoverage: 0.6, version: 1 });
    expect(small.warning).toContain('Only 4 churned');
    expect(small.warning).toContain('At least 5 churned and 5 renewed customers are needed to tune');
    expect(small.tuned).toBeNull();
    expect(small.current.auc).not.toBeNull();
    const enough = backtestHealth(samples(5, 10), { weights: current, minCoverage: 0.6, version: 1 });
    expect(enough.tuned?.folds).toBe(5);
    expect(enough.warning).toBeNull();
  });
});

describe('backtestHealth on noise', () => {
  it('does not claim a gain when no component separates the classes', () => {
    // every component a fixed pseudo-random pattern unrelated to the outcome
    const noise: BacktestSample[] = Array.from({ length: 40 }, (_, i) => ({
      customerId: `n${i}`,
      splitKey: `Noise ${i}`,
      churned: i % 3 === 0,
      components: {
        engagement: (i * 37) % 100,
        adoption: (i * 53 + 11) % 100,
        retention: (i * 71 + 5) % 100,
        trajectory: (i * 29 + 3) % 100,
        guides: null,
      },
    }));
    const result = backtestHealth(noise, { weights: { ...current, adoption: 20, retention: 25 }, minCoverage: 0.6, version: 1 });
    expect(result.tuned?.repeats).toBe(10);
    // tuning to noise must not look like a real improvement on held-out customers
    expect(result.tuned?.gain ?? 0).toBeLessThan(0.1);
  });
});
