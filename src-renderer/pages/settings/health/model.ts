import type { AlertRulesConfig, HealthComponentId, HealthConfig, Normaliser } from '../../../../src-shared/contract/health';

/**
 * The health settings form: every number is kept as the text the CSM typed (so a half-typed "0." or a
 * mistake stays on screen with its explanation), and `readForm` turns it into a HealthConfig or says,
 * in words and per field, what is wrong. The renderer never loads zod, so these checks mirror
 * `healthConfigSchema` by hand; the core validates again on preview and save.
 */

// Runtime values from the contract's health module would pull zod into the renderer bundle, so the
// ids, labels and defaults are repeated here; the e2e test checks they equal the contract's.
export const componentIds = [
  'engagement',
  'adoption',
  'retention',
  'trajectory',
  'guides',
] as const satisfies readonly HealthComponentId[];

export const componentLabels: Record<HealthComponentId, string> = {
  engagement: 'Engagement',
  adoption: 'Adoption',
  retention: 'Retention',
  trajectory: 'Trajectory',
  guides: 'Guide completion',
};

/** What each component measures, and how its thresholds are typed. */
export const componentInputs: Record<HealthComponentId, { measure: string; unit: 'ratio' | 'percent' }> = {
  engagement: { measure: 'DAU/MAU (0 to 1)', unit: 'ratio' },
  adoption: { measure: 'Share of core features used', unit: 'percent' },
  retention: { measure: 'Share of active users retained', unit: 'percent' },
  trajectory: { measure: 'Usage trend, % change', unit: 'percent' },
  guides: { measure: 'Guide completion rate', unit: 'percent' },
};

export const defaultConfig: HealthConfig = {
  weights: { engagement: 30, adoption: 20, retention: 25, trajectory: 25, guides: 0 },
  thresholds: {
    engagement: { direction: 'higher', bad: 0.05, good: 0.3, points: [] },
    adoption: { direction: 'higher', bad: 0.2, good: 0.8, points: [] },
    retention: { direction: 'higher', bad: 0.5, good: 0.9, points: [] },
    trajectory: { direction: 'higher', bad: -0.3, good: 0.1, points: [] },
    guides: { direction: 'higher', bad: 0.1, good: 0.6, points: [] },
  },
  bands: { yellow: 50, green: 75 },
  minCoverage: 0.6,
  trendArrowPoints: 5,
  rules: {
    usageDrop: { enabled: true, minDrop: 0.2, minBaseline: 5, measure: 'activeUsers', windowDays: 7, alignToWeeks: true },
    featureAbandoned: { enabled: true, windowDays: 30, minPreviousUsers: 3, features: [] },
    noActivity: { enabled: true, days: 14 },
    championInactive: { enabled: true, days: 30, referenceDays: 30, minActiveDays: 5 },
    guideDismissals: { enabled: true, maxDismissRate: 0.5, minAboveWorkspace: 0.15, minReach: 10, windowDays: 30 },
    healthBandWorsened: { enabled: true, lookbackDays: 7, recoveryPoints: 2 },
    anomaly: { enabled: true, sensitivity: 'medium', baselineWeeks: 8, minBaselineWeeks: 4, minActiveUsers: 3, spikes: false },
  },
};

export interface HealthForm {
  weights: Record<HealthComponentId, string>;
  thresholds: Record<HealthComponentId, { bad: string; good: string }>;
  bands: { yellow: string; green: string };
  /** Percent. */
  minCoverage: string;
  trendArrowPoints: string;
  rules: {
    usageDrop: {
      enabled: boolean;
      minDrop: string;
      minBaseline: string;
      measure: 'activeUsers' | 'events';
      windowDays: string;
      alignToWeeks: boolean;
    };
    featureAbandoned: { enabled: boolean; windowDays: string; minPreviousUsers: string };
    noActivity: { enabled: boolean; days: string };
    championInactive: { enabled: boolean; days: string; referenceDays: string; minActiveDays: string };
    guideDismissals: {
      enabled: boolean;
      maxDismissRate: string;
      minAboveWorkspace: string;
      minReach: string;
      windowDays: string;
    };
    healthBandWorsened: { enabled: boolean; lookbackDays: string; recoveryPoints: string };
    anomaly: {
      enabled: boolean;
      sensitivity: 'low' | 'medium' | 'high';
      baselineWeeks: string;
      minActiveUsers: string;
      spikes: boolean;
    };
  };
}

