import { z } from 'zod';
import { type ConnectionSummary, type ConnectionTestOutcome, connectionInputSchema, type SyncRunSummary } from './connections';
import type { CustomerImportResult, UnmatchedAccount } from './customers';
import type { WireError } from './errors';
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
  /** Per connection: last run, next due time, running or not. */
  'scheduler.status': { request: z.object({}).strict(), exposure: 'renderer' },
  /** The OS woke from sleep (Electron powerMonitor 'resume'): catch up overdue syncs now. */
  'scheduler.resume': { request: z.object({}).strict(), exposure: 'internal' },
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
  'mapping.unmatched': UnmatchedAccount[];
  'mapping.link': { linked: true };
  'scheduler.status': SchedulerStatus;
  /** Returns at once; `checking` is false where this host does not run the schedule. */
  'scheduler.resume': { checking: boolean };
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

export const eventNames: readonly EventName[] = ['data.changed', 'sync.progress', 'core.restarted'];
