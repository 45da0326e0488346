import { z } from 'zod';
import type { DayRange, FunnelStepResult } from './metrics';

/** Vendor report kinds Pulse can sync: Mixpanel insights (bookmark id), Amplitude saved chart (chart id). */
export type SavedReportKind = 'mixpanel-insights' | 'amplitude-chart';

/** A saved vendor report a CSM picked for a connection. */
export interface SavedReportInfo {
  id: string;
  connectionId: string;
  connectionLabel: string;
  kind: SavedReportKind;
  /** The vendor's id: Mixpanel bookmark id, Amplitude chart id. */
  reportId: string;
  name: string;
  /** The property the report breaks down by (from the vendor's answer), null without a breakdown. */
  breakdown: string | null;
  /** Its segments are accounts of the connection, so results show on account pages. */
  byAccount: boolean;
  pickedAt: number;
  syncedAt: number | null;
  /** Why the last fetch failed (the sync run carries the same warning); null after a good fetch. */
  lastError: string | null;
  /** Stored values and the days they cover. */
  values: number;
  firstDay: string | null;
  lastDay: string | null;
}

export interface SavedReportSeries {
  series: string;
  /** The vendor account id (by-account reports) or '' for the report's total. */
  segment: string;
  points: Array<{ day: string; value: number }>;
}

/** One customer's slice of the by-account saved reports (their linked accounts' segments only). */
export interface CustomerSavedReports {
  customerId: string;
  reports: Array<{ report: SavedReportInfo; series: SavedReportSeries[] }>;
}

export const savedReportPickSchema = z
  .object({
    connection: z.string().min(1).max(100),
    /** Mixpanel bookmark id (digits) or Amplitude chart id (letters and digits). */
    reportId: z
      .string()
      .trim()
      .min(1)
      .max(100)
      .regex(/^[A-Za-z0-9_-]+$/, 'the id from the report URL: letters, digits, _ and - only'),
    name: z.string().trim().min(1).max(200).nullable().default(null),
  })
  .strict();

/** Events and users by the values of one breakdown property (settings.breakdownProperties). */
export interface PropertyBreakdown {
  customerId: string;
  connectionId: string;
  property: string;
  range: DayRange;
  /** Listed properties the source has values for in the range (for a selector). */
  available: string[];
  values: Array<{ value: string; events: number; users: number }>;
  /** Per event and value, biggest first (at most 200 rows). */
  byEvent: Array<{ event: string; value: string; events: number; users: number }>;
}

/** A funnel's step counts per value of a property (each user counted under their latest value). */
export interface FunnelBreakdown {
  customerId: string;
  connectionId: string;
  property: string;
  steps: string[];
  range: DayRange;
  segments: Array<{ value: string; entered: number; conversion: number | null; steps: FunnelStepResult[] }>;
}
