import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defaultHealthConfig } from '../../../src-shared/contract';
import { OutcomeStore } from '../customers';
import { createTestWorkspace, daysFrom, type TestWorkspace } from '../health/testWorkspace';
import { analyseChurn } from './analyse';

/**
 * The analysis on a tiny real workspace: today 2026-04-20, data 2026-01-01 … 04-19. Six "fading"
 * customers lose most of their users from 03-01 and churn on 04-10; six "steady" ones renew on 04-15.
 * With a 30-day horizon they are looked at on 03-11 and 03-16.
 */
const HISTORY = { from: '2026-01-01', through: '2026-04-19' };
const all = daysFrom(HISTORY.from, HISTORY.through);
let ws: TestWorkspace;
const now = Date.parse('2026-04-20T12:00:00Z');
const config = { version: 1, updatedAt: null, config: defaultHealthConfig };

beforeEach(async () => {
  ws = await createTestWorkspace({ today: '2026-04-20' });
  ws.connection('amp', 'amplitude', HISTORY);
  ws.catalogFeature('amp', 'Open', 'Open', true);
  const outcomes = new OutcomeStore(ws.store.sqlite);
  for (let c = 0; c < 12; c++) {
    const fading = c < 6;
    const id = `${fading ? 'fading' : 'steady'}${c}`;
    ws.customer(id, { accounts: [['amp', `acct-${id}`]] });
    for (let u = 1; u <= 6 + c; u++) {
      const leaves = fading && u > 2;
      const days = all.filter((d, i) => (i + u) % 2 === 0 && (!leaves || d < '2026-03-01'));
      ws.activity('amp', `acct-${id}`, `${id}-u${u}`, days);
      ws.feature('amp', `acct-${id}`, `${id}-u${u}`, 'Open', days);
    }
    outcomes.set(id, fading ? 'churned' : 'renewed', fading ? '2026-04-10' : '2026-04-15', 'import', now, '2026-04-20');
  }
  // outcome too early for 30 days of windows before it, and a customer without any synced source
  ws.customer('early', { accounts: [['amp', 'acct-early']] });
  ws.activity('amp', 'acct-early', 'early-u1', all);
  outcomes.set('early', 'renewed', '2026-02-01', 'import', now, '2026-04-20');
  ws.customer('unlinked');
  outcomes.set('unlinked', 'churned', '2026-04-01', 'app', now, '2026-04-20');
});
afterEach(async () => {
  await ws.close();
});

describe('analyseChurn', () => {
  it('looks at each customer horizon days before its outcome and separates fading from steady', () => {
    const a = analyseChurn(ws.ctx, config, 30);
    expect(a.outcomes).toEqual({ churned: 7, renewed: 7 });
    expect(a.samples).toHaveLength(12);
    expect(a.samples.find((s) => s.customerId === 'fading0')?.asOf).toBe('2026-03-11');
    expect(a.samples.find((s) => s.customerId === 'steady6')?.asOf).toBe('2026-03-16');
    expect(a.excluded.map((e) => [e.customerId, e.reason]).sort()).toEqual([
      ['early', 'before-history'],
      ['unlinked', 'no-data'],
    ]);
    const health = a.metrics.find((m) => m.id === 'health');
    expect(health).toMatchObject({
      auc: 1,
      separation: 1,
      direction: 'lower-means-churn',
      churned: 6,
      renewed: 6,
      warning: null,
    });
    expect(a.metrics[0]?.separation).toBe(1);
    // a metric where higher values mean churn is reported that way (fading accounts went quiet)
    const quiet = a.metrics.find((m) => m.id === 'daysSinceActive');
    expect(quiet?.direction === 'higher-means-churn' || quiet?.direction === 'none').toBe(true);
    expect(a.backtest.current.auc).toBe(1);
    expect(a.backtest.tuned?.folds).toBe(5);
  });

  it('moves the as-of day with the horizon and warns when too few customers remain', () => {
    const a = analyseChurn(ws.ctx, config, 90);
    // 90 days before 04-10 is 01-10: the 30-day windows (and the 60 days retention needs) reach before the history
    expect(a.samples).toHaveLength(0);
    expect(a.excluded.filter((e) => e.reason === 'before-history')).toHaveLength(13);
    expect(a.metrics.find((m) => m.id === 'health')?.auc).toBeNull();
    expect(a.backtest.tuned).toBeNull();
    expect(a.backtest.warning).toContain('Only 0 churned and 0 renewed');
  });
});
