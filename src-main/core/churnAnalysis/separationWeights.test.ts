import { describe, expect, it } from 'vitest';
import { type SeparationSample, separationWeights } from './separationWeights';

/** Churned customers have low engagement and lower retention; trajectory says nothing; adoption points the wrong way. */
function customers(n: number): SeparationSample[] {
  return Array.from({ length: n }, (_, i) => {
    const churned = i % 3 === 0;
    return {
      churned,
      components: {
        engagement: (churned ? 30 : 60) + ((i * 17) % 25),
        adoption: (churned ? 70 : 40) + ((i * 7) % 20),
        retention: churned ? 40 + ((i * 13) % 30) : 50 + ((i * 11) % 30),
        // the same value for the churned and the two renewed customers of each triple: AUC exactly 0.5
        trajectory: (Math.floor(i / 3) * 37) % 100,
        guides: i < 6 ? 90 : null,
      },
    };
  });
}

describe('separationWeights', () => {
  it('weighs each component by how far its own AUC rose above chance', () => {
    const w = separationWeights(customers(45));
    expect(w).not.toBeNull();
    // engagement separates perfectly, retention partly: both get weight, engagement more
    expect(w?.engagement).toBeGreaterThan(w?.retention ?? 100);
    expect(w?.retention).toBeGreaterThan(0);
    // higher adoption meant churn here: a health weight cannot be negative, so it gets none
    expect(w?.adoption).toBe(0);
    // noise stays within the chance margin
    expect(w?.trajectory).toBe(0);
    // guides: only 6 customers have it, below the minimum of each class
    expect(w?.guides).toBe(0);
    const total = Object.values(w ?? {}).reduce((a, v) => a + v, 0);
    expect(total).toBeGreaterThanOrEqual(99);
    expect(total).toBeLessThanOrEqual(101);
  });

  it('is deterministic and ignores the order of customers', () => {
    expect(separationWeights(customers(30))).toEqual(separationWeights([...customers(30)].reverse()));
  });

  it('returns null when only one class is present or nothing separates beyond chance', () => {
    expect(separationWeights(customers(30).map((x) => ({ ...x, churned: false })))).toBeNull();
    // engagement and retention reversed, adoption already backwards, trajectory flat: nothing to weigh
    const backwards = customers(30).map((x) => ({
      ...x,
      components: {
        ...x.components,
        engagement: 100 - (x.components.engagement ?? 0),
        retention: 100 - (x.components.retention ?? 0),
        trajectory: 50,
      },
    }));
    expect(separationWeights(backwards)).toBeNull();
  });
});
