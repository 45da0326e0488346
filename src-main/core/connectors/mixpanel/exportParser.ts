/**
 * Mixpanel raw-export lines → CanonicalEvents.
 *
 * One JSON object per line: `{"event":..,"properties":{"time":..,"distinct_id":..,"$insert_id":..,...}}`.
 * - `time` is epoch seconds, or ms when > 1e10; legacy projects (pre-2023) store local wall-clock
 *   seconds of the project zone, converted here to true UTC.
 * - The group key property is a string or a list of strings: one event per account value.
 * - A record split across two physical lines is repaired by joining adjacent unparsable lines (as
 *   Airbyte does); what still does not parse goes to `sink.rejected`.
 * - A `terminated early` line means a partial export: a retryable error (the whole window is re-run).
 */
import { VendorError } from '../http';
import type { CanonicalEvent, IngestSink } from '../types';
import { pickMixpanelProperties } from './breakdownProperties';
import { wallClockToUtc } from './time';

export interface ExportParserOptions {
  groupKey: string;
  /** Project zone, used only when `legacyLocalTime` is set. */
  timeZone: string;
  legacyLocalTime: boolean;
}

/** Most physical lines one record may be split across before the pieces are rejected. */
const MAX_PIECES = 4;
/** Separator of the composite insert id (ASCII unit separator: never part of names or ids in practice). */
const SEP = '\u001f';

export const REJECT = {
  notJson: 'Mixpanel export: a line is not valid JSON',
  notEvent: 'Mixpanel export: a line is not an event record ({"event", "properties"})',
  noTime: 'Mixpanel export: an event has no readable properties.time',
  noDistinctId: 'Mixpanel export: an event has no distinct_id',
} as const;

/**
 * The fields the connector reads from one record. Parsing is plain JSON.parse: a hand-written scanner
 * that skips unused properties was measured slower than V8's native JSON.parse on these lines.
 */
interface ExportFields {
  event: unknown;
  hasProperties: boolean;
  time: unknown;
  distinctId: unknown;
  insertId: unknown;
  email: unknown;
  group: unknown;
  /** Top-level `error` text (a JSON error object in the body). */
  error: unknown;
}

export class ExportLineParser {
  /** Canonical events pushed to the sink (one per account value). */
  events = 0;
  /** Records that parsed as Mixpanel events (before the per-account fan-out). */
  records = 0;
  rejected = 0;
  /** Lines that were valid JSON but not event records (to tell a wrong-shaped body from a bad line). */
  wrongShape = 0;
  /** The first event name seen (default event for the accuracy check). */
  firstEventName: string | null = null;
  /** Breakdown values of the record being emitted (listed property names only). */
  private breakdown: Record<string, string> | null = null;
  /** `error` text of a JSON error object found in the body, if any. */
  errorText: string | null = null;

  private pending: string | null = null;
  private pieces = 0;
  private readonly groupKey: string;
  private readonly zone: string;
  private readonly legacy: boolean;

  constructor(
    private readonly sink: IngestSink,
    options: ExportParserOptions,
  ) {
    this.groupKey = options.groupKey;
    this.zone = options.timeZone;
    this.legacy = options.legacyLocalTime;
  }

  /** One physical line (without its newline). Throws a retryable VendorError on `terminated early`. */
  line(text: string): void {
    if (this.pending === null && text.charCodeAt(0) === 123 /* { */) {
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch {
        this.startPending(text);
        return;
      }
      this.record(value);
      return;
    }
    const trimmed = text.trim();
    if (trimmed === '') return;
    if (/^terminated early\b/i.test(trimmed)) {
      throw new VendorError(
        'VENDOR_UNAVAILABLE',
        'Mixpanel stopped the export early ("terminated early"): the day was only partly exported. Pulse will retry the whole day.',
        true,
      );
    }
    if (this.pending === null) {
      this.startPending(text);
      return;
    }
    // Try to repair a record split across lines.
    const joined = this.pending + text;
    const repaired = tryParse(joined);
    if (repaired !== undefined) {
      this.pending = null;
      this.pieces = 0;
      this.record(repaired);
      return;
    }
    const alone = tryParse(text);
    if (alone !== undefined) {
      this.rejectPending();
      this.record(alone);
      return;
    }
    if (this.pieces < MAX_PIECES - 1) {
      this.pending = joined;
      this.pieces++;
      return;
    }
    this.rejectPending();
    this.startPending(text);
  }

