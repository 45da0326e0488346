import type { PortfolioMetrics } from '../../../src-shared/contract/metrics';
import { type Bridge, bridge } from '../../lib/bridge';

/** The portfolio's mean DAU/MAU (the stickiness gauge's benchmark needle); null without any value. */
export function portfolioAverageOf(metrics: PortfolioMetrics): number | null {
  const values = metrics.rows.map((r) => r.dauMau).filter((v): v is number => v !== null);
  return values.length ? values.reduce((a, b) => a + b, 0) / values.length : null;
}

/**
 * Asked together with the account's own calls: when the Engagement tab first draws, its gauge already
 * has the needle, instead of a second round trip after the first render and a second draw (profiled:
 * 100–300 ms of extra main-thread work per account opened). A failure only loses the needle.
 */
export function loadPortfolioAverage(call: Bridge['call'] = bridge.call): Promise<number | null | undefined> {
  return call('metrics.portfolio', {}).then(portfolioAverageOf, () => undefined);
}
