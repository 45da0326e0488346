import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defaultHealthConfig, type HealthConfig } from '../../../src-shared/contract';
import { addDays } from '../metrics';
import { SettingsRepository } from '../settings';
import { HealthEngine } from './engine';
import { recomputeHealth } from './recompute';
import { createTestWorkspace, daysFrom, type TestWorkspace } from './testWorkspace';
import { customerHealth, portfolioHealth, previewHealth } from './views';

/**
 * The daily history on a tiny real workspace: today 2026-04-20 (UTC), data 2026-01-01 … 04-19, the last
 * two days provisional. "steady" keeps its 10 users and 4 core features; "fading" loses six users and
 * two features from 03-20 on.
 */
const HISTORY = { from: '2026-01-01', through: '2026-04-19' };
const all = daysFrom(HISTORY.from, HISTORY.through);
const FEATURES = ['Open Project', 'Create Task', 'View Report', 'Export Report'];
let ws: TestWorkspace;

beforeEach(async () => {
  ws = await createTestWorkspace({ today: '2026-04-20' });
  ws.connection('amp', 'amplitude', HISTORY);
  for (const f of FEATURES) ws.catalogFeature('amp', f, f, true);
  for (const id of ['steady', 'fading']) {
    ws.customer(id, {
      accounts: [['amp', `acct-${id}`]],
      owner: id === 'steady' ? 'Ana' : 'Bo',
      name: id === 'steady' ? 'Steady Co' : 'Fading Inc',
    });
    for (let u = 1; u <= 10; u++) {
      const leaves = id === 'fading' && u > 4;
      const days = all.filter((d, i) => (i + u) % (u <= 3 ? 1 : 3) === 0 && (!leaves || d < '2026-03-20'));
      ws.activity('amp', `acct-${id}`, `${id}-u${u}`, days);
      for (const [k, f] of FEATURES.entries()) {
        if (id === 'fading' && k >= 2)
          ws.feature(
            'amp',
            `acct-${id}`,
            `${id}-u${u}`,
            f,
            days.filter((d) => d < '2026-03-20'),
          );
        else ws.feature('amp', `acct-${id}`, `${id}-u${u}`, f, days);
      }
    }
  }
});
afterEach(async () => {
  await ws.close();
});

const state = (config: HealthConfig = defaultHealthConfig, version = 1) => ({ version, updatedAt: null, config });
const snapshotRows = (customer: string) =>
  ws.store.sqlite
    .prepare(
      'select day, score, band, coverage, components_json as components, computed_at as computedAt, config_version as version from health_snapshots where customer_id = ? order by day',
    )
    .all(customer) as Array<{
    day: string;
    score: number | null;
    band: string | null;
    coverage: number;
    components: string;
    computedAt: number;
    version: number;
  }>;

