import { z } from 'zod';

/**
 * Mixpanel connection settings (the secret itself lives in the keychain: `secrets.secret`).
 * - Service account: `username` + secret, and `projectId` is required (sent as `project_id` on every call).
 * - Legacy project secret: no `username`; `projectId` optional.
 */
export const mixpanelSettingsSchema = z
  .object({
    /** Numeric project id, as text or number. Required with a service account. */
    projectId: z
      .union([z.string(), z.number().int().nonnegative()])
      .transform((v) => String(v).trim())
      .optional(),
    /** Service-account username (`<name>.<id>.mp-service-account`); absent for the legacy project secret. */
    username: z.string().trim().optional(),
    /** The event property holding the account (group) key; its value is a string or a list of strings. */
    groupKey: z.string().trim().min(1).default('company_id'),
    /** IANA zone of the project: export dates (and, for legacy projects, event times) are in this zone. */
    projectTimeZone: z
      .string()
      .trim()
      .min(1)
      .default('UTC')
      .refine(isTimeZone, { message: 'projectTimeZone must be an IANA time zone such as "Europe/Berlin" or "UTC"' }),
    /** Projects created before 2023 store `time` as local wall-clock seconds in the project zone. */
    legacyLocalTime: z.boolean().default(false),
    /** data_group_id of the group key, to read group (account) profiles through engage. */
    dataGroupId: z
      .union([z.string(), z.number().int().nonnegative()])
      .transform((v) => String(v).trim())
      .optional(),
    /** Event counted for the accuracy check (default: the first event name seen in the export). */
    accuracyEvent: z.string().min(1).optional(),
  })
  .refine((s) => !s.username || (s.projectId !== undefined && s.projectId !== ''), {
    message: 'A Mixpanel service account needs the project id (projectId).',
    path: ['projectId'],
  });

export type MixpanelSettings = z.output<typeof mixpanelSettingsSchema>;
export type MixpanelSettingsInput = z.input<typeof mixpanelSettingsSchema>;

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
