import {
  type HealthBacktest,
  type HealthComponentId,
  type HealthWeights,
  healthComponentIds,
  MIN_PER_CLASS,
} from '../../../src-shared/contract';
import { rocAuc } from './auc';

/** One customer with an outcome: its normalised component scores (0..100, null = unavailable) as of outcome − horizon. */
export interface BacktestSample {
  customerId: string;
  /** What the fold split hashes: the customer's name, so the same CRM list splits the same way in every workspace (ids are random). */
  splitKey: string;
  churned: boolean;
  components: Record<HealthComponentId, number | null>;
}

const MAX_FOLDS = 5;

/**
 * The health score under `weights` exactly as scoreHealth computes it: the weighted mean over the
 * AVAILABLE components (weights renormalised), withheld when the available share of the weight is
 * below `minCoverage`.
 */
export function scoreWith(components: BacktestSample['components'], weights: HealthWeights, minCoverage: number): number | null {
  let total = 0;
  let available = 0;
  let points = 0;
  for (const id of healthComponentIds) {
    const w = weights[id];
    total += w;
    const s = components[id];
    if (s === null) continue;
    available += w;
    points += w * s;
  }
  if (available === 0 || total === 0 || available / total < minCoverage) return null;
  return points / available;
}

/** AUC of "a higher score means renewal"; null when a sample is not scored under the weights or a class is empty. */
export function weightingAuc(samples: readonly BacktestSample[], weights: HealthWeights, minCoverage: number): number | null {
  const renewed: number[] = [];
  const churned: number[] = [];
  for (const s of samples) {
    const score = scoreWith(s.components, weights, minCoverage);
    if (score === null) return null;
    (s.churned ? churned : renewed).push(score);
  }
  return rocAuc(renewed, churned);
}

/** One move of the search: a component's weight up or down by this much (weights are 0..100). */
const STEP = 10;
/** A move must raise the training AUC by at least this much: with a few dozen customers smaller gains are noise. */
const MIN_GAIN = 0.01;
const MAX_MOVES = 40;

/**
 * Coordinate search from the current weights: try every component's weight ± STEP, take the move that
 * raises the AUC on `samples` the most (by at least MIN_GAIN), repeat until no move helps. Starting
 * from the current weights and demanding a real gain per move keeps the result close to them unless
 * the data clearly says otherwise: an exhaustive grid over thousands of weightings overfits a few
 * dozen customers (it won in-sample and lost on held-out customers in the demo). Moves that would
 * withhold any sample's score (coverage) are not taken.
 */
export function searchWeights(
  samples: readonly BacktestSample[],
  current: HealthWeights,
  minCoverage: number,
): { weights: HealthWeights; auc: number | null; evaluated: number } {
  let best = { weights: current, auc: weightingAuc(samples, current, minCoverage) };
  let evaluated = 1;
  if (best.auc === null) return { ...best, evaluated };
  for (let move = 0; move < MAX_MOVES; move++) {
    let next: { weights: HealthWeights; auc: number } | null = null;
    for (const id of healthComponentIds) {
      for (const delta of [STEP, -STEP]) {
        const value = Math.max(0, Math.min(100, best.weights[id] + delta));
        if (value === best.weights[id]) continue;
        const weights = { ...best.weights, [id]: value };
        if (healthComponentIds.every((k) => weights[k] === 0)) continue;
        const auc = weightingAuc(samples, weights, minCoverage);
        evaluated++;
        if (auc !== null && auc >= (best.auc as number) + MIN_GAIN && (next === null || auc > next.auc)) next = { weights, auc };
      }
    }
    if (!next) break;
    best = next;
  }
  return { ...best, evaluated };
}

/** FNV-1a of the split key: a split that does not depend on row order and never changes between runs. */
function stableHash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

/** Stratified k-fold: each class ordered by id hash and dealt round-robin, so every fold holds both classes. */
export function stratifiedFolds(samples: readonly BacktestSample[], k: number): number[] {
  const fold = new Array<number>(samples.length).fill(0);
  for (const churned of [true, false]) {
    const members = samples
      .map((s, i) => ({ i, h: stableHash(s.splitKey), id: s.customerId }))
      .filter(({ i }) => (samples[i] as BacktestSample).churned === churned)
      .sort((a, b) => a.h - b.h || (a.id < b.id ? -1 : 1));
    members.forEach(({ i }, position) => {
      fold[i] = position % k;
    });
  }
  return fold;
}

/**
 * Backtests the health score: the current weights' AUC, and weightings tuned by coordinate search on
 * the training folds and judged on the held-out fold (stratified k-fold, k = min(5, smaller class)). The
 * held-out AUC pools each customer's score under the weights chosen WITHOUT it; the current weights
 * need no training, so their held-out AUC is their AUC on the same customers. `weights` (what "Use
 * these weights" saves) are then tuned on every sample.
 */
export function backtestHealth(
  samples: readonly BacktestSample[],
  current: { weights: HealthWeights; minCoverage: number; version: number },
): HealthBacktest {
  const churned = samples.filter((s) => s.churned).length;
  const renewed = samples.length - churned;
  const currentAuc = weightingAuc(samples, current.weights, current.minCoverage);
  const warnings: string[] = [];
  if (churned < MIN_PER_CLASS || renewed < MIN_PER_CLASS) {
    warnings.push(
      `Only ${churned} churned and ${renewed} renewed customers could be scored: below ${MIN_PER_CLASS} of each the AUC is not reliable.`,
    );
  }
  const folds = Math.min(MAX_FOLDS, churned, renewed);
  if (folds < 2) {
    warnings.push('At least 2 churned and 2 renewed customers are needed to judge other weightings on held-out customers.');
    return {
      churned,
      renewed,
      current: { weights: current.weights, auc: currentAuc, configVersion: current.version },
      tuned: null,
      warning: warnings.join(' '),
    };
  }
  const fold = stratifiedFolds(samples, folds);
  const outOfFold: Array<{ churned: boolean; score: number }> = [];
  for (let f = 0; f < folds; f++) {
    const training = samples.filter((_, i) => fold[i] !== f);
    const { weights } = searchWeights(training, current.weights, current.minCoverage);
    samples.forEach((s, i) => {
      if (fold[i] !== f) return;
      const score = scoreWith(s.components, weights, current.minCoverage);
      if (score !== null) outOfFold.push({ churned: s.churned, score });
    });
  }
  const heldOutAuc = rocAuc(
    outOfFold.filter((s) => !s.churned).map((s) => s.score),
    outOfFold.filter((s) => s.churned).map((s) => s.score),
  );
  const final = searchWeights(samples, current.weights, current.minCoverage);
  return {
    churned,
    renewed,
    current: { weights: current.weights, auc: currentAuc, configVersion: current.version },
    tuned: {
      folds,
      heldOutAuc,
      currentHeldOutAuc: currentAuc,
      gain: heldOutAuc !== null && currentAuc !== null ? heldOutAuc - currentAuc : null,
      weights: final.weights,
      inSampleAuc: final.auc,
      candidates: final.evaluated,
    },
    warning: warnings.length > 0 ? warnings.join(' ') : null,
  };
}
