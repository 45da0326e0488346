import type { Channel, channels, EventName } from './channels';

/**
 * Zod-free names the sandboxed preload needs (it bundles to one CommonJS file and may only require
 * 'electron'). Only types are imported from ./channels, so nothing of zod reaches the preload bundle.
 * The compile-time checks below and rendererChannelNames.test.ts keep these lists equal to the contract:
 * a channel or event added to channels.ts fails `tsc` here until it is listed (or kept 'internal').
 */

/** Channels whose contract exposure is 'renderer', computed from the contract's types. */
export type RendererChannel = {
  [C in Channel]: (typeof channels)[C]['exposure'] extends 'renderer' ? C : never;
}[Channel];

export const rendererChannelNames = [
  'app.info',
  'diagnostics.ping',
  'settings.get',
  'settings.update',
  'secrets.set',
  'secrets.has',
  'secrets.delete',
  'connections.list',
  'connections.create',
  'connections.test',
  'connections.remove',
  'sync.run',
  'sync.cancel',
  'sync.runs',
  'customers.import',
  'mapping.unmatched',
  'mapping.link',
  'customers.setOutcome',
  'customers.outcomes',
  'analysis.churn',
  'scheduler.status',
  'import.file',
  'metrics.customer',
  'metrics.account',
  'metrics.portfolio',
  'metrics.retention',
  'metrics.funnel',
  'metrics.features',
  'metrics.featureMatrix',
  'metrics.breakdown',
  'metrics.funnelBreakdown',
  'savedReports.pick',
  'savedReports.unpick',
  'savedReports.list',
  'savedReports.forCustomer',
  'health.get',
  'health.portfolio',
  'health.config.get',
  'health.config.set',
  'health.preview',
  'anomalies.list',
  'alerts.list',
  'alerts.update',
  'reports.export',
  'reports.history',
  'commands.interpret',
  'commands.directory',
  'demo.start',
  'demo.status',
  'demo.remove',
] as const satisfies readonly RendererChannel[];

export const bridgeEventNames = [
  'data.changed',
  'sync.progress',
  'core.restarted',
  'reports.progress',
  'demo.progress',
] as const satisfies readonly EventName[];

/** The two Electron IPC channels the bridge uses: one invoke channel for calls, one for pushed events. */
export const bridgeIpc = { call: 'pulse:call', event: 'pulse:event' } as const;

type Exact<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const everyRendererChannelListed: Exact<(typeof rendererChannelNames)[number], RendererChannel> = true;
const everyEventListed: Exact<(typeof bridgeEventNames)[number], EventName> = true;
void everyRendererChannelListed;
void everyEventListed;

export function isRendererChannel(value: unknown): value is RendererChannel {
  return typeof value === 'string' && (rendererChannelNames as readonly string[]).includes(value);
}

export function isBridgeEventName(value: unknown): value is EventName {
  return typeof value === 'string' && (bridgeEventNames as readonly string[]).includes(value);
}
