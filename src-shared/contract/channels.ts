import { z } from 'zod';
import type { ChurnAnalysis, CustomerOutcome } from './analysis';
import { churnAnalysisRequestSchema, setOutcomeRequestSchema } from './analysisRequests';
import type { AnomalyReport } from './anomalies';
import type { CommandDirectoryEntry, CommandInterpretation } from './commands';
import { type ConnectionSummary, type ConnectionTestOutcome, connectionInputSchema, type SyncRunSummary } from './connections';
import type { CustomerImportResult, UnmatchedAccount } from './customers';
import type { DemoProgress, DemoStatus } from './demo';
import type { WireError } from './errors';
import { type FileImportResult, fileImportRequestSchema } from './fileImport';
import {
  type AlertSummary,
  alertActions,
  alertRuleTypes,
  alertStatuses,
  type CustomerHealth,
  type HealthConfigState,
  type HealthPreview,
  healthConfigSchema,
  type PortfolioHealth,
} from './health';
import type {
  AccountMetrics,
  CustomerMatch,
  FeatureAdoption,
  FeatureMatrix,
  FunnelResult,
  PortfolioMetrics,
  RetentionTable,
} from './metrics';
import {
  type ExportHistoryEntry,
  type ReportExportResult,
  type ReportProgress,
  reportAttachPdfSchema,
  reportExportRequestSchema,
} from './reports';
import {
  type CustomerSavedReports,
  type FunnelBreakdown,
  type PropertyBreakdown,
  type SavedReportInfo,
  savedReportPickSchema,
} from './savedReports';
import type { SchedulerStatus } from './scheduler';
import { type Settings, settingsPatchSchema } from './settings';

/**
 * The one contract between the UI hosts (Electron renderer, web host, CLI) and the core.
 * Each channel has a zod schema for its request (validated before the core sees it) and an entry in
 * `Responses`. `exposure` decides who may call it: 'renderer' channels are reachable from the window
 * and the web host; 'internal' ones only from trusted hosts (main process, CLI, tests).
 */
type Exposure = 'renderer' | 'internal';
interface ChannelSpec {
  request: z.ZodType;
  exposure: Exposure;
}

const secretRef = {
  /** What the secret belongs to, e.g. a connection id. */
  owner: z
    .string()
    .min(1)
    .max(100)
    .regex(/^[A-Za-z0-9._:-]+$/, 'letters, digits and . _ : - only'),
  /** Which secret of the owner, e.g. "apiKey". */
  field: z
    .string()
    .min(1)
    .max(60)
    .regex(/^[A-Za-z0-9_]+$/, 'letters, digits and _ only'),
};

/** A connection by id or by label. */
const connectionRef = z.string().min(1).max(100);

/** A customer by id or name (metrics channels). */
const metricsCustomerRef = z.string().trim().min(1).max(200);
const metricsDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD');
/** Inclusive days in the reporting time zone. */
const metricsRange = z
  .object({ from: metricsDay, to: metricsDay })
  .strict()
  .refine((r) => r.from <= r.to, { message: 'from must not be after to' });

