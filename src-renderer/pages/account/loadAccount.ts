import type { CustomerOutcome } from '../../../src-shared/contract/analysis';
import type { AlertSummary, CustomerHealth } from '../../../src-shared/contract/health';
import type { AccountMetrics } from '../../../src-shared/contract/metrics';
import type { CustomerSavedReports, PropertyBreakdown } from '../../../src-shared/contract/savedReports';
import { type Bridge, BridgeError, errorMessage } from '../../lib/bridge';
import { type Prefetch, prefetch } from '../../lib/prefetch';
import { type PortfolioAverageMemo, portfolioAverages } from './portfolioAverage';

export interface AccountData {
  metrics: AccountMetrics;
  /** Null with `healthError` when health could not be loaded (the rest of the page still works). */
  health: CustomerHealth | null;
  healthError: string | null;
  alerts: AlertSummary[] | null;
  alertsError: string | null;
  /** The portfolio's mean DAU/MAU, loaded with the rest; undefined when it could not be loaded. */
  portfolioAverage: number | null | undefined;
  /** The recorded renewal or churn outcome (a header fact), asked with the rest. */
  outcomes: Prefetch<CustomerOutcome[]>;
  /** The Engagement tab's panels, asked on opening the page on that tab; null otherwise and on reloads. */
  engagement: EngagementPrefetch | null;
}

export interface EngagementPrefetch {
  /** Null for a source without event-level data (Pendo) or without a source: no breakdown panel. */
  breakdown: Prefetch<PropertyBreakdown | null>;
  savedReports: Prefetch<CustomerSavedReports>;
}

export type LoadedAccount = { missing: null; data: AccountData } | { missing: string; data: null };

/**
 * Everything the page shows on open, asked at once rather than as a waterfall behind the first render:
 * the page's calls in parallel (health, alerts and the outcome may fail on their own), and, with
 * `engagementPanels`, the Engagement tab's breakdown (as soon as the metrics name the source) and
 * saved reports, which the page does not wait for: their panels take them when they arrive.
 */
export async function loadAccount(
  id: string,
  call: Bridge['call'],
  options: {
    engagementPanels: boolean;
    /** Where the portfolio's average may already be known (the window's memo unless a test passes one). */
    averages?: PortfolioAverageMemo;
  },
): Promise<LoadedAccount> {
  const metricsCall = call('metrics.account', { customer: id });
  const healthCall = call('health.get', { customer: id });
  const alertsCall = call('alerts.list', {
    customer: id,
    status: ['open', 'acknowledged', 'dismissed', 'resolved'],
    limit: 500,
  });
  const averageCall = (options.averages ?? portfolioAverages).forOpening(call);
  const outcomesCall = call('customers.outcomes', { customer: id });
  const outcomes = prefetch(outcomesCall);
  const engagement: EngagementPrefetch | null = options.engagementPanels
    ? {
        savedReports: prefetch(call('savedReports.forCustomer', { customer: id })),
        breakdown: prefetch(
          metricsCall.then((m) =>
            m.source && m.source.vendor !== 'pendo'
              ? call('metrics.breakdown', { customer: m.customer.id, connection: m.source.connectionId, property: null })
              : null,
          ),
        ),
      }
    : null;

  const [metrics, health, alerts, portfolioAverage] = await Promise.allSettled([
    metricsCall,
    healthCall,
    alertsCall,
    averageCall,
    outcomesCall,
  ]);
  if (metrics.status === 'rejected') {
    if (metrics.reason instanceof BridgeError && metrics.reason.code === 'NOT_FOUND')
      return { missing: metrics.reason.message, data: null };
    throw metrics.reason;
  }
  const data: AccountData = {
    metrics: metrics.value,
    health: health.status === 'fulfilled' ? health.value : null,
    healthError: health.status === 'rejected' ? errorMessage(health.reason) : null,
    alerts: alerts.status === 'fulfilled' ? alerts.value : null,
    alertsError: alerts.status === 'rejected' ? errorMessage(alerts.reason) : null,
    portfolioAverage: portfolioAverage.status === 'fulfilled' ? portfolioAverage.value : undefined,
    outcomes,
    engagement,
  };
  return { missing: null, data };
}
