import { z } from 'zod';

export const vendorSchema = z.enum(['amplitude', 'mixpanel', 'pendo']);
export type VendorName = z.infer<typeof vendorSchema>;

/** Regions (data residency) each vendor offers. */
export const regionsByVendor = {
  amplitude: ['us', 'eu'],
  mixpanel: ['us', 'eu', 'in'],
  pendo: ['us', 'us1', 'eu', 'jp', 'au'],
} as const;

/** The secret fields each vendor needs; they go to the keychain, never anywhere else. */
export const secretFieldsByVendor = {
  amplitude: ['apiKey', 'secretKey'],
  mixpanel: ['secret'],
  pendo: ['integrationKey'],
} as const satisfies Record<VendorName, readonly string[]>;

const settingValue = z.union([z.string().max(500), z.number(), z.boolean(), z.null()]);

export const connectionInputSchema = z
  .object({
    vendor: vendorSchema,
    label: z
      .string()
      .trim()
      .min(1)
      .max(60)
      .regex(/^[\p{L}\p{N} ._()-]+$/u, 'letters, digits, spaces and . _ ( ) - only'),
    region: z.string().min(2).max(8),
    baseUrl: z
      .string()
      .url()
      .refine((u) => /^https?:\/\//.test(u), 'must start with http:// or https://')
      .nullable()
      .optional(),
    settings: z.record(z.string().max(60), settingValue).default({}),
    /** Write-only: stored in the keychain, never returned. */
    secrets: z.record(z.string().max(60), z.string().min(1).max(10_000)).default({}),
  })
  .strict()
  .superRefine((value, ctx) => {
    const regions: readonly string[] = regionsByVendor[value.vendor];
    if (!regions.includes(value.region)) {
      ctx.addIssue({ code: 'custom', path: ['region'], message: `${value.vendor} regions are ${regions.join(', ')}` });
    }
  });
export type ConnectionInput = z.input<typeof connectionInputSchema>;

export interface SyncRunSummary {
  id: number;
  connectionId: string;
  trigger: string;
  fullResync: boolean;
  startedAt: number;
  finishedAt: number | null;
  outcome: 'running' | 'succeeded' | 'failed' | 'cancelled' | 'interrupted';
  windowsTotal: number;
  windowsDone: number;
  eventsRead: number;
  eventsRejected: number;
  rowsWritten: number;
  retries: number;
  errorCode: string | null;
  errorMessage: string | null;
  /** 100 = our stored totals equal the vendor's own; null where the vendor offers no totals. */
  accuracyPct: number | null;
  warnings: string[];
}

export interface ConnectionSummary {
  id: string;
  vendor: VendorName;
  label: string;
  region: string;
  baseUrl: string | null;
  settings: Record<string, string | number | boolean | null>;
  /** Which secret fields are set; never their values. */
  secretsSet: Record<string, boolean>;
  createdAt: number;
  lastRun: SyncRunSummary | null;
  /** Data as of: the newest day with stored usage. */
  dataThrough: string | null;
}

export interface ConnectionTestOutcome {
  ok: boolean;
  message: string;
  suggestedRegion: string | null;
}
