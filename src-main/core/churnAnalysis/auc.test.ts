import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { rocAuc } from './auc';

/** The definition, pair by pair: what the rank formula must equal. */
function pairwiseAuc(pos: number[], neg: number[]): number {
  let wins = 0;
  for (const a of pos) for (const b of neg) wins += a > b ? 1 : a === b ? 0.5 : 0;
  return wins / (pos.length * neg.length);
}

describe('rocAuc', () => {
  it('is 1 when every positive is above every negative, 0 when inverted', () => {
    expect(rocAuc([5, 6, 7], [1, 2])).toBe(1);
    expect(rocAuc([1, 2], [5, 6, 7])).toBe(0);
  });

  it('counts ties as one half', () => {
    expect(rocAuc([3], [3])).toBe(0.5);
    expect(rocAuc([1, 1, 1], [1, 1])).toBe(0.5);
    // pairs: (2>1)=1, (2=2)=.5, (3>1)=1, (3>2)=1 → 3.5/4
    expect(rocAuc([2, 3], [1, 2])).toBe(0.875);
  });

  it('matches a hand-computed mixed case', () => {
    // positives 0.9 0.4 0.6; negatives 0.5 0.1 → pairs won: 0.9:2, 0.4:1, 0.6:2 → 5/6
    expect(rocAuc([0.9, 0.4, 0.6], [0.5, 0.1])).toBeCloseTo(5 / 6, 12);
  });

  it('handles tiny samples and refuses an empty class', () => {
    expect(rocAuc([1], [0])).toBe(1);
    expect(rocAuc([], [1, 2])).toBeNull();
    expect(rocAuc([1], [])).toBeNull();
  });

  it('equals the pairwise definition on random samples with many ties', () => {
    const values = fc.array(fc.integer({ min: 0, max: 6 }), { minLength: 1, maxLength: 25 });
    fc.assert(
      fc.property(values, values, (pos, neg) => {
        expect(rocAuc(pos, neg)).toBeCloseTo(pairwiseAuc(pos, neg), 12);
      }),
    );
  });
});
