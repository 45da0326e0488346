import { basename } from 'node:path';
import type { CoreEvents, FileImportFormat, FileImportResult } from '../../../src-shared/contract';
import { CoreError } from '../../../src-shared/contract';
import { type ConnectionRecord, type ConnectionRepository, toRunSummary } from '../connections';
import { parseEventLine, readExportZip } from '../connectors/amplitude';
import { AccountsSeen } from '../connectors/amplitude/accountsSeen';
import { splitLines } from '../connectors/lines';
import { ExportLineParser } from '../connectors/mixpanel';
import type { CanonicalBucket, CanonicalEvent, CanonicalGuideEvent, IngestSink } from '../connectors/types';
import { createLocalDayResolver, createPseudonymizer, WindowAggregator, WindowWriter } from '../ingest';
import { autoLinkAccounts } from '../mapping';
import type { Clock, SecretStore } from '../ports';
import type { SettingsRepository } from '../settings';
import type { Store } from '../store';
import { workspaceUserKeySecret } from '../sync';
import { CsvEventReader } from './csvEvents';
import { fileImportError } from './fileImportError';
import { fileBytes, inspectFile } from './fileSource';

export interface FileImportDeps {
  store: Store;
  connections: ConnectionRepository;
  settings: SettingsRepository;
  secrets: SecretStore;
  clock: Clock;
  emit<E extends 'sync.progress' | 'data.changed'>(name: E, payload: CoreEvents[E]): void;
}

export interface FileImportRequest {
  path: string;
  format: FileImportFormat;
  label: string;
}

/** All events of an imported file land in this stream; its window key is the file's content hash. */
export const FILE_STREAM = 'file';
/** Account keys in exports: Amplitude's group type and Mixpanel's group property (the connectors' defaults). */
const AMPLITUDE_GROUP_TYPE = 'company';
const MIXPANEL_GROUP_KEY = 'company_id';

const vendorOf = { 'amplitude-export': 'amplitude', 'mixpanel-jsonl': 'mixpanel', csv: 'mixpanel' } as const;

const expected: Record<FileImportFormat, string> = {
  'amplitude-export':
    'an Amplitude export: a ZIP of gzip JSON-lines files as the Export API returns it, or one .json.gz or .jsonl file of Amplitude events',
  'mixpanel-jsonl':
    'a Mixpanel raw export: one JSON event per line ({"event": …, "properties": {…}}), optionally gzip-compressed',
  csv: 'a CSV file with a header row timestamp,user_id,account_id,event (optional session_id, feature_id)',
};

/**
 * Imports one export file through the SAME ingest path as a sync: canonical events → WindowAggregator
 * → WindowWriter.commit, recorded as a run with trigger 'import'.
 *
 * The whole file is ONE window whose key is the file's SHA-256: importing the same file again replaces
 * exactly its rows (idempotent), a different file adds its own window. Two different files holding the
 * same events are counted twice; exports that overlap must be imported into separate labels or as one
 * file. Nothing is written until the whole file was read, so a cut-off file leaves the workspace as it
 * was. Bytes are streamed; memory grows with the aggregate (users × days), not with the file.
 */
