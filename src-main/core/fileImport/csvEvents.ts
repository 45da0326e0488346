import { createHash } from 'node:crypto';
import type { IngestSink } from '../connectors/types';
import { CsvError, parseCsv } from '../csv';
import { fileImportError } from './fileImportError';

/**
 * CSV event rows → canonical events, one physical line at a time (memory flat for any file size).
 * Columns: timestamp, user_id, account_id, event (required) and session_id, feature_id (optional),
 * in any order, names case-insensitive. A quoted field may span lines; a row that cannot be read is
 * counted and reported through `sink.rejected`, never fatal. Only a bad header stops the import.
 */
export const REQUIRED_CSV_COLUMNS = ['timestamp', 'user_id', 'account_id', 'event'] as const;
const OPTIONAL_CSV_COLUMNS = ['session_id', 'feature_id'] as const;
type Column = (typeof REQUIRED_CSV_COLUMNS)[number] | (typeof OPTIONAL_CSV_COLUMNS)[number];

/** A record split over more than this many characters is not a quoted field but a stray quote. */
const MAX_RECORD_CHARS = 64 * 1024;
/** Timestamps outside 1990..2100 are typos (or a seconds/ms mix-up), not events. */
const MIN_TS = Date.UTC(1990, 0, 1);
const MAX_TS = Date.UTC(2100, 0, 1);

export const CSV_REJECT = {
  unreadable: 'CSV: a row is not valid CSV',
  columns: 'CSV: a row has fewer columns than the header',
  time: 'CSV: a row has no readable timestamp (ISO 8601 or epoch seconds/milliseconds)',
  user: 'CSV: a row has no user_id',
  event: 'CSV: a row has no event name',
  unclosed: 'CSV: a quoted field is never closed',
} as const;

/**
 * ISO 8601 ("2025-06-10", "2025-06-10T09:30:00Z", "2025-06-10 09:30:00.123+02:00") or epoch seconds
 * or milliseconds (10+ digit values of 1e11 and more are milliseconds). A date-time without an offset
 * is UTC: the file is a machine export, and guessing the laptop's zone would shift days.
 */
export function parseCsvTimestamp(raw: string): number | null {
  const text = raw.trim();
  if (/^\d{1,15}(\.\d+)?$/.test(text)) {
    const n = Number(text);
    const ms = n >= 1e11 ? Math.round(n) : Math.round(n * 1000);
    return ms >= MIN_TS && ms < MAX_TS ? ms : null;
  }
  const iso = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i.exec(
    text,
  );
  if (!iso) return null;
  const [, y, mo, d, h = '00', mi = '00', s = '00', frac = '', zone = 'Z'] = iso;
  const month = Number(mo);
  const day = Number(d);
  if (month < 1 || month > 12 || day < 1 || day > 31 || Number(h) > 23 || Number(mi) > 59 || Number(s) > 59) return null;
  let offsetMin = 0;
  if (zone.toUpperCase() !== 'Z') {
    const digits = zone.slice(1).replace(':', '');
    offsetMin = (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2) || '0')) * (zone.startsWith('-') ? -1 : 1);
  }
  const ms =
    Date.UTC(Number(y), month - 1, day, Number(h), Number(mi), Number(s), frac ? Math.floor(Number(`0${frac}`) * 1000) : 0) -
    offsetMin * 60_000;
  // Date.UTC rolls 2025-02-31 over into March: such a date does not exist.
  const check = new Date(ms + offsetMin * 60_000);
  if (check.getUTCDate() !== day || check.getUTCMonth() !== month - 1) return null;
  return ms >= MIN_TS && ms < MAX_TS ? ms : null;
}

/** Session ids: numbers as they are; any other text becomes a stable number (only distinctness counts). */
function sessionNumber(raw: string): number | null {
  const text = raw.trim();
  if (text === '') return null;
  if (/^\d{1,15}$/.test(text)) return Number(text);
  return createHash('sha1').update(text).digest().readUIntBE(0, 6);
}

export class CsvEventReader {
  rows = 0;
  events = 0;
  rejected = 0;
  private header: Map<Column, number> | null = null;
  private pending: string | null = null;

  constructor(
    private readonly sink: IngestSink,
    /** Local day of an instant in the reporting zone (feature usage is recorded per day). */
    private readonly dayOf: (ts: number) => string,
  ) {}

