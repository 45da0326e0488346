import { z } from 'zod';
import { isValidTimeZone } from '../../localTime';

/** The default app selector: every app of the subscription (tap-pendo's default `app_ids`). */
export const ALL_APPS = 'expandAppIds("*")';

export const pendoRegions = {
  us: 'https://app.pendo.io',
  us1: 'https://us1.app.pendo.io',
  eu: 'https://app.eu.pendo.io',
  jp: 'https://app.jpn.pendo.io',
  au: 'https://app.au.pendo.io',
} as const;
export type PendoRegion = keyof typeof pendoRegions;

export const pendoSettingsSchema = z.object({
  /**
   * Which app(s) the event sources read: `expandAppIds("*")` (all apps, the default), a numeric app id
   * (-323232 is a subscription's default app) or any Pendo app expression.
   */
  appId: z.union([z.number().int(), z.string().trim().min(1)]).default(ALL_APPS),
  /** The Pendo subscription's time zone (Settings → Subscription settings in Pendo): its day buckets start at local midnight there. */
  subscriptionTimeZone: z
    .string()
    .trim()
    .refine(isValidTimeZone, { message: 'must be an IANA time zone such as "America/New_York"' })
    .default('America/New_York'),
  /** Keep anonymous visitors (`_PENDO_T_...` ids, no account) out of the synced usage; default true, as tap-pendo. */
  excludeAnonymous: z.boolean().default(true),
  /** Rows per page for keyset-paged visitors/accounts. */
  pageSize: z.number().int().min(1).max(100_000).default(5_000),
  /** Time allowed per request, body included (tap-pendo uses 300 s). */
  requestTimeoutMs: z.number().int().min(100).max(3_600_000).default(300_000),
});

export type PendoSettings = z.output<typeof pendoSettingsSchema>;
export type PendoSettingsInput = z.input<typeof pendoSettingsSchema>;
