import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type CoreError, defaultHealthConfig, healthConfigSchema } from '../../../src-shared/contract';
import { HEALTH_CONFIG_KEY, HealthConfigRepository } from './configRepository';
import { createTestWorkspace, type TestWorkspace } from './testWorkspace';

let ws: TestWorkspace;
let repo: HealthConfigRepository;
beforeEach(async () => {
  ws = await createTestWorkspace();
  repo = new HealthConfigRepository(ws.store, ws.ctx.clock);
});
afterEach(async () => {
  await ws.close();
});

const store = (value: unknown) =>
  ws.store.sqlite
    .prepare('insert or replace into settings (key, value_json, updated_at) values (?, ?, 1)')
    .run(HEALTH_CONFIG_KEY, JSON.stringify(value));

describe('health configuration storage', () => {
  it('the defaults are valid and are what a new workspace reads, as version 1', () => {
    expect(healthConfigSchema.parse(defaultHealthConfig)).toEqual(defaultHealthConfig);
    expect(repo.get()).toEqual({ version: 1, updatedAt: null, config: defaultHealthConfig });
  });

  it('every save bumps the version; a stale expected version is a conflict', () => {
    const next = { ...defaultHealthConfig, weights: { ...defaultHealthConfig.weights, guides: 10 } };
    expect(repo.set(next, 1).version).toBe(2);
    expect(repo.get()).toMatchObject({ version: 2, config: next });
    let error: unknown;
    try {
      repo.set(defaultHealthConfig, 1);
    } catch (e) {
      error = e;
    }
    expect((error as CoreError).code).toBe('CONFLICT');
    expect(repo.set(defaultHealthConfig).version).toBe(3);
  });

  it('refuses an invalid configuration (zod), e.g. bands out of order or all weights 0', () => {
    expect(() => repo.set({ ...defaultHealthConfig, bands: { yellow: 80, green: 70 } })).toThrow();
    expect(() =>
      repo.set({ ...defaultHealthConfig, weights: { engagement: 0, adoption: 0, retention: 0, trajectory: 0, guides: 0 } }),
    ).toThrow(/at least one weight/);
    expect(repo.get().version).toBe(1);
  });

  it('completes a value stored by an older Pulse (a rule type missing) from the defaults, keeping its choices', () => {
    const { healthBandWorsened: _dropped, ...olderRules } = defaultHealthConfig.rules;
    store({ version: 4, config: { ...defaultHealthConfig, minCoverage: 0.5, rules: olderRules } });
    expect(repo.get()).toMatchObject({ version: 4, config: { minCoverage: 0.5, rules: defaultHealthConfig.rules } });
  });

  it('falls back to the defaults for a value that no longer validates or parses', () => {
    store({ version: 2, config: { ...defaultHealthConfig, minCoverage: 7 } });
    expect(repo.get()).toMatchObject({ version: 2, config: defaultHealthConfig });
    ws.store.sqlite.prepare('update settings set value_json = ? where key = ?').run('{not json', HEALTH_CONFIG_KEY);
    expect(repo.get().config).toEqual(defaultHealthConfig);
  });
});