describe('daily history', () => {
  it('back-fills one snapshot per day for the last 90 complete days, each computed as of its day', async () => {
    await recomputeHealth(ws.ctx, state(), 1);
    const rows = snapshotRows('steady');
    expect(rows).toHaveLength(90);
    expect(rows[0]?.day).toBe(addDays(HISTORY.through, -89));
    expect(rows.at(-1)?.day).toBe(HISTORY.through);
    // Early days lack the 60 days that retention and trajectory need: insufficient data, not low scores.
    const early = rows.find((r) => r.day === '2026-02-15');
    expect(early).toMatchObject({ score: null, band: null });
    expect(JSON.parse(early?.components ?? '[]').find((c: { id: string }) => c.id === 'trajectory').unavailable).toBe(
      'not-enough-history',
    );
    const full = rows.find((r) => r.day === '2026-03-01');
    expect(full?.coverage).toBe(1);
    expect(full?.band).toBe('green');
  });

  it('separates a steady account from a fading one, with a falling trend and what changed', async () => {
    await recomputeHealth(ws.ctx, state(), 1);
    const steady = customerHealth(ws.store, state(), 'steady');
    const fading = customerHealth(ws.store, state(), 'fading');
    expect(steady.snapshot?.band).toBe('green');
    expect((fading.snapshot?.score ?? 100) + 20).toBeLessThan(steady.snapshot?.score ?? 0);
    expect(fading.trend.delta30).not.toBeNull();
    expect(fading.trend.arrow30).toBe('down');
    expect(steady.trend.arrow30).toBe('flat');
    expect(fading.history).toHaveLength(90);
    expect(fading.history.at(-1)?.day).toBe(HISTORY.through);
    expect(fading.snapshot?.provisional).toBe(true);
    const engagement = fading.snapshot?.components.find((c) => c.id === 'engagement');
    expect(engagement?.inputs).toMatchObject({ mau: expect.any(Number), dau: expect.any(Number) });
    expect(fading.headline.length).toBeGreaterThan(10);
    // A week after the drop, the changes name the components that moved, largest first.
    expect(fading.comparedWith).toBe(addDays(HISTORY.through, -7));
    const deltas = fading.whatChanged.map((c) => Math.abs(c.deltaPoints));
    expect(deltas).toEqual([...deltas].sort((a, b) => b - a));
  });

  it('a snapshot does not change when later days are synced (as-of), and a daily recompute redoes only touched and provisional days', async () => {
    await recomputeHealth(ws.ctx, state(), 1);
    const before = snapshotRows('steady').find((r) => r.day === '2026-03-15');
    ws.activity('amp', 'acct-steady', 'steady-new', ['2026-04-18', '2026-04-19']);
    const summary = await recomputeHealth(ws.ctx, state(), 2, { fromDay: '2026-04-18' });
    expect(summary.snapshots).toBe(4); // two customers × 04-18 and 04-19 (touched, and provisional)
    const after = snapshotRows('steady').find((r) => r.day === '2026-03-15');
    expect(after).toEqual(before);
    const again = await recomputeHealth(ws.ctx, state(), 3);
    expect(again.snapshots).toBe(4); // only the provisional days
  });

  it('a new configuration version recomputes the history; trends compare only like with like', async () => {
    const settings = new SettingsRepository(ws.store, ws.ctx.clock);
    await settings.update({ timezone: 'UTC', lookbackDays: 2 });
    const engine = new HealthEngine({ store: ws.store, clock: ws.ctx.clock, settings, logger: { log: () => {} } });
    await engine.recompute();
    const v1 = engine.config();
    expect(v1.version).toBe(1);
    const saved = await engine.setConfig({ ...v1.config, weights: { ...v1.config.weights, engagement: 60 } }, 1);
    expect(saved.version).toBe(2);
    expect(new Set(snapshotRows('fading').map((r) => r.version))).toEqual(new Set([2]));
    await expect(engine.setConfig(v1.config, 1)).rejects.toThrow(/changed meanwhile/);
    const h = await engine.customer('fading inc');
    expect(h.trend.delta7).not.toBeNull();
  });
});

describe('portfolio and preview', () => {
  it('lists every customer with trend, 12-week sparkline and band summary; the preview re-scores under another configuration', async () => {
    await recomputeHealth(ws.ctx, state(), 1);
    const p = portfolioHealth(ws.store, state());
    expect(p.rows.map((r) => r.customer.name)).toEqual(['Fading Inc', 'Steady Co']);
    const steady = p.rows.find((r) => r.customer.id === 'steady');
    expect(steady?.sparkline).toHaveLength(12);
    expect(steady?.sparkline.at(-1)).toEqual({ day: HISTORY.through, score: steady?.score });
    expect(steady?.sparkline[0]?.day).toBe(addDays(HISTORY.through, -77));
    expect(p.summary.green.customers + p.summary.yellow.customers + p.summary.red.customers + p.summary.none.customers).toBe(2);
    expect(portfolioHealth(ws.store, state(), 'bo').rows.map((r) => r.customer.id)).toEqual(['fading']);

    const harsh: HealthConfig = { ...defaultHealthConfig, bands: { yellow: 99, green: 99.9 } };
    const preview = previewHealth(ws.store, harsh);
    expect(preview.rows).toHaveLength(2);
    expect(preview.proposed.red).toBe(2);
    expect(preview.changed).toBe(preview.rows.filter((r) => r.current.band !== 'red').length);
    const same = previewHealth(ws.store, defaultHealthConfig);
    expect(same.changed).toBe(0);
    expect(same.rows.map((r) => r.proposed.score)).toEqual(same.rows.map((r) => r.current.score));
  });
});
