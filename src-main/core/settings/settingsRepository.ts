import defaults from '../../../resources/default-settings.json';
import { type Settings, type SettingsPatch, settingsSchema } from '../../../src-shared/contract';
import type { Clock } from '../ports';
import type { Store } from '../store';

/**
 * Settings live as one row per key so a newer Pulse can add keys without a migration; unknown or
 * invalid stored values fall back to the default rather than breaking the workspace.
 */
export class SettingsRepository {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
  ) {}

  async get(): Promise<Settings> {
    const rows = await this.store.db.selectFrom('settings').select(['key', 'value_json']).execute();
    const merged: Record<string, unknown> = { ...defaults, timezone: defaultTimeZone() };
    for (const row of rows) {
      if (!Object.hasOwn(merged, row.key)) continue;
      try {
        merged[row.key] = JSON.parse(row.value_json);
      } catch {
        // keep the default for a value that no longer parses
      }
    }
    const parsed = settingsSchema.safeParse(merged);
    return parsed.success ? parsed.data : settingsSchema.parse({ ...defaults, timezone: defaultTimeZone() });
  }

  async update(patch: SettingsPatch): Promise<Settings> {
    const next = settingsSchema.parse({ ...(await this.get()), ...patch });
    const now = this.clock.now();
    await this.store.db.transaction().execute(async (trx) => {
      for (const [key, value] of Object.entries(patch)) {
        await trx
          .insertInto('settings')
          .values({ key, value_json: JSON.stringify(value), updated_at: now })
          .onConflict((oc) => oc.column('key').doUpdateSet({ value_json: JSON.stringify(value), updated_at: now }))
          .execute();
      }
    });
    return next;
  }
}

/** The workspace owner's zone is the default reporting zone (metric definitions G1). */
function defaultTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || defaults.timezone;
}
