import {
  type HealthBacktest,
  type HealthComponentId,
  type HealthWeights,
  healthComponentIds,
  MIN_PER_CLASS,
} from '../../../src-shared/contract';
import { rocAuc } from './auc';
import { separationWeights } from './separationWeights';

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

/**
 * The tuned weights, moved toward the current ones until every given customer keeps a score: tuning can
 * put most of the weight on a component some customers lack, and the coverage gate would then withhold
 * their score, which the backtest cannot compare.
 */
export function coveringWeights(
  fitted: HealthWeights,
  current: HealthWeights,
  samples: readonly BacktestSample[],
  minCoverage: number,
): HealthWeights {
  for (const share of [0, 0.25, 0.5, 0.75]) {
    const blended = Object.fromEntries(
      healthComponentIds.map((id) => [id, Math.round((1 - share) * fitted[id] + share * current[id])]),
    ) as HealthWeights;
    if (samples.every((s) => scoreWith(s.components, blended, minCoverage) !== null)) return blended;
  }
  return current;
}

/** The weighting the backtest proposes for these customers: separation weights, kept scorable; the current weights when no component separates. */
export function tuneWeights(samples: readonly BacktestSample[], current: HealthWeights, minCoverage: number): HealthWeights {
  const fitted = separationWeights(samples);
  return fitted === null ? current : coveringWeights(fitted, current, samples, minCoverage);
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

/**
 * Stratified k-fold: each class ordered by the split key's hash (salted per repeat) and dealt round-robin,
 * so every fold holds both classes and the same customers always split the same way.
 */
export function stratifiedFolds(samples: readonly BacktestSample[], k: number, repeat = 0): number[] {
  const fold = new Array<number>(samples.length).fill(0);
  for (const churned of [true, false]) {
    const members = samples
      .map((s, i) => ({ i, h: stableHash(repeat === 0 ? s.splitKey : `${s.splitKey}#${repeat}`), id: s.customerId }))
      .filter(({ i }) => (samples[i] as BacktestSample).churned === churned)
      .sort((a, b) => a.h - b.h || (a.id < b.id ? -1 : 1));
    members.forEach(({ i }, position) => {
      fold[i] = position % k;
    });
  }
  return fold;
}

/** Repeats of the k-fold with different deals; their spread is reported, so a split that happens to win cannot decide. */
export const BACKTEST_REPEATS = 10;

/** One repeat: every customer's out-of-fold score under weights tuned without it, and the current AUC on the same customers. */
function heldOutRepeat(
  samples: readonly BacktestSample[],
  current: { weights: HealthWeights; minCoverage: number },
  folds: number,
  repeat: number,
): { tuned: number; current: number } | null {
  const fold = stratifiedFolds(samples, folds, repeat);
  const tunedScores: Array<{ churned: boolean; score: number }> = [];
  const currentScores: Array<{ churned: boolean; score: number }> = [];
  for (let f = 0; f < folds; f++) {
    const weights = tuneWeights(
      samples.filter((_, i) => fold[i] !== f),
      current.weights,
      current.minCoverage,
    );
    samples.forEach((s, i) => {
      if (fold[i] !== f) return;
      const score = scoreWith(s.components, weights, current.minCoverage);
      const now = scoreWith(s.components, current.weights, current.minCoverage);
      if (score === null || now === null) return;
      tunedScores.push({ churned: s.churned, score });
      currentScores.push({ churned: s.churned, score: now });
    });
  }
  const auc = (xs: typeof tunedScores) =>
    rocAuc(
      xs.filter((x) => !x.churned).map((x) => x.score),
      xs.filter((x) => x.churned).map((x) => x.score),
    );
  const tuned = auc(tunedScores);
  const now = auc(currentScores);
  return tuned === null || now === null ? null : { tuned, current: now };
}

/**
 * Backtests the health score: the current weights' AUC, and a weighting tuned on the training folds
 * and judged on the held-out fold (stratified k-fold, k = min(5, smaller class); none below
 * MIN_PER_CLASS of either class), repeated with
 * BACKTEST_REPEATS deals). The gain is the mean over repeats, with its range and how many repeats the
 * tuning won. `weights` (what "Use these weights" saves) are then tuned on every sample.
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
  const result = { churned, renewed, current: { weights: current.weights, auc: currentAuc, configVersion: current.version } };
  // The tuning weighs a component only when 5 of each class have it (separationWeights): below that it
  // could only ever return the current weights, which the page would read as "already the best".
  if (churned < MIN_PER_CLASS || renewed < MIN_PER_CLASS) {
    warnings.push(
      `At least ${MIN_PER_CLASS} churned and ${MIN_PER_CLASS} renewed customers are needed to tune the weights and judge them on held-out customers.`,
    );
    return { ...result, tuned: null, warning: warnings.join(' ') };
  }
  const repeats: Array<{ tuned: number; current: number }> = [];
  for (let r = 0; r < BACKTEST_REPEATS; r++) {
    const outcome = heldOutRepeat(samples, current, folds, r);
    if (outcome) repeats.push(outcome);
  }
  const mean = (xs: number[]) => (xs.length === 0 ? null : xs.reduce((a, x) => a + x, 0) / xs.length);
  const gains = repeats.map((r) => r.tuned - r.current);
  const weights = tuneWeights(samples, current.weights, current.minCoverage);
  return {
    ...result,
    tuned: {
      folds,
      repeats: repeats.length,
      heldOutAuc: mean(repeats.map((r) => r.tuned)),
      currentHeldOutAuc: mean(repeats.map((r) => r.current)),
      gain: mean(gains),
      gainRange: gains.length === 0 ? null : { min: Math.min(...gains), max: Math.max(...gains) },
      repeatsWon: gains.filter((g) => g > 0).length,
      weights,
      inSampleAuc: weightingAuc(samples, weights, current.minCoverage),
    },
    warning: warnings.length > 0 ? warnings.join(' ') : null,
  };
}