export const channels = {
  'app.info': { request: z.object({}).strict(), exposure: 'renderer' },
  'diagnostics.ping': { request: z.object({ echo: z.string().max(1000) }).strict(), exposure: 'renderer' },
  /** Makes the worker die the way a native crash would; used by tests of the restart logic. */
  'diagnostics.crash': { request: z.object({}).strict(), exposure: 'internal' },
  'settings.get': { request: z.object({}).strict(), exposure: 'renderer' },
  'settings.update': { request: z.object({ patch: settingsPatchSchema }).strict(), exposure: 'renderer' },
  /** Write-only: a secret goes in, never comes back out through the contract. */
  'secrets.set': {
    request: z.object({ ...secretRef, value: z.string().min(1).max(10_000) }).strict(),
    exposure: 'renderer',
  },
  'secrets.has': { request: z.object(secretRef).strict(), exposure: 'renderer' },
  'secrets.delete': { request: z.object(secretRef).strict(), exposure: 'renderer' },
  'connections.list': { request: z.object({}).strict(), exposure: 'renderer' },
  'connections.create': { request: connectionInputSchema, exposure: 'renderer' },
  'connections.test': { request: z.object({ connection: connectionRef }).strict(), exposure: 'renderer' },
  'connections.remove': { request: z.object({ connection: connectionRef }).strict(), exposure: 'renderer' },
  /** Syncs one connection, or all when `connection` is null; resolves when the runs end. */
  'sync.run': {
    request: z.object({ connection: connectionRef.nullable(), full: z.boolean().default(false) }).strict(),
    exposure: 'renderer',
  },
  'sync.cancel': { request: z.object({ connection: connectionRef }).strict(), exposure: 'renderer' },
  'sync.runs': {
    request: z
      .object({ connection: connectionRef.nullable().default(null), limit: z.number().int().min(1).max(500).default(20) })
      .strict(),
    exposure: 'renderer',
  },
  'customers.import': { request: z.object({ csv: z.string().max(50_000_000) }).strict(), exposure: 'renderer' },
  'mapping.unmatched': { request: z.object({}).strict(), exposure: 'renderer' },
  'mapping.link': {
    request: z
      .object({ connectionId: connectionRef, accountId: z.string().min(1).max(500), customerId: z.string().min(1).max(100) })
      .strict(),
    exposure: 'renderer',
  },
  /** Marks (or with status null clears) a customer's renewal or churn outcome. */
  'customers.setOutcome': { request: setOutcomeRequestSchema, exposure: 'renderer' },
  /** Recorded outcomes, all or one customer's (id or name). */
  'customers.outcomes': {
    request: z.object({ customer: z.string().trim().min(1).max(200).nullable().default(null) }).strict(),
    exposure: 'renderer',
  },
  /** Churn analysis: AUC per metric and health component N days before each outcome, and the health backtest. */
  'analysis.churn': { request: churnAnalysisRequestSchema, exposure: 'renderer' },
  /** Per connection: last run, next due time, running or not. */
  'scheduler.status': { request: z.object({}).strict(), exposure: 'renderer' },
  /** The OS woke from sleep (Electron powerMonitor 'resume'): catch up overdue syncs now. */
  'scheduler.resume': { request: z.object({}).strict(), exposure: 'internal' },
  /** Imports an export file on this machine (Amplitude ZIP/JSON lines, Mixpanel JSON lines, CSV). */
  'import.file': { request: fileImportRequestSchema, exposure: 'renderer' },
  /** A customer by id or name (case-insensitive, small typos tolerated); ambiguity is a CONFLICT error. */
  'metrics.customer': { request: z.object({ customer: metricsCustomerRef }).strict(), exposure: 'renderer' },
  /** Everything an account page shows, in one call (see contract/metrics.ts AccountMetrics). */
  'metrics.account': {
    request: z
      .object({
        customer: metricsCustomerRef,
        connection: connectionRef.nullable().default(null),
        range: metricsRange.nullable().default(null),
      })
      .strict(),
    exposure: 'renderer',
  },
  'metrics.portfolio': { request: z.object({}).strict(), exposure: 'renderer' },
  /** customer null = account-level retention over the portfolio of `connection` (or the first connection). */
  'metrics.retention': {
    request: z
      .object({
        customer: metricsCustomerRef.nullable().default(null),
        connection: connectionRef.nullable().default(null),
        period: z.enum(['day', 'week', 'month']).default('week'),
        cohort: z.enum(['first-time', 'any']).default('first-time'),
        criterion: z.enum(['on', 'on-or-after']).default('on'),
        periods: z.number().int().min(1).max(120).nullable().default(null),
        range: metricsRange.nullable().default(null),
      })
      .strict(),
    exposure: 'renderer',
  },
  /** Ad-hoc steps, or a Mixpanel saved funnel by id. */
  'metrics.funnel': {
    request: z
      .object({
        customer: metricsCustomerRef,
        connection: connectionRef.nullable().default(null),
        steps: z.array(z.string().min(1).max(200)).min(1).max(20).nullable().default(null),
        savedFunnelId: z.string().min(1).max(200).nullable().default(null),
        order: z.enum(['ordered', 'strict', 'any']).default('ordered'),
        windowSeconds: z
          .number()
          .int()
          .min(1)
          .max(366 * 86_400)
          .nullable()
          .default(null),
        range: metricsRange.nullable().default(null),
        benchmark: z.boolean().default(true),
      })
      .strict(),
    exposure: 'renderer',
  },
  'metrics.features': {
    request: z
      .object({
        customer: metricsCustomerRef,
        connection: connectionRef.nullable().default(null),
        days: z.number().int().min(1).max(365).default(30),
      })
      .strict(),
    exposure: 'renderer',
  },
  'metrics.featureMatrix': {
    request: z.object({ connection: connectionRef, days: z.number().int().min(1).max(365).default(30) }).strict(),
    exposure: 'renderer',
  },
  /** Events and users of a customer by the values of one breakdown property (settings.breakdownProperties). */
  'metrics.breakdown': {
    request: z
      .object({
        customer: metricsCustomerRef,
        connection: connectionRef.nullable().default(null),
        property: z.string().trim().min(1).max(100).nullable().default(null),
        range: metricsRange.nullable().default(null),
      })
      .strict(),
    exposure: 'renderer',
  },
  /** A funnel (key events) per value of a breakdown property; each user counts under their latest value. */
  'metrics.funnelBreakdown': {
    request: z
      .object({
        customer: metricsCustomerRef,
        connection: connectionRef.nullable().default(null),
        property: z.string().trim().min(1).max(100),
        steps: z.array(z.string().min(1).max(200)).min(1).max(20).nullable().default(null),
        range: metricsRange.nullable().default(null),
      })
      .strict(),
    exposure: 'renderer',
  },
  /** Picks a saved vendor report (Mixpanel bookmark id, Amplitude chart id) to sync with a connection. */
  'savedReports.pick': { request: savedReportPickSchema, exposure: 'renderer' },
  'savedReports.unpick': {
    request: z.object({ connection: connectionRef, reportId: z.string().trim().min(1).max(100) }).strict(),
    exposure: 'renderer',
  },
  /** Picked reports, all connections' or one's. */
  'savedReports.list': {
    request: z.object({ connection: connectionRef.nullable().default(null) }).strict(),
    exposure: 'renderer',
  },
  /** The by-account saved reports' values for one customer's linked accounts. */
  'savedReports.forCustomer': {
    request: z.object({ customer: metricsCustomerRef, range: metricsRange.nullable().default(null) }).strict(),
    exposure: 'renderer',
  },
  /** One customer's health (id or name): score, band, trend, coverage, components, what changed, 90-day history. */
  'health.get': { request: z.object({ customer: z.string().trim().min(1).max(200) }).strict(), exposure: 'renderer' },
  /** Every customer's score, band, Δ7/Δ30, 12-week sparkline and open alerts; optionally one owner's. */
  'health.portfolio': {
    request: z.object({ owner: z.string().trim().min(1).max(200).nullable().default(null) }).strict(),
    exposure: 'renderer',
  },
  'health.config.get': { request: z.object({}).strict(), exposure: 'renderer' },
  /** Saves weights, thresholds, bands, minimum coverage and alert rules; recomputes history and alerts. */
  'health.config.set': {
    request: z.object({ config: healthConfigSchema, expectedVersion: z.number().int().min(1).nullable().default(null) }).strict(),
    exposure: 'renderer',
  },
  /** How bands would change under a proposed configuration (the settings page's live preview); saves nothing. */
  'health.preview': { request: z.object({ config: healthConfigSchema }).strict(), exposure: 'renderer' },
  /** Recomputes health history and alerts (all customers, or one by id or name). */
  'health.recompute': {
    request: z
      .object({ customer: z.string().trim().min(1).max(200).nullable().default(null), full: z.boolean().default(false) })
      .strict(),
    exposure: 'internal',
  },
  'alerts.list': {
    request: z
      .object({
        status: z.array(z.enum(alertStatuses)).min(1).max(4).default(['open', 'acknowledged']),
        owner: z.string().trim().min(1).max(200).nullable().default(null),
        customer: z.string().trim().min(1).max(200).nullable().default(null),
        rule: z.enum(alertRuleTypes).nullable().default(null),
        limit: z.number().int().min(1).max(5000).default(500),
      })
      .strict(),
    exposure: 'renderer',
  },
  /** Anomaly checks: each daily metric against its same-weekday expected range (all customers, or one by id or name). */
  'anomalies.list': {
    request: z.object({ customer: z.string().trim().min(1).max(200).nullable().default(null) }).strict(),
    exposure: 'renderer',
  },
  /** acknowledge (open → acknowledged), dismiss or resolve (open | acknowledged →). */
  'alerts.update': {
    request: z
      .object({
        id: z.number().int().min(1),
        action: z.enum(alertActions),
        note: z.string().trim().max(1000).nullable().default(null),
      })
      .strict(),
    exposure: 'renderer',
  },
  /** Builds and writes a report (see contract/reports.ts for who prints PDFs and chooses paths). */
  'reports.export': { request: reportExportRequestSchema, exposure: 'renderer' },
  /** The host's printed PDF for a `reports.export` job in status "print". */
  'reports.attachPdf': { request: reportAttachPdfSchema, exposure: 'internal' },
  /** Exports of the last 14 days, newest first. */
  'reports.history': { request: z.object({}).strict(), exposure: 'renderer' },
  /** The command bar: what a typed question means (intent, customer matched with typos tolerated, where to go). */
  'commands.interpret': { request: z.object({ text: z.string().max(500) }).strict(), exposure: 'renderer' },
  /** Every customer's id, name and domain (command-bar type-ahead, portfolio search by domain). */
  'commands.directory': { request: z.object({}).strict(), exposure: 'renderer' },
  /**
   * First run: starts the vendor sandboxes inside the core and turns an empty workspace into the demo
   * (CRM list, three sandbox connections, back-fill); resolves when done, `demo.progress` on the way.
   */
  'demo.start': {
    request: z
      .object({
        accounts: z.number().int().min(1).max(500).default(60),
        days: z.number().int().min(14).max(365).default(120),
        seed: z.number().int().min(1).max(2_147_483_647).default(42),
      })
      .strict(),
    exposure: 'renderer',
  },
  /** Whether this workspace is the demo, and whether its sandboxes are up. */
  'demo.status': { request: z.object({}).strict(), exposure: 'renderer' },
  /** Removes the demo: its connections (and their data), its customers, and stops the sandboxes. */
  'demo.remove': { request: z.object({}).strict(), exposure: 'renderer' },
} as const satisfies Record<string, ChannelSpec>;

