import type { AlertRulesConfig, AlertRuleType, AlertSeverity, HealthBand } from '../../../src-shared/contract/health';
import type { DayRange, GuideMetrics, UserActivity } from '../../../src-shared/contract/metrics';
import type { UsageHistory } from '../anomalies';

/** Feature usage of the customer in one window (primary source). */
export interface FeatureWindow {
  window: DayRange;
  activeUsers: number;
  /** Every feature used in the window, plus the core features (users 0 when unused). */
  features: Array<{ id: string; name: string; core: boolean; users: number; lastUsedDay: string | null }>;
}

/**
 * What a rule sees of one customer on the evaluated day. The evaluated day is always a complete,
 * non-provisional day (G2, G5): the caller never offers today or a day inside the late-data horizon.
 * Implemented over the metrics engine (see core/health/alertInputs.ts); tests may build their own.
 */
export interface AlertInputs {
  customer: { id: string; name: string; owner: string | null };
  /** The evaluated day. */
  day: string;
  /** First day with synced data of the customer's primary source: windows starting earlier lack history. */
  historyStart: string;
  source: { connectionId: string; label: string; vendor: string };
  /** Distinct active users and events over the range (primary source). */
  usage(range: DayRange): { activeUsers: number; events: number };
  /** Daily totals (active users, events, sessions, minutes) of synced days up to the evaluated day. */
  dailyUsage(): UsageHistory;
  /** Last day on or before the evaluated day with any activity; null when none in synced history. */
  lastActivityDay(): string | null;
  /** Per-user activity over the range (activeDays and events inside it; lastActiveDay up to the evaluated day). */
  users(range: DayRange): UserActivity[];
  /** Feature usage over the range; null when the source has no feature data. */
  features(range: DayRange): FeatureWindow | null;
  /**
   * Event names that happen once per user by design (the workspace's funnel key events, e.g. "Signed
   * Up"): their absence means no new users, not an abandoned feature.
   */
  oneOffEvents: ReadonlySet<string>;
  /** Guide metrics over the range, from the customer's Pendo source when one is linked. */
  guides(range: DayRange): GuideMetrics | null;
  /** The same guide metrics over every account of that Pendo source (the workspace baseline). */
  workspaceGuides(range: DayRange): GuideMetrics | null;
  /** Health snapshot of a day (score and band), if one was computed. */
  health(day: string): { score: number | null; band: HealthBand | null; configVersion: number } | null;
  /** The workspace's first day of the week (calendar-week windows). */
  weekStart: 'monday' | 'sunday';
  /** The configured band cut-offs (yellow from, green from). */
  bandCutoffs: { yellow: number; green: number };
}

/** One firing of a rule: what fired, on which subject, with the inputs that fired it. */
export interface AlertFinding {
  /** "account", or the feature / guide / user the alert is about. One open alert per subject. */
  subject: string;
  severity: AlertSeverity;
  title: string;
  evidence: Record<string, unknown>;
  suggestedAction: string;
}

/** An alert of this rule that is currently open or acknowledged, as the rule may want to stay sticky. */
export interface ActiveAlert {
  subject: string;
  openedOn: string;
  evidence: Record<string, unknown>;
}

export interface RuleContext<T extends AlertRuleType> {
  inputs: AlertInputs;
  settings: AlertRulesConfig[T];
  /** Every rule's settings (a rule may defer to another, e.g. "no activity" covers a silent account). */
  rules: AlertRulesConfig;
  active: ReadonlyMap<string, ActiveAlert>;
}

/**
 * A rule type. `evaluate` returns the findings that hold on the evaluated day, or null when the rule
 * cannot be evaluated (not enough history, a source without the data): null leaves existing alerts as
 * they are, while an empty list means "checked, nothing fires" and auto-resolves open alerts.
 */
export interface AlertRule<T extends AlertRuleType> {
  type: T;
  label: string;
  evaluate(context: RuleContext<T>): AlertFinding[] | null;
}

export type AlertRuleRegistry = { [T in AlertRuleType]: AlertRule<T> };