/** Field path ("weights.engagement", "rules.noActivity.days") → what is wrong, in words. */
export type FormErrors = Record<string, string>;

/** Rounds away binary noise (0.3 × 100 = 30.000000000000004) for display and for storage. */
const clean = (n: number): number => Number(n.toPrecision(12));
const text = (n: number): string => String(clean(n));
const pct = (fraction: number): string => text(fraction * 100);

export function thresholdText(id: HealthComponentId, value: number): string {
  return componentInputs[id].unit === 'percent' ? pct(value) : text(value);
}

export function toForm(config: HealthConfig): HealthForm {
  const r = config.rules;
  const map = <T>(f: (id: HealthComponentId) => T): Record<HealthComponentId, T> =>
    Object.fromEntries(componentIds.map((id) => [id, f(id)])) as Record<HealthComponentId, T>;
  return {
    weights: map((id) => text(config.weights[id])),
    thresholds: map((id) => ({
      bad: thresholdText(id, config.thresholds[id].bad),
      good: thresholdText(id, config.thresholds[id].good),
    })),
    bands: { yellow: text(config.bands.yellow), green: text(config.bands.green) },
    minCoverage: pct(config.minCoverage),
    trendArrowPoints: text(config.trendArrowPoints),
    rules: {
      usageDrop: {
        enabled: r.usageDrop.enabled,
        minDrop: pct(r.usageDrop.minDrop),
        minBaseline: text(r.usageDrop.minBaseline),
        measure: r.usageDrop.measure,
        windowDays: text(r.usageDrop.windowDays),
        alignToWeeks: r.usageDrop.alignToWeeks,
      },
      featureAbandoned: {
        enabled: r.featureAbandoned.enabled,
        windowDays: text(r.featureAbandoned.windowDays),
        minPreviousUsers: text(r.featureAbandoned.minPreviousUsers),
      },
      noActivity: { enabled: r.noActivity.enabled, days: text(r.noActivity.days) },
      championInactive: {
        enabled: r.championInactive.enabled,
        days: text(r.championInactive.days),
        referenceDays: text(r.championInactive.referenceDays),
        minActiveDays: text(r.championInactive.minActiveDays),
      },
      guideDismissals: {
        enabled: r.guideDismissals.enabled,
        maxDismissRate: pct(r.guideDismissals.maxDismissRate),
        minAboveWorkspace: pct(r.guideDismissals.minAboveWorkspace),
        minReach: text(r.guideDismissals.minReach),
        windowDays: text(r.guideDismissals.windowDays),
      },
      healthBandWorsened: {
        enabled: r.healthBandWorsened.enabled,
        lookbackDays: text(r.healthBandWorsened.lookbackDays),
        recoveryPoints: text(r.healthBandWorsened.recoveryPoints),
      },
      anomaly: {
        enabled: r.anomaly.enabled,
        sensitivity: r.anomaly.sensitivity,
        baselineWeeks: text(r.anomaly.baselineWeeks),
        minActiveUsers: text(r.anomaly.minActiveUsers),
        spikes: r.anomaly.spikes,
      },
    },
  };
}

/** Accepts "12", "-0.3", ".5", "1,5" and a typographic minus; anything else is not a number. */
export function parseNumber(value: string): number | null {
  const t = value.trim().replace(/[−–]/g, '-').replace(',', '.');
  if (!/^-?(\d+\.?\d*|\.\d+)$/.test(t)) return null;
  const n = Number(t);
  return Number.isFinite(n) ? n : null;
}

const fmt = (n: number): string => new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 }).format(n);

/**
 * Reads the form. Returns the configuration when every field is valid (null otherwise) and the
 * problems by field. `base` supplies what the form does not edit (directions, breakpoints, watched
 * features).
 */
