import { CoreError, type VendorName } from '../../../src-shared/contract';
import type { ParseThreads } from '../parseThreads';
import type { Clock, Http } from '../ports';
import type { RateBudget } from '../sync/rateLimiter';
import { amplitudeSettingsSchema, createAmplitudeConnector } from './amplitude';
import { createMixpanelConnector, mixpanelSettingsSchema } from './mixpanel';
import { createPendoConnector, pendoSettingsSchema } from './pendo';
import type { Connector, RequestBudget } from './types';

interface ConnectionShape {
  id: string;
  vendor: VendorName;
  region: string;
  baseUrl: string | null;
  settings: Record<string, unknown>;
}

/** Builds the connector for a stored connection; the only place that knows every vendor. */
export function createConnector(
  record: ConnectionShape,
  secrets: Record<string, string>,
  http: Http,
  clock: Clock,
  ingest: { parseThreads?: ParseThreads | null } = {},
): Connector {
  const base = { connectionId: record.id, region: record.region, baseUrl: record.baseUrl, secrets, http, clock };
  const { requestsPerHour: _engineSetting, ...vendorSettings } = record.settings;
  switch (record.vendor) {
    case 'amplitude':
      return createAmplitudeConnector(
        { ...base, settings: amplitudeSettingsSchema.parse(vendorSettings) },
        { parseThreads: ingest.parseThreads ?? null },
      );
    case 'mixpanel':
      return createMixpanelConnector({ ...base, settings: mixpanelSettingsSchema.parse(vendorSettings) });
    case 'pendo':
      return createPendoConnector({ ...base, settings: pendoSettingsSchema.parse(vendorSettings) });
  }
}

/** Checks and normalises vendor settings when a connection is created. */
export function validateVendorSettings(
  vendor: VendorName,
  settings: Record<string, unknown>,
): Record<string, string | number | boolean | null> {
  const { requestsPerHour, ...vendorSettings } = settings;
  if (requestsPerHour !== undefined && (typeof requestsPerHour !== 'number' || !(requestsPerHour > 0))) {
    throw new CoreError('BAD_REQUEST', 'requestsPerHour must be a positive number.');
  }
  const schema =
    vendor === 'amplitude' ? amplitudeSettingsSchema : vendor === 'mixpanel' ? mixpanelSettingsSchema : pendoSettingsSchema;
  const parsed = schema.safeParse(vendorSettings);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new CoreError(
      'BAD_REQUEST',
      `Invalid ${vendor} setting ${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}`,
    );
  }
  const normalised = parsed.data as Record<string, string | number | boolean | null>;
  return requestsPerHour === undefined ? normalised : { ...normalised, requestsPerHour };
}

/**
 * Each vendor's documented limits (vendor-apis.md). A connection may lower or raise its hourly budget
 * with the `requestsPerHour` setting (e.g. an enterprise plan, or the local sandboxes).
 */
export function rateBudgetFor(record: ConnectionShape, budget?: RequestBudget): RateBudget {
  const perHourSetting = typeof record.settings.requestsPerHour === 'number' ? record.settings.requestsPerHour : undefined;
  switch (record.vendor) {
    case 'amplitude':
      return { concurrency: 5, perHour: perHourSetting };
    case 'mixpanel':
      // Two budgets, counted apart by Mixpanel: the Query API has no per-second limit (pacing its calls
      // at the export's 3 a second cost every sync ~3 s for ~11 calls).
      return budget === 'query'
        ? { concurrency: 5, perHour: perHourSetting ?? 60 }
        : { concurrency: 3, perSecond: 3, perHour: perHourSetting ?? 60 };
    case 'pendo':
      return { concurrency: 4, perHour: perHourSetting };
  }
}
