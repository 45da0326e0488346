import {
  CoreError,
  defaultHealthConfig,
  type HealthConfig,
  type HealthConfigState,
  healthConfigSchema,
} from '../../../src-shared/contract';
import type { Clock } from '../ports';
import type { Store } from '../store';

/** The settings row holding the health configuration (one JSON value, like every other setting). */
export const HEALTH_CONFIG_KEY = 'healthConfig';

interface StoredConfig {
  version: number;
  config: unknown;
}

/**
 * The workspace's health and alert configuration: weights, thresholds, bands, minimum coverage, rules.
 * Stored as JSON in `settings` under its own key with a version that every change bumps; snapshots
 * record the version that scored them so trends only compare like with like. A stored value written by
 * an older Pulse (a rule type missing) is completed from the defaults; one that no longer validates
 * falls back to the defaults rather than breaking the workspace.
 */
export class HealthConfigRepository {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
  ) {}

  get(): HealthConfigState {
    const row = this.store.sqlite.prepare('select value_json, updated_at from settings where key = ?').get(HEALTH_CONFIG_KEY) as
      | { value_json: string; updated_at: number }
      | undefined;
    if (!row) return { version: 1, updatedAt: null, config: defaultHealthConfig };
    let stored: StoredConfig;
    try {
      stored = JSON.parse(row.value_json) as StoredConfig;
    } catch {
      return { version: 1, updatedAt: row.updated_at, config: defaultHealthConfig };
    }
    const version = Number.isInteger(stored?.version) && stored.version > 0 ? stored.version : 1;
    const parsed = healthConfigSchema.safeParse(withDefaults(stored?.config));
    return { version, updatedAt: row.updated_at, config: parsed.success ? parsed.data : defaultHealthConfig };
  }

  /** Saves a new configuration; `expectedVersion` (when given) must match the stored one. */
  set(config: HealthConfig, expectedVersion?: number | null): HealthConfigState {
    const valid = healthConfigSchema.parse(config);
    const now = this.clock.now();
    return this.store.sqlite.transaction(() => {
      const current = this.get();
      if (expectedVersion != null && expectedVersion !== current.version) {
        throw new CoreError(
          'CONFLICT',
          `The health configuration changed meanwhile (version ${current.version}, not ${expectedVersion}). Reload and try again.`,
        );
      }
      const next = { version: current.version + 1, config: valid };
      this.store.sqlite
        .prepare(
          `insert into settings (key, value_json, updated_at) values (?, ?, ?)
           on conflict(key) do update set value_json = excluded.value_json, updated_at = excluded.updated_at`,
        )
        .run(HEALTH_CONFIG_KEY, JSON.stringify(next), now);
      return { version: next.version, updatedAt: now, config: valid };
    })();
  }
}

/** Fills sections and rule types a stored value lacks with the defaults (one level deep per section). */
function withDefaults(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return defaultHealthConfig;
  const v = value as Record<string, unknown>;
  const section = (key: keyof HealthConfig) => {
    const d = defaultHealthConfig[key];
    const s = v[key];
    if (typeof d === 'object' && d !== null && typeof s === 'object' && s !== null && !Array.isArray(s)) return { ...d, ...s };
    return s ?? d;
  };
  return {
    weights: section('weights'),
    thresholds: section('thresholds'),
    bands: section('bands'),
    minCoverage: section('minCoverage'),
    trendArrowPoints: section('trendArrowPoints'),
    rules: section('rules'),
  };
}
