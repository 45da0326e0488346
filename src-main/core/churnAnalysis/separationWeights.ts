import { type HealthComponentId, type HealthWeights, healthComponentIds, MIN_PER_CLASS } from '../../../src-shared/contract';
import { rocAuc } from './auc';

/** What the weighting needs of a customer: its component scores (0..100, null = unavailable) and its outcome. */
export interface SeparationSample {
  churned: boolean;
  components: Record<HealthComponentId, number | null>;
}

/**
 * A component whose AUC is within this of chance gets no weight: with a few dozen customers an AUC of
 * 0.55 is what luck alone gives (its standard error is about 0.08 at 10 churned / 20 renewed).
 */
export const CHANCE_MARGIN = 0.05;

/**
 * Health weights in proportion to how well each component, on its own, separated churned from renewed
 * customers: weight ∝ max(0, AUC − 0.5 − CHANCE_MARGIN), scaled to sum to 100. A component that rose
 * with churn (AUC < 0.5) gets none, since a health weight cannot be negative; one available for fewer
 * than MIN_PER_CLASS churned or renewed customers gets none.
 *
 * Why not a regression or a search over weightings: with a few dozen customers both fit the noise. A
 * coordinate search from the current weights lost 0.03 AUC on held-out customers of the demo, and a
 * ridge logistic regression with non-negative coefficients swung between −0.06 and +0.05 across splits,
 * because the components are correlated and which one gets the weight is decided by a handful of
 * customers. Weighting each component by its own separation (Dawes's "improper linear models") has
 * no such instability and won on held-out customers in every split of the demo portfolios we measured
 * (test/integration/churnAnalysis). Returns null when no component separates beyond chance.
 */
export function separationWeights(samples: readonly SeparationSample[]): HealthWeights | null {
  const weights: HealthWeights = { engagement: 0, adoption: 0, retention: 0, trajectory: 0, guides: 0 };
  const strength = new Map<HealthComponentId, number>();
  for (const id of healthComponentIds) {
    const renewed: number[] = [];
    const churned: number[] = [];
    for (const s of samples) {
      const v = s.components[id];
      if (v !== null) (s.churned ? churned : renewed).push(v);
    }
    if (churned.length < MIN_PER_CLASS || renewed.length < MIN_PER_CLASS) continue;
    const auc = rocAuc(renewed, churned);
    if (auc !== null && auc > 0.5 + CHANCE_MARGIN) strength.set(id, auc - 0.5 - CHANCE_MARGIN);
  }
  const total = [...strength.values()].reduce((a, v) => a + v, 0);
  if (total <= 0) return null;
  for (const [id, v] of strength) weights[id] = Math.round((100 * v) / total);
  if (healthComponentIds.every((id) => weights[id] === 0)) return null;
  return weights;
}
