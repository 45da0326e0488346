import { randomBytes } from 'node:crypto';
import type { Selectable } from 'kysely';
import {
  type ConnectionInput,
  type ConnectionSummary,
  CoreError,
  connectionInputSchema,
  type SyncRunSummary,
  secretFieldsByVendor,
  type VendorName,
} from '../../../src-shared/contract';
import type { Clock, SecretStore } from '../ports';
import { secretAccount } from '../secrets';
import type { Store } from '../store';
import type { ConnectionsTable, SyncRunsTable } from '../store/schema';

export interface ConnectionRecord {
  id: string;
  vendor: VendorName;
  label: string;
  region: string;
  baseUrl: string | null;
  settings: Record<string, string | number | boolean | null>;
  createdAt: number;
}

/** Validates vendor settings (each connector's own schema); returns the normalised settings. */
export type SettingsValidator = (
  vendor: VendorName,
  settings: Record<string, unknown>,
) => Record<string, string | number | boolean | null>;

/**
 * Connections: the database row holds everything but the secrets, which go to the keychain under
 * "connection:<id>/<field>". Creating is all-or-nothing: if the keychain refuses, no row remains.
 */
export class ConnectionRepository {
  constructor(
    private readonly store: Store,
    private readonly secrets: SecretStore,
    private readonly clock: Clock,
    private readonly validateSettings: SettingsValidator,
  ) {}

  /**
   * `fileSource`: a connection that only receives imported export files (core/fileImport). It calls
   * no vendor, so it needs no secrets and no vendor settings; it stores `settings.source = 'file'`.
   */
  async create(raw: ConnectionInput, options: { fileSource?: boolean } = {}): Promise<ConnectionRecord> {
    const input = connectionInputSchema.parse(raw);
    const required: readonly string[] = options.fileSource ? [] : secretFieldsByVendor[input.vendor];
    const missing = required.filter((field) => !input.secrets[field]);
    if (missing.length > 0) {
      throw new CoreError('BAD_REQUEST', `A ${input.vendor} connection needs ${missing.join(' and ')}.`);
    }
    const unknownSecrets = Object.keys(input.secrets).filter((field) => !required.includes(field));
    if (unknownSecrets.length > 0)
      throw new CoreError('BAD_REQUEST', `Unknown secret field(s) for ${input.vendor}: ${unknownSecrets.join(', ')}.`);
    const settings = options.fileSource
      ? { ...input.settings, source: 'file' }
      : this.validateSettings(input.vendor, input.settings);
    const existing = await this.store.db
      .selectFrom('connections')
      .select('id')
      .where('label', '=', input.label)
      .executeTakeFirst();
    if (existing) throw new CoreError('CONFLICT', `A connection named "${input.label}" already exists. Choose another label.`);

    const id = `c${randomBytes(6).toString('hex')}`;
    const now = this.clock.now();
    await this.store.db
      .insertInto('connections')
      .values({
        id,
        vendor: input.vendor,
        label: input.label,
        region: input.region,
        base_url: input.baseUrl ?? null,
        settings_json: JSON.stringify(settings),
        created_at: now,
        updated_at: now,
      })
      .execute();
    try {
      for (const field of required) await this.secrets.set(secretAccount(ownerOf(id), field), input.secrets[field] as string);
    } catch (error) {
      await this.store.db.deleteFrom('connections').where('id', '=', id).execute();
      for (const field of required) await this.secrets.delete(secretAccount(ownerOf(id), field)).catch(() => false);
      throw error;
    }
    return {
      id,
      vendor: input.vendor,
      label: input.label,
      region: input.region,
      baseUrl: input.baseUrl ?? null,
      settings,
      createdAt: now,
    };
  }

  async list(): Promise<ConnectionRecord[]> {
    const rows = await this.store.db.selectFrom('connections').selectAll().orderBy('created_at').execute();
    return rows.map(toRecord);
  }

  /** By id or by label (the CLI uses labels). */
  async find(idOrLabel: string): Promise<ConnectionRecord> {
    const row = await this.store.db
      .selectFrom('connections')
      .selectAll()
      .where((eb) => eb.or([eb('id', '=', idOrLabel), eb('label', '=', idOrLabel)]))
      .executeTakeFirst();
    if (!row) throw new CoreError('NOT_FOUND', `There is no connection "${idOrLabel}". \`pulse connections\` lists them.`);
    return toRecord(row);
  }

  async remove(idOrLabel: string): Promise<ConnectionRecord> {
    const record = await this.find(idOrLabel);
    await this.store.db.deleteFrom('connections').where('id', '=', record.id).execute();
    for (const field of secretFieldsByVendor[record.vendor]) {
      await this.secrets.delete(secretAccount(ownerOf(record.id), field)).catch(() => false);
    }
    return record;
  }

  /** The secrets of a connection, read from the keychain just before use. */
  async secretsOf(record: ConnectionRecord): Promise<Record<string, string>> {
    const out: Record<string, string> = {};
    for (const field of secretFieldsByVendor[record.vendor]) {
      const value = await this.secrets.get(secretAccount(ownerOf(record.id), field));
      if (!value) {
        throw new CoreError(
          'VENDOR_AUTH',
          `The ${record.vendor} connection "${record.label}" has no ${field} in the keychain. Enter it again in Settings → Connections.`,
        );
      }
      out[field] = value;
    }
    return out;
  }

  async summaries(): Promise<ConnectionSummary[]> {
    const records = await this.list();
    const out: ConnectionSummary[] = [];
    for (const record of records) {
      const lastRun = await this.store.db
        .selectFrom('sync_runs')
        .selectAll()
        .where('connection_id', '=', record.id)
        .orderBy('id', 'desc')
        .limit(1)
        .executeTakeFirst();
      const through = await this.store.db
        .selectFrom('sync_windows')
        .select((eb) => eb.fn.max('max_day').as('day'))
        .where('connection_id', '=', record.id)
        .executeTakeFirst();
      const secretsSet: Record<string, boolean> = {};
      for (const field of secretFieldsByVendor[record.vendor]) {
        secretsSet[field] = (await this.secrets.get(secretAccount(ownerOf(record.id), field)).catch(() => null)) !== null;
      }
      out.push({ ...record, secretsSet, lastRun: lastRun ? toRunSummary(lastRun) : null, dataThrough: through?.day ?? null });
    }
    return out;
  }
}

export function ownerOf(connectionId: string): string {
  return `connection:${connectionId}`;
}

function toRecord(row: ConnectionsTable): ConnectionRecord {
  return {
    id: row.id,
    vendor: row.vendor,
    label: row.label,
    region: row.region,
    baseUrl: row.base_url,
    settings: JSON.parse(row.settings_json) as ConnectionRecord['settings'],
    createdAt: row.created_at,
  };
}

export function toRunSummary(row: Selectable<SyncRunsTable>): SyncRunSummary {
  const details = JSON.parse(row.details_json || '{}') as { warnings?: string[] };
  return {
    id: row.id,
    connectionId: row.connection_id,
    trigger: row.trigger,
    fullResync: row.full_resync === 1,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    outcome: row.outcome,
    windowsTotal: row.windows_total,
    windowsDone: row.windows_done,
    eventsRead: row.events_read,
    eventsRejected: row.events_rejected,
    rowsWritten: row.rows_written,
    retries: row.retries,
    errorCode: row.error_code,
    errorMessage: row.error_message,
    accuracyPct: row.accuracy_pct,
    warnings: details.warnings ?? [],
  };
}