  /**
   * The body ended. `endedWithNewline` false with an unparsable last line means the stream was cut
   * mid-record: a retryable error rather than a malformed line.
   */
  end(endedWithNewline: boolean): void {
    if (this.pending !== null) {
      if (!endedWithNewline) {
        throw new VendorError(
          'NETWORK',
          'The Mixpanel export ended in the middle of a record (the connection was cut). Pulse will retry the day.',
          true,
        );
      }
      this.rejectPending();
    }
  }

  private startPending(text: string): void {
    this.pending = text;
    this.pieces = 1;
  }

  private rejectPending(): void {
    this.pending = null;
    this.pieces = 0;
    this.reject(REJECT.notJson);
  }

  private reject(reason: string): void {
    this.rejected++;
    this.sink.rejected(reason);
  }

  private record(value: unknown): void {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      this.wrongShape++;
      this.reject(REJECT.notEvent);
      return;
    }
    const rec = value as { event?: unknown; properties?: unknown; error?: unknown };
    const props = rec.properties as Record<string, unknown> | undefined;
    const hasProperties = typeof props === 'object' && props !== null && !Array.isArray(props);
    const wanted = this.sink.propertyNames;
    this.breakdown = hasProperties && wanted && wanted.length > 0 ? pickMixpanelProperties(props, wanted) : null;
    this.fields({
      event: rec.event,
      error: rec.error,
      hasProperties,
      time: hasProperties ? props.time : undefined,
      distinctId: hasProperties ? props.distinct_id : undefined,
      insertId: hasProperties ? props.$insert_id : undefined,
      email: hasProperties ? props.$email : undefined,
      group: hasProperties ? props[this.groupKey] : undefined,
    });
  }

  private fields(f: ExportFields): void {
    const name = f.event;
    if (typeof name !== 'string' || !f.hasProperties) {
      this.wrongShape++;
      if (typeof f.error === 'string' && this.errorText === null) this.errorText = f.error.slice(0, 200);
      this.reject(REJECT.notEvent);
      return;
    }
    this.records++;
    const rawTime = f.time;
    let t = typeof rawTime === 'number' ? rawTime : typeof rawTime === 'string' && rawTime !== '' ? Number(rawTime) : Number.NaN;
    if (!Number.isFinite(t) || t < 0) {
      this.reject(REJECT.noTime);
      return;
    }
    t = t > 1e10 ? Math.round(t) : Math.round(t * 1000);
    // Beyond 8.64e15 ms no calendar day exists (Date throws): one such record must not stop the day.
    if (t > 8.64e15) {
      this.reject(REJECT.noTime);
      return;
    }
    if (this.legacy) t = wallClockToUtc(t, this.zone);
    const rawId = f.distinctId;
    const userId = typeof rawId === 'string' ? rawId : typeof rawId === 'number' ? String(rawId) : '';
    if (userId === '') {
      this.reject(REJECT.noDistinctId);
      return;
    }
    if (this.firstEventName === null) this.firstEventName = name;
    const email = f.email;
    const readableUserId = typeof email === 'string' && email !== '' ? email : null;
    const rawInsert = f.insertId;
    const insert =
      typeof rawInsert === 'string' && rawInsert !== '' ? rawInsert : typeof rawInsert === 'number' ? String(rawInsert) : null;
    // Mixpanel's dedupe key is (event, distinct_id, time, $insert_id); the account is appended so the
    // per-account copies of one multi-account event stay distinct while exact duplicates still collapse.
    const base = insert === null ? null : `${name}${SEP}${userId}${SEP}${t}${SEP}${insert}`;
    const group = f.group;
    if (typeof group === 'string' || typeof group === 'number') {
      const accountId = group === '' ? null : String(group);
      this.emit({
        accountId,
        userId,
        readableUserId,
        ts: t,
        name,
        sessionId: null,
        insertId: base === null ? null : `${base}${SEP}${accountId ?? ''}`,
      });
      return;
    }
    if (Array.isArray(group)) {
      let emitted = false;
      const seen = new Set<string>();
      for (const g of group) {
        if ((typeof g !== 'string' && typeof g !== 'number') || g === '') continue;
        const accountId = String(g);
        if (seen.has(accountId)) continue;
        seen.add(accountId);
        emitted = true;
        this.emit({
          accountId,
          userId,
          readableUserId,
          ts: t,
          name,
          sessionId: null,
          insertId: base === null ? null : `${base}${SEP}${accountId}`,
        });
      }
      if (emitted) return;
    }
    this.emit({
      accountId: null,
      userId,
      readableUserId,
      ts: t,
      name,
      sessionId: null,
      insertId: base === null ? null : `${base}${SEP}`,
    });
  }

  private emit(event: CanonicalEvent): void {
    if (this.breakdown !== null) event.properties = this.breakdown;
    this.events++;
    this.sink.event(event);
  }
}

function tryParse(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
