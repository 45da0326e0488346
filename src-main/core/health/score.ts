import type {
  HealthBand,
  HealthComponent,
  HealthComponentId,
  HealthConfig,
  HealthStatus,
  HealthUnavailableReason,
} from '../../../src-shared/contract/health';
import { healthComponentIds, healthComponentLabels } from '../../../src-shared/contract/healthNames';
import { normalise } from './normalise';

/** One component's raw input before scoring, as the input readers produce it. */
export interface ComponentInput {
  id: HealthComponentId;
  raw: number | null;
  display: string;
  inputs: Record<string, number | string | null>;
  unavailable: HealthUnavailableReason | null;
}

export interface ScoredHealth {
  score: number | null;
  band: HealthBand | null;
  status: HealthStatus;
  coverage: number;
  components: HealthComponent[];
}

/**
 * Combines component inputs into one score (metric definitions 12.2):
 * - each available component is normalised to 0..100 by its configured thresholds;
 * - the score is the weighted mean over AVAILABLE components only (weights renormalised), so a missing
 *   input never counts as 0 (pitfall 13: 66.0 renormalised vs 49.5 with NA as 0);
 * - coverage = Σ available weights / Σ weights; below `minCoverage` the score is withheld
 *   ("insufficient data", no band) but the components are still reported;
 * - nothing is rounded here (G11); the band uses the unrounded score.
 * Components with weight 0 are shown for information with share 0 and do not count towards coverage.
 */
export function scoreHealth(inputs: readonly ComponentInput[], config: HealthConfig): ScoredHealth {
  const byId = new Map(inputs.map((input) => [input.id, input]));
  const normalised = healthComponentIds.map((id) => {
    const input = byId.get(id) ?? { id, raw: null, display: '—', inputs: {}, unavailable: 'no-data' as const };
    const score = input.unavailable === null ? normalise(input.raw, config.thresholds[id]) : null;
    return { input, score, weight: config.weights[id] };
  });
  const totalWeight = normalised.reduce((sum, c) => sum + c.weight, 0);
  const availableWeight = normalised.reduce((sum, c) => sum + (c.score !== null ? c.weight : 0), 0);
  const coverage = totalWeight > 0 ? availableWeight / totalWeight : 0;

  const components: HealthComponent[] = normalised.map(({ input, score, weight }) => {
    const share = score === null ? null : availableWeight > 0 ? weight / availableWeight : 0;
    return {
      id: input.id,
      label: healthComponentLabels[input.id],
      raw: input.raw,
      display: input.display,
      inputs: input.inputs,
      score,
      weight,
      share,
      points: share === null || score === null ? null : share * score,
      pointsLost: share === null || score === null ? null : share * (100 - score),
      unavailable: score === null ? (input.unavailable ?? 'no-data') : null,
    };
  });

  if (availableWeight === 0 || coverage < config.minCoverage) {
    return { score: null, band: null, status: 'insufficient-data', coverage, components };
  }
  const score = components.reduce((sum, c) => sum + (c.points ?? 0), 0);
  return { score, band: bandFor(score, config.bands), status: 'scored', coverage, components };
}

/** red < yellow ≤ s < green ≤ s, on the unrounded score (49.999 is red, 50 is yellow, 75 is green). */
export function bandFor(score: number, bands: HealthConfig['bands']): HealthBand {
  if (score >= bands.green) return 'green';
  if (score >= bands.yellow) return 'yellow';
  return 'red';
}