export type Channel = keyof typeof channels;
/** What callers send (defaults may be omitted). */
export type Requests = { [C in Channel]: z.input<(typeof channels)[C]['request']> };
/** What handlers receive, after validation filled in defaults. */
export type ParsedRequests = { [C in Channel]: z.output<(typeof channels)[C]['request']> };

export interface KeychainStatus {
  available: boolean;
  /** e.g. "OS keychain (Secret Service)"; where unavailable, what is used instead. */
  description: string;
  /** Plain-language problem and what to do, when the keychain cannot be used. */
  problem: string | null;
}

export interface AppInfo {
  version: string;
  schemaVersion: number;
  dataDir: string;
  databasePath: string;
  keychain: KeychainStatus;
  host: 'electron' | 'web' | 'cli' | 'test';
}

export interface Responses {
  'app.info': AppInfo;
  'diagnostics.ping': { echo: string; at: number };
  'diagnostics.crash': never;
  'settings.get': Settings;
  'settings.update': Settings;
  'secrets.set': { isSet: true };
  'secrets.has': { isSet: boolean };
  'secrets.delete': { deleted: boolean };
  'connections.list': ConnectionSummary[];
  'connections.create': ConnectionSummary;
  'connections.test': ConnectionTestOutcome;
  'connections.remove': { removed: true; label: string };
  'sync.run': SyncRunSummary[];
  'sync.cancel': { cancelled: boolean };
  'sync.runs': SyncRunSummary[];
  'customers.import': CustomerImportResult;
  'customers.setOutcome': CustomerOutcome | null;
  'customers.outcomes': CustomerOutcome[];
  'analysis.churn': ChurnAnalysis;
  'mapping.unmatched': UnmatchedAccount[];
  'mapping.link': { linked: true };
  'scheduler.status': SchedulerStatus;
  /** Returns at once; `checking` is false where this host does not run the schedule. */
  'scheduler.resume': { checking: boolean };
  'import.file': FileImportResult;
  'metrics.customer': CustomerMatch;
  'metrics.account': AccountMetrics;
  'metrics.portfolio': PortfolioMetrics;
  'metrics.retention': RetentionTable;
  'metrics.funnel': FunnelResult;
  'metrics.features': FeatureAdoption;
  'metrics.featureMatrix': FeatureMatrix;
  'metrics.breakdown': PropertyBreakdown;
  'metrics.funnelBreakdown': FunnelBreakdown;
  'savedReports.pick': SavedReportInfo;
  'savedReports.unpick': { removed: boolean };
  'savedReports.list': SavedReportInfo[];
  'savedReports.forCustomer': CustomerSavedReports;
  'health.get': CustomerHealth;
  'health.portfolio': PortfolioHealth;
  'health.config.get': HealthConfigState;
  'health.config.set': HealthConfigState;
  'health.preview': HealthPreview;
  'health.recompute': { customers: number; snapshots: number; alerts: { opened: number; refreshed: number; resolved: number } };
  'alerts.list': AlertSummary[];
  'alerts.update': AlertSummary;
  'anomalies.list': AnomalyReport;
  'reports.export': ReportExportResult;
  'reports.attachPdf': Extract<ReportExportResult, { status: 'saved' }>;
  'reports.history': ExportHistoryEntry[];
  'commands.interpret': CommandInterpretation;
  'commands.directory': CommandDirectoryEntry[];
  'demo.start': DemoStatus;
  'demo.status': DemoStatus;
  'demo.remove': { removed: boolean; connections: number; customers: number };
}