  /** One physical line without its newline. Throws only for a header that lacks required columns. */
  line(text: string): void {
    const record = this.pending === null ? text : `${this.pending}\n${text}`;
    if (hasOpenQuote(record)) {
      if (record.length > MAX_RECORD_CHARS) {
        this.pending = null;
        this.reject(CSV_REJECT.unclosed);
      } else this.pending = record;
      return;
    }
    this.pending = null;
    if (this.header === null) {
      // Blank lines before the header (an editor's stray newline) are not a header.
      if (record.trim() !== '') this.readHeader(record);
      return;
    }
    if (record.trim() === '') return;
    this.row(record);
  }

  /** The file ended. A record still open is a quote that never closed. */
  end(): void {
    if (this.header === null && this.pending === null) {
      throw fileImportError(
        `The CSV file is empty. It needs a header row with ${REQUIRED_CSV_COLUMNS.join(',')} (optional ${OPTIONAL_CSV_COLUMNS.join(', ')}).`,
      );
    }
    if (this.pending !== null) {
      this.pending = null;
      if (this.header === null) throw fileImportError('The CSV header row has a quote that is never closed.');
      this.reject(CSV_REJECT.unclosed);
    }
  }

  private readHeader(text: string): void {
    const withoutBom = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
    if (/^\s*[{[]/.test(withoutBom)) {
      throw fileImportError(
        'This file holds JSON, not CSV. For --format csv, give a CSV file with a header row timestamp,user_id,account_id,event; for JSON lines use --format mixpanel-jsonl or amplitude-export.',
      );
    }
    let names: string[];
    try {
      names = (parseCsv(withoutBom)[0] ?? []).map((n) => n.trim().toLowerCase());
    } catch {
      names = [];
    }
    const header = new Map<Column, number>();
    for (const column of [...REQUIRED_CSV_COLUMNS, ...OPTIONAL_CSV_COLUMNS]) {
      const index = names.indexOf(column);
      if (index >= 0) header.set(column, index);
    }
    const missing = REQUIRED_CSV_COLUMNS.filter((c) => !header.has(c));
    if (missing.length > 0) {
      throw fileImportError(
        `The CSV file lacks the required column${missing.length > 1 ? 's' : ''} ${missing.join(', ')}. The first row must be a header with timestamp,user_id,account_id,event (optional session_id, feature_id); found: ${names.join(',').slice(0, 200) || '(nothing)'}.`,
      );
    }
    this.header = header;
  }

  private row(text: string): void {
    this.rows++;
    let fields: string[];
    try {
      fields = parseCsv(text)[0] ?? [];
    } catch (error) {
      if (!(error instanceof CsvError)) throw error;
      this.reject(CSV_REJECT.unreadable);
      return;
    }
    const at = (column: Column): string | undefined => {
      const index = this.header?.get(column);
      return index === undefined ? undefined : fields[index];
    };
    const [rawTs, rawUser, rawAccount, rawEvent] = REQUIRED_CSV_COLUMNS.map(at);
    if (rawTs === undefined || rawUser === undefined || rawAccount === undefined || rawEvent === undefined) {
      this.reject(CSV_REJECT.columns);
      return;
    }
    const ts = parseCsvTimestamp(rawTs);
    if (ts === null) {
      this.reject(CSV_REJECT.time);
      return;
    }
    const userId = rawUser.trim();
    if (userId === '') {
      this.reject(CSV_REJECT.user);
      return;
    }
    const name = rawEvent.trim();
    if (name === '') {
      this.reject(CSV_REJECT.event);
      return;
    }
    const accountId = rawAccount.trim() === '' ? null : rawAccount.trim();
    this.events++;
    this.sink.event({
      accountId,
      userId,
      readableUserId: null,
      ts,
      name,
      sessionId: sessionNumber(at('session_id') ?? ''),
      // CSV rows have no vendor dedupe key: every row is an event, as the file says.
      insertId: null,
    });
    const feature = (at('feature_id') ?? '').trim();
    if (feature !== '') {
      this.sink.bucket({
        accountId,
        userId,
        readableUserId: null,
        day: this.dayOf(ts),
        kind: 'feature',
        itemId: feature,
        events: 1,
        minutes: 0,
      });
    }
  }

  private reject(reason: string): void {
    this.rejected++;
    this.sink.rejected(reason);
  }
}

/** True when the text ends inside a quoted field (an odd number of quote characters). */
function hasOpenQuote(text: string): boolean {
  let open = false;
  for (let i = text.indexOf('"'); i !== -1; i = text.indexOf('"', i + 1)) open = !open;
  return open;
}
