import { z } from 'zod';

/** Workspace settings the CSM controls. Stored in SQLite; defaults in resources/default-settings.json. */
export const weekStartSchema = z.enum(['monday', 'sunday']);

export const settingsSchema = z.object({
  /** Reporting time zone (IANA). Calendar periods are cut here, never in the viewer's OS zone. */
  timezone: z.string().min(1).refine(isValidTimeZone, { message: 'not a known IANA time zone, e.g. Europe/Berlin' }),
  weekStart: weekStartSchema,
  /** Off by default: users are stored as HMAC digests only. */
  storeReadableUserIds: z.boolean(),
  /** Data older than this is pruned. */
  retentionMonths: z.number().int().min(1).max(120),
  /** Who "my accounts" means. */
  currentOwner: z.string().max(200).nullable(),
  theme: z.enum(['system', 'light', 'dark']),
  /** Event names whose individual timestamps are kept, so funnels can be computed over them. */
  keyEvents: z.array(z.string().min(1).max(200)).max(100),
  /**
   * Event/user property names kept at ingest for breakdowns (events and funnels by plan, platform, role...).
   * Only these are stored; changing the list applies to windows synced afterwards (a full re-sync re-cuts history).
   */
  breakdownProperties: z.array(z.string().trim().min(1).max(100)).max(10),
  /** Vendor accounts that match no customer become customers of their own (off when a CRM list is imported). */
  autoCreateCustomers: z.boolean(),
  /** First sync of a connection fetches this much history. */
  backfillDays: z.number().int().min(1).max(730),
  /** Every sync re-fetches this many recent days: vendors deliver late data. */
  lookbackDays: z.number().int().min(0).max(30),
  /** Daily sync time in the reporting time zone, "HH:MM"; null turns scheduled syncs off. */
  syncTime: z
    .string()
    .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'HH:MM, 24-hour')
    .nullable(),
});

export type Settings = z.infer<typeof settingsSchema>;

export const settingsPatchSchema = settingsSchema.partial().strict();
export type SettingsPatch = z.infer<typeof settingsPatchSchema>;

function isValidTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
