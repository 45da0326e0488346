/** Amplitude connection settings (stored with the connection; secrets live in the keychain). */
import { z } from 'zod';

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

export const amplitudeSettingsSchema = z.object({
  /** The account group type in `groups` / `group_properties` (Amplitude Accounts add-on). */
  groupType: z.string().trim().min(1).default('company'),
  /** The project's time zone: Dashboard REST days (accuracy samples) are cut in it. */
  projectTimeZone: z.string().trim().min(1).refine(isTimeZone, 'Unknown time zone').default('UTC'),
  /** Cohorts whose members are downloaded per sync (the download API allows 500 requests a month). */
  cohortDownloadLimit: z.number().int().min(0).max(50).default(3),
  /** The longest delay between cohort download status polls (the first polls come sooner: 250 ms, 500 ms, ...). */
  cohortPollMs: z.number().int().min(0).max(60_000).default(2_000),
  /** Give up waiting for one cohort download after this long. */
  cohortWaitMs: z.number().int().min(0).max(3_600_000).default(600_000),
});

/** What a connection stores (every field optional; defaults filled by the schema). */
export type AmplitudeSettings = z.input<typeof amplitudeSettingsSchema>;
export type ResolvedAmplitudeSettings = z.output<typeof amplitudeSettingsSchema>;

/** The secrets a connection needs from the keychain. */
export const AMPLITUDE_SECRET_NAMES = ['apiKey', 'secretKey'] as const;
