/**
 * The command bar (Ctrl/Cmd+K): what the core understood from a question typed in plain words.
 * The core parses the text and resolves the customer (typos tolerated); the renderer navigates to
 * `route` and asks the metric channels for the one-line answer, so the number equals the page's.
 */

export type CommandIntent =
  /** "Show Amplitude metrics for Acme": the customer's headline numbers on one vendor's source. */
  | 'vendorMetrics'
  /** "Show Mixpanel events for Acme": event volume on one vendor's source. */
  | 'vendorEvents'
  | 'retention'
  /** "How sticky is Acme?": DAU/MAU. */
  | 'stickiness'
  | 'funnel'
  /** "How is Acme using the product?": active users, DAU/MAU and health in one line. */
  | 'usageOverview'
  /** "What features is Acme not using?" */
  | 'unusedFeatures'
  | 'usageTrend'
  | 'health'
  /** "Alerts for Acme". */
  | 'customerAlerts'
  /** "Any usage alerts for my portfolio?" */
  | 'portfolioAlerts'
  /** Just a customer's name: open its account page. */
  | 'openAccount';

export type CommandVendor = 'amplitude' | 'mixpanel' | 'pendo';

export type AccountTab = 'engagement' | 'retention' | 'funnels' | 'features' | 'guides' | 'users' | 'alerts' | 'sources';

export type CommandRoute =
  | { page: 'account'; customerId: string; tab: AccountTab | null }
  | { page: 'alerts'; mine: boolean }
  | { page: 'portfolio' };

export interface CommandCustomer {
  id: string;
  name: string;
  domain: string | null;
  /** 0..1; 1 = the name or domain as typed. */
  confidence: number;
}

export type CommandInterpretation =
  | {
      kind: 'understood';
      intent: CommandIntent;
      vendor: CommandVendor | null;
      customer: CommandCustomer | null;
      route: CommandRoute;
      /** What Pulse understood, in words: "Retention for Acme Corp". */
      summary: string;
    }
  | {
      /** The question names a customer Pulse could not tell apart or could not find. */
      kind: 'needsCustomer';
      intent: CommandIntent;
      vendor: CommandVendor | null;
      /** What was typed where the customer's name should be ("" when nothing). */
      typed: string;
      /** Closest customers (best first), for "Did you mean…". */
      candidates: CommandCustomer[];
      message: string;
    }
  | {
      kind: 'unknown';
      message: string;
      /** Example questions to try (with a real customer's name when there is one). */
      suggestions: string[];
    };

/** A customer as the command bar and the portfolio search see it (type-ahead, domain search). */
export interface CommandDirectoryEntry {
  id: string;
  name: string;
  domain: string | null;
}
