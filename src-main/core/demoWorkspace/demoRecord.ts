import { z } from 'zod';
import type { Clock } from '../ports';
import type { Store } from '../store';

/**
 * "This workspace is the demo", kept as one row of the settings table (a key the settings schema
 * ignores), so the core can start the sandboxes again when it opens the workspace. The seed, size and
 * span regenerate the same portfolio; the connection ids say which connections to re-point.
 */
const KEY = 'demoWorkspace';

const demoSettingsSchema = z.object({
  timezone: z.string(),
  backfillDays: z.number().int(),
  lookbackDays: z.number().int(),
});

const recordSchema = z.object({
  seed: z.number().int(),
  accounts: z.number().int(),
  days: z.number().int(),
  connectionIds: z.array(z.string()),
  createdAt: z.number(),
  /**
   * The user's settings before the demo changed them (`before`) and what the demo set them to (`set`),
   * so removing the demo can give back each one the user has not changed since. Absent in records
   * written before this was kept.
   */
  settings: z.object({ before: demoSettingsSchema, set: demoSettingsSchema }).optional(),
});
export type DemoRecord = z.infer<typeof recordSchema>;

export async function readDemoRecord(store: Store): Promise<DemoRecord | null> {
  const row = await store.db.selectFrom('settings').select('value_json').where('key', '=', KEY).executeTakeFirst();
  if (!row) return null;
  try {
    const parsed = recordSchema.safeParse(JSON.parse(row.value_json));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

export async function writeDemoRecord(store: Store, clock: Clock, record: DemoRecord): Promise<void> {
  const now = clock.now();
  const value = JSON.stringify(record);
  await store.db
    .insertInto('settings')
    .values({ key: KEY, value_json: value, updated_at: now })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value_json: value, updated_at: now }))
    .execute();
}

export async function deleteDemoRecord(store: Store): Promise<void> {
  await store.db.deleteFrom('settings').where('key', '=', KEY).execute();
}