/** Events pushed from the core to every host. */
export interface CoreEvents {
  /** Something the UI shows changed; it refetches what the scopes name. */
  'data.changed': { scopes: Array<'settings' | 'connections' | 'customers' | 'metrics' | 'alerts' | 'sync'> };
  'sync.progress': {
    connectionId: string;
    runId: number;
    phase: 'starting' | 'downloading' | 'writing' | 'computing' | 'done' | 'failed' | 'cancelled';
    window: number;
    windows: number;
    eventsRead: number;
    message: string | null;
  };
  /** A report export moves through its phases (slow ones: large portfolios, PDF printing). */
  'reports.progress': ReportProgress;
  /** The first-run demo set-up moves through its steps. */
  'demo.progress': DemoProgress;
  /** Emitted by the client (not the core) when the worker died and was started again. */
  'core.restarted': { reason: string; restarts: number };
}
export type EventName = keyof CoreEvents;

// Compile-time check that every channel has a response type and vice versa.
type Exact<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const contractIsComplete: Exact<Channel, keyof Responses> = true;
void contractIsComplete;

/** The shape every implementation of the contract has; a missing handler is a compile error. */
export type Handlers<Context = void> = {
  [C in Channel]: (request: ParsedRequests[C], context: Context) => Promise<Responses[C]> | Responses[C];
};

export type CallResult<C extends Channel> = { ok: true; value: Responses[C] } | { ok: false; error: WireError };

export const rendererChannels: readonly Channel[] = (Object.keys(channels) as Channel[]).filter(
  (channel) => channels[channel].exposure === 'renderer',
);

export function isChannel(value: unknown): value is Channel {
  return typeof value === 'string' && Object.hasOwn(channels, value);
}

export const eventNames: readonly EventName[] = [
  'data.changed',
  'sync.progress',
  'core.restarted',
  'reports.progress',
  'demo.progress',
];
