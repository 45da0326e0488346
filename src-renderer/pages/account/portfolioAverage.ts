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

export interface PortfolioAverageMemo {
  /** The portfolio page's `metrics.portfolio` call, asked now: its average is kept once it answers. */
  rememberFrom(call: Promise<PortfolioMetrics>): void;
  /**
   * What an account being opened takes for its needle: the average the portfolio page loaded, when the
   * core changed nothing since that call was asked; else `metrics.portfolio` is asked.
   */
  forOpening(call: Bridge['call']): Promise<number | null | undefined>;
}

/**
 * Every account opened from the portfolio asked `metrics.portfolio` again (1,000 rows, ~0.4 MB of JSON)
 * for one number the portfolio page had just loaded: the core answered it behind the account's own
 * calls and the window parsed it while the account waited. The memo keeps that number until the core
 * reports any data change (then the next account asks again). `onDataChanged` is subscribed on the
 * first `rememberFrom`, before that call is asked, so an answer overtaken by a change is never kept.
 */
export function portfolioAverageMemo(
  onDataChanged: (listener: () => void) => unknown = (listener) => bridge.on('data.changed', listener),
): PortfolioAverageMemo {
  let known: { average: number | null } | null = null;
  let changes = 0;
  let listening = false;
  return {
    rememberFrom(call) {
      if (!listening) {
        listening = true;
        onDataChanged(() => {
          changes++;
          known = null;
        });
      }
      const asked = changes;
      call.then(
        (metrics) => {
          if (asked === changes) known = { average: portfolioAverageOf(metrics) };
        },
        () => undefined,
      );
    },
    forOpening(call) {
      return known ? Promise.resolve(known.average) : loadPortfolioAverage(call);
    },
  };
}

/** The window's memo: the portfolio page fills it, the account page reads it. */
export const portfolioAverages = portfolioAverageMemo();
