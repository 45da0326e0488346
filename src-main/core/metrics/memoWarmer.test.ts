import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestWorkspace, daysFrom, type TestWorkspace } from '../health/testWorkspace';
import { accountMetrics, warmAccountMemos } from './accountMetrics';
import { warmPortfolioMemos } from './memoWarmer';

/**
 * The background fill pauses between its steps and between the funnel benchmark's customers, so the
 * worker answers requests meanwhile; a page that needs the benchmark the fill has started finishes it
 * instead of starting over, and gets what a page computes without any fill.
 */
const CUSTOMERS = ['a', 'b', 'c', 'd'];
let ws: TestWorkspace;

beforeEach(async () => {
  ws = await createTestWorkspace({ today: '2026-04-20', keyEvents: ['Signed Up', 'Created Project'] });
  ws.connection('amp', 'amplitude', { from: '2026-01-01', through: '2026-04-19' });
  for (const id of CUSTOMERS) {
    ws.customer(id, { accounts: [['amp', `acct-${id}`]] });
    ws.activity('amp', `acct-${id}`, `${id}-u1`, daysFrom('2026-03-01', '2026-04-19'));
  }
});
afterEach(async () => {
  await ws.close();
});

describe('memo warmer', () => {
  it('pauses between steps and between the benchmark customers, and fills what a page reads', async () => {
    let pauses = 0;
    const result = await warmPortfolioMemos(ws.ctx, async () => {
      pauses++;
      return true;
    });
    expect(result).toEqual({ connections: 1, completed: true });
    // One pause before the connection, one per customer of its funnel benchmark, one before the page.
    expect(pauses).toBe(1 + CUSTOMERS.length + 1);
    const warmed = accountMetrics(ws.ctx, { customerId: 'b' });
    expect(warmed.onboarding?.benchmark).toEqual({ conversion: null, accounts: 0 });
  });

  it('stops when the pause says so', async () => {
    let pauses = 0;
    const result = await warmPortfolioMemos(ws.ctx, async () => ++pauses < 3);
    expect(result.completed).toBe(false);
    expect(pauses).toBe(3);
  });

  it('a page opened mid-fill finishes the started benchmark; the fill then stops driving it', async () => {
    let pageAnswer: ReturnType<typeof accountMetrics> | null = null;
    let pauses = 0;
    await warmAccountMemos(ws.ctx, { customerId: 'a', connection: 'amp' }, async () => {
      pauses++;
      // The first pause comes after the first customer: a page of another customer asks now.
      if (pauses === 1) pageAnswer = accountMetrics(ws.ctx, { customerId: 'c' });
      return true;
    });
    // The page took the benchmark over: one pause for it, one before the fill's own page read (without
    // the take-over: one per customer, then that one).
    expect(pauses).toBe(2);
    const answer = pageAnswer as ReturnType<typeof accountMetrics> | null;
    expect(answer?.onboarding?.benchmark).toEqual(accountMetrics(ws.ctx, { customerId: 'c' }).onboarding?.benchmark);
    expect(answer?.onboarding?.benchmark?.accounts).toBe(0);
  });
});