export async function importFile(deps: FileImportDeps, request: FileImportRequest): Promise<FileImportResult> {
  const file = await inspectFile(request.path);
  checkKind(request.format, file.kind, file.head);
  const { record, created } = await connectionFor(deps.connections, request);
  const settings = await deps.settings.get();
  const windowKey = `sha256-${file.sha256.slice(0, 32)}`;
  const alreadyImported =
    (await deps.store.db
      .selectFrom('sync_windows')
      .select('window_key')
      .where('connection_id', '=', record.id)
      .where('stream', '=', FILE_STREAM)
      .where('window_key', '=', windowKey)
      .executeTakeFirst()) !== undefined;
  const runId = (
    await deps.store.db
      .insertInto('sync_runs')
      .values({ connection_id: record.id, trigger: 'import', started_at: deps.clock.now(), outcome: 'running', windows_total: 1 })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;

  let bytesRead = 0;
  let lastProgress = 0;
  const progress = (phase: CoreEvents['sync.progress']['phase'], eventsRead: number, message: string | null) =>
    deps.emit('sync.progress', {
      connectionId: record.id,
      runId,
      phase,
      window: phase === 'done' ? 1 : 0,
      windows: 1,
      eventsRead,
      message,
    });
  const aggregator = new WindowAggregator({
    timeZone: settings.timezone,
    pseudonymize: createPseudonymizer(await workspaceUserKeySecret(deps.secrets), record.id),
    keepReadableIds: settings.storeReadableUserIds,
    keyEvents: new Set(settings.keyEvents),
    breakdownProperties: settings.breakdownProperties,
  });
  const counted = new CountingSink(aggregator);
  const onBytes = (n: number) => {
    bytesRead += n;
    if (counted.events - lastProgress >= 20_000) {
      lastProgress = counted.events;
      const pct = file.size > 0 ? Math.min(99, Math.floor((bytesRead / file.size) * 100)) : 0;
      progress('downloading', counted.events, `Reading ${basename(request.path)}: ${pct}%`);
    }
  };
  progress('starting', 0, `Reading ${basename(request.path)}`);
  const accounts = new AccountsSeen();

  try {
    await readInto(request.format, request.path, file.kind, counted, accounts, settings.timezone, onBytes);
    if (counted.events === 0 && counted.rejectedCount > 0) {
      throw fileImportError(
        `No line of ${basename(request.path)} could be read as ${request.format} (${counted.rejectedCount} rejected). --format ${request.format} expects ${expected[request.format]}.${hintFor(file.head)}`,
      );
    }
    const aggregate = aggregator.finish();
    progress('writing', counted.events, 'Saving');
    const rowsWritten = new WindowWriter(deps.store.sqlite).commit({
      connectionId: record.id,
      stream: FILE_STREAM,
      windowKey,
      runId,
      checkpoint: JSON.stringify({ file: basename(request.path), sha256: file.sha256 }),
      aggregate,
      now: deps.clock.now(),
    });
    const now = deps.clock.now();
    const insertAccount = deps.store.sqlite.prepare(
      `insert into vendor_accounts (connection_id, account_id, name, domain, properties_json, updated_at) values (?,?,?,?,?,?)
       on conflict (connection_id, account_id) do update set name = coalesce(excluded.name, name), domain = coalesce(excluded.domain, domain), updated_at = excluded.updated_at`,
    );
    deps.store.sqlite.transaction(() => {
      for (const account of accounts.list())
        insertAccount.run(record.id, account.accountId, account.name, account.domain, JSON.stringify(account.properties), now);
      for (const accountId of counted.accountIds) insertAccount.run(record.id, accountId, null, null, '{}', now);
    })();
    const mapping = await autoLinkAccounts(deps.store, deps.clock, { autoCreateCustomers: settings.autoCreateCustomers });
    const warnings = Object.entries(aggregate.stats.rejectReasons).map(([reason, n]) => `${n}× ${reason}`);
    await deps.store.db
      .updateTable('sync_runs')
      .set({
        outcome: 'succeeded',
        finished_at: deps.clock.now(),
        windows_done: 1,
        events_read: counted.events,
        events_rejected: counted.rejectedCount,
        rows_written: rowsWritten,
        details_json: JSON.stringify({ warnings, file: basename(request.path), format: request.format, sha256: file.sha256 }),
      })
      .where('id', '=', runId)
      .execute();
    progress('done', counted.events, `${counted.events.toLocaleString('en-US')} events imported`);
    deps.emit('data.changed', { scopes: ['sync', 'connections', 'customers', 'metrics', 'alerts'] });
    const run = await deps.store.db.selectFrom('sync_runs').selectAll().where('id', '=', runId).executeTakeFirstOrThrow();
    return {
      connectionId: record.id,
      label: record.label,
      createdConnection: created,
      alreadyImported,
      accountsLinked: mapping.linked,
      customersCreated: mapping.created,
      run: toRunSummary(run),
    };
  } catch (error) {
    const code = error instanceof CoreError ? error.code : 'INTERNAL';
    const message =
      error instanceof CoreError
        ? error.message
        : `The import stopped unexpectedly (${(error as Error).message}); nothing was written.`;
    await deps.store.db
      .updateTable('sync_runs')
      .set({
        outcome: 'failed',
        finished_at: deps.clock.now(),
        events_read: counted.events,
        events_rejected: counted.rejectedCount,
        error_code: code,
        error_message: message.slice(0, 1000),
      })
      .where('id', '=', runId)
      .execute();
    progress('failed', counted.events, message);
    deps.emit('data.changed', { scopes: ['sync'] });
    throw error instanceof CoreError ? error : new CoreError('INTERNAL', message);
  }
}

function checkKind(format: FileImportFormat, kind: 'zip' | 'gzip' | 'text', head: string): void {
  const wrong = (what: string) =>
    fileImportError(`This file is ${what}, but --format ${format} expects ${expected[format]}.${hintFor(head)}`);
  if (format === 'amplitude-export') {
    if (kind === 'text' && !/^\s*\{/.test(head)) throw wrong('not JSON lines or a ZIP/gzip archive');
    return;
  }
  if (kind === 'zip') throw wrong('a ZIP archive (an Amplitude export? use --format amplitude-export)');
  if (format === 'csv' && kind === 'gzip') throw wrong('gzip-compressed (unpack it first)');
  if (format === 'csv' && /^\s*[{[]/.test(head)) throw wrong('JSON, not CSV');
  if (format === 'mixpanel-jsonl' && kind === 'text' && !/^\s*\{/.test(head)) throw wrong('not JSON lines');
}

/** A guess at what the file is, from its first line, to name the format that fits. */
function hintFor(head: string): string {
  const first = head.split('\n', 1)[0] ?? '';
  if (/"event_type"/.test(first)) return ' It looks like Amplitude events: try --format amplitude-export.';
  if (/"event"\s*:/.test(first) && /"properties"\s*:/.test(first))
    return ' It looks like a Mixpanel export: try --format mixpanel-jsonl.';
  if (/^[\w" ]+(,[\w" ]+)+\s*$/.test(first.trim())) return ' It looks like CSV: try --format csv.';
  return '';
}

async function connectionFor(
  connections: ConnectionRepository,
  request: FileImportRequest,
): Promise<{ record: ConnectionRecord; created: boolean }> {
  const vendor = vendorOf[request.format];
  const existing = (await connections.list()).find((c) => c.label === request.label);
  if (existing) {
    if (existing.settings.source !== 'file') {
      throw new CoreError(
        'CONFLICT',
        `"${request.label}" is a live ${existing.vendor} connection. Import files under another label.`,
      );
    }
    if (existing.vendor !== vendor || (existing.settings.format ?? request.format) !== request.format) {
      throw new CoreError(
        'CONFLICT',
        `"${request.label}" holds ${String(existing.settings.format ?? existing.vendor)} imports. Import ${request.format} files under another label.`,
      );
    }
    return { record: existing, created: false };
  }
  const record = await connections.create(
    { vendor, label: request.label, region: 'us', settings: { format: request.format }, secrets: {} },
    { fileSource: true },
  );
  return { record, created: true };
}

async function readInto(
  format: FileImportFormat,
  path: string,
  kind: 'zip' | 'gzip' | 'text',
  sink: CountingSink,
  accounts: AccountsSeen,
  timeZone: string,
  onBytes: (n: number) => void,
): Promise<void> {
  if (format === 'amplitude-export' && kind === 'zip') {
    try {
      await readExportZip(path, sink, { groupType: AMPLITUDE_GROUP_TYPE, signal: new AbortController().signal, accounts });
    } catch (error) {
      // The connector words these for a download ("Pulse will retry"); a file on disk will not change.
      if (error instanceof CoreError && /cut off/.test(error.message))
        throw fileImportError(`The ZIP file ${basename(path)} is cut off (truncated); nothing was imported.`);
      if (error instanceof CoreError)
        throw fileImportError(
          `The ZIP file ${basename(path)} cannot be read: ${error.message.replace(/^Amplitude sent an export Pulse cannot read: /, '')}`,
        );
      throw error;
    }
    return;
  }
  const bytes = fileBytes(path, kind === 'gzip', onBytes);
  if (format === 'amplitude-export') {
    for await (const line of splitLines(bytes)) {
      if (line.trim() === '') continue;
      const result = parseEventLine(line, AMPLITUDE_GROUP_TYPE);
      if (!result.ok) sink.rejected(`Amplitude export: ${result.reason}.`);
      else for (const event of result.events) sink.event(event);
    }
    return;
  }
  if (format === 'mixpanel-jsonl') {
    const parser = new ExportLineParser(sink, { groupKey: MIXPANEL_GROUP_KEY, timeZone: 'UTC', legacyLocalTime: false });
    for await (const line of splitLines(bytes)) parser.line(line);
    // A file on disk either holds its last record or not: an unfinished last line is a rejected line.
    parser.end(true);
    return;
  }
  const reader = new CsvEventReader(sink, createLocalDayResolver(timeZone));
  for await (const line of splitLines(bytes)) reader.line(line);
  reader.end();
}

/** Counts what reaches ingest and remembers the account keys seen (few; they become vendor accounts). */
class CountingSink implements IngestSink {
  events = 0;
  rejectedCount = 0;
  readonly accountIds = new Set<string>();
  constructor(private readonly inner: IngestSink) {}
  get propertyNames(): readonly string[] | undefined {
    return this.inner.propertyNames;
  }
  event(record: CanonicalEvent): void {
    this.events++;
    if (record.accountId !== null) this.accountIds.add(record.accountId);
    this.inner.event(record);
  }
  bucket(record: CanonicalBucket): void {
    this.inner.bucket(record);
  }
  guideEvent(record: CanonicalGuideEvent): void {
    this.inner.guideEvent(record);
  }
  rejected(reason: string): void {
    this.rejectedCount++;
    this.inner.rejected(reason);
  }
}
