import type { Normaliser } from '../../../src-shared/contract/health';

/**
 * Piecewise-linear normalisation to 0..100 (metric definitions 12.2, method 1): `bad` → 0, `good` →
 * 100, optional breakpoints in between, clamped beyond both ends. Works for either polarity: for
 * direction "lower" the breakpoints run downwards (bad > good), and the same interpolation applies.
 * Null in, null out (G8): a missing input is never scored 0.
 */
export function normalise(value: number | null, n: Normaliser): number | null {
  if (value === null || !Number.isFinite(value)) return null;
  const knots: Array<{ value: number; score: number }> = [{ value: n.bad, score: 0 }, ...n.points, { value: n.good, score: 100 }];
  // Orient so that x grows along the knots (direction "lower" has decreasing values).
  const sign = n.direction === 'higher' ? 1 : -1;
  const x = sign * value;
  const first = knots[0] as { value: number; score: number };
  const last = knots[knots.length - 1] as { value: number; score: number };
  if (x <= sign * first.value) return first.score;
  if (x >= sign * last.value) return last.score;
  for (let i = 1; i < knots.length; i++) {
    const a = knots[i - 1] as { value: number; score: number };
    const b = knots[i] as { value: number; score: number };
    const xa = sign * a.value;
    const xb = sign * b.value;
    if (x <= xb) return a.score + ((x - xa) / (xb - xa)) * (b.score - a.score);
  }
  return last.score;
}