export function readForm(form: HealthForm, base: HealthConfig): { config: HealthConfig | null; errors: FormErrors } {
  const errors: FormErrors = {};

  const number = (path: string, value: string, min: number, max: number, what: string): number => {
    const n = parseNumber(value);
    if (n === null || n < min || n > max) {
      errors[path] =
        value.trim() === ''
          ? `Enter ${what} from ${fmt(min)} to ${fmt(max)}.`
          : `“${value.trim()}” is not ${what} from ${fmt(min)} to ${fmt(max)}.`;
      return Number.NaN;
    }
    return n;
  };
  const whole = (path: string, value: string, min: number, max: number, unit: string): number => {
    const n = parseNumber(value);
    if (n === null || !Number.isInteger(n) || n < min || n > max) {
      errors[path] = `Enter a whole number of ${unit} from ${fmt(min)} to ${fmt(max)}.`;
      return Number.NaN;
    }
    return n;
  };
  const percent = (path: string, value: string, what = 'a percentage'): number => {
    const n = number(path, value, 0, 100, what);
    return clean(n / 100);
  };

  // weights
  const weights = {} as HealthConfig['weights'];
  for (const id of componentIds) weights[id] = number(`weights.${id}`, form.weights[id], 0, 1000, 'a weight');
  if (componentIds.every((id) => weights[id] === 0)) {
    errors.weights = 'At least one component needs a weight above 0, or there is nothing to score.';
  }

  // thresholds
  const thresholds = {} as HealthConfig['thresholds'];
  for (const id of componentIds) {
    const previous = base.thresholds[id];
    const scale = componentInputs[id].unit === 'percent' ? 100 : 1;
    const read = (which: 'bad' | 'good'): number => {
      const n = parseNumber(form.thresholds[id][which]);
      if (n === null) {
        errors[`thresholds.${id}.${which}`] =
          `Enter the ${componentInputs[id].unit === 'percent' ? 'percentage' : 'value'} that scores ${which === 'bad' ? '0' : '100'}.`;
        return Number.NaN;
      }
      return clean(n / scale);
    };
    const bad = read('bad');
    const good = read('good');
    const normaliser: Normaliser = { direction: previous.direction, bad, good, points: previous.points };
    if (Number.isFinite(bad) && Number.isFinite(good)) {
      if (previous.direction === 'higher' && !(good > bad)) {
        errors[`thresholds.${id}.good`] = 'Higher is healthier here, so “good” must be above “bad”.';
      } else if (previous.direction === 'lower' && !(good < bad)) {
        errors[`thresholds.${id}.good`] = 'Lower is healthier here, so “good” must be below “bad”.';
      } else if (previous.points.length > 0) {
        const sign = previous.direction === 'higher' ? 1 : -1;
        const inside = previous.points.every((p) => sign * (p.value - bad) > 0 && sign * (good - p.value) > 0);
        if (!inside) {
          errors[`thresholds.${id}.good`] =
            `This component has ${previous.points.length} breakpoint(s) in between; “bad” and “good” must stay outside them.`;
        }
      }
    }
    thresholds[id] = normaliser;
  }

  // bands, coverage, trend
  const yellow = number('bands.yellow', form.bands.yellow, 0, 100, 'a score');
  const green = number('bands.green', form.bands.green, 0, 100, 'a score');
  if (Number.isFinite(yellow) && Number.isFinite(green) && !(yellow < green)) {
    errors['bands.green'] = `Green must start above yellow (${fmt(yellow)}), or no customer could be yellow.`;
  }
  const minCoverage = percent('minCoverage', form.minCoverage);
  const trendArrowPoints = number('trendArrowPoints', form.trendArrowPoints, 0, 100, 'a number of points');

  // alert rules
  const f = form.rules;
  const b = base.rules;
  const anomalyRule = (): AlertRulesConfig['anomaly'] => {
    const baselineWeeks = whole('rules.anomaly.baselineWeeks', f.anomaly.baselineWeeks, 3, 12, 'weeks');
    return {
      enabled: f.anomaly.enabled,
      sensitivity: f.anomaly.sensitivity,
      baselineWeeks,
      // Not on the form: kept, but never above the baseline the CSM chose.
      minBaselineWeeks: Number.isFinite(baselineWeeks)
        ? Math.min(b.anomaly.minBaselineWeeks, baselineWeeks)
        : b.anomaly.minBaselineWeeks,
      minActiveUsers: whole('rules.anomaly.minActiveUsers', f.anomaly.minActiveUsers, 1, 100_000, 'users'),
      spikes: f.anomaly.spikes,
    };
  };
  const rules: AlertRulesConfig = {
    usageDrop: {
      enabled: f.usageDrop.enabled,
      minDrop: percent('rules.usageDrop.minDrop', f.usageDrop.minDrop),
      minBaseline: number('rules.usageDrop.minBaseline', f.usageDrop.minBaseline, 0, 1_000_000, 'a number'),
      measure: f.usageDrop.measure,
      windowDays: whole('rules.usageDrop.windowDays', f.usageDrop.windowDays, 1, 90, 'days'),
      alignToWeeks: f.usageDrop.alignToWeeks,
    },
    featureAbandoned: {
      enabled: f.featureAbandoned.enabled,
      windowDays: whole('rules.featureAbandoned.windowDays', f.featureAbandoned.windowDays, 1, 180, 'days'),
      minPreviousUsers: whole('rules.featureAbandoned.minPreviousUsers', f.featureAbandoned.minPreviousUsers, 1, 10_000, 'users'),
      features: b.featureAbandoned.features,
    },
    noActivity: { enabled: f.noActivity.enabled, days: whole('rules.noActivity.days', f.noActivity.days, 1, 365, 'days') },
    championInactive: {
      enabled: f.championInactive.enabled,
      days: whole('rules.championInactive.days', f.championInactive.days, 1, 365, 'days'),
      referenceDays: whole('rules.championInactive.referenceDays', f.championInactive.referenceDays, 1, 365, 'days'),
      minActiveDays: whole('rules.championInactive.minActiveDays', f.championInactive.minActiveDays, 1, 365, 'days'),
    },
    guideDismissals: {
      enabled: f.guideDismissals.enabled,
      maxDismissRate: percent('rules.guideDismissals.maxDismissRate', f.guideDismissals.maxDismissRate),
      minAboveWorkspace: percent('rules.guideDismissals.minAboveWorkspace', f.guideDismissals.minAboveWorkspace),
      minReach: whole('rules.guideDismissals.minReach', f.guideDismissals.minReach, 1, 100_000, 'users'),
      windowDays: whole('rules.guideDismissals.windowDays', f.guideDismissals.windowDays, 1, 180, 'days'),
    },
    healthBandWorsened: {
      enabled: f.healthBandWorsened.enabled,
      lookbackDays: whole('rules.healthBandWorsened.lookbackDays', f.healthBandWorsened.lookbackDays, 1, 90, 'days'),
      recoveryPoints: number(
        'rules.healthBandWorsened.recoveryPoints',
        f.healthBandWorsened.recoveryPoints,
        0,
        50,
        'a number of points',
      ),
    },
    anomaly: anomalyRule(),
  };

  const config: HealthConfig = { weights, thresholds, bands: { yellow, green }, minCoverage, trendArrowPoints, rules };
  return { config: Object.keys(errors).length === 0 ? config : null, errors };
}

/** Each weight as a share of the total (0..1); null where the weight is not a valid number. */
export function weightShares(form: HealthForm): Record<HealthComponentId, number | null> {
  const values = componentIds.map((id) => {
    const n = parseNumber(form.weights[id]);
    return n !== null && n >= 0 && n <= 1000 ? n : null;
  });
  const total = values.reduce<number>((sum, v) => sum + (v ?? 0), 0);
  return Object.fromEntries(
    componentIds.map((id, i) => {
      const v = values[i] ?? null;
      return [id, v === null || total === 0 ? null : v / total];
    }),
  ) as Record<HealthComponentId, number | null>;
}

/** Key-order-independent equality of two configurations. */
export function sameConfig(a: HealthConfig, b: HealthConfig): boolean {
  const stable = (value: unknown): unknown =>
    Array.isArray(value)
      ? value.map(stable)
      : value && typeof value === 'object'
        ? Object.fromEntries(
            Object.keys(value)
              .sort()
              .map((k) => [k, stable((value as Record<string, unknown>)[k])]),
          )
        : value;
  return JSON.stringify(stable(a)) === JSON.stringify(stable(b));
}
