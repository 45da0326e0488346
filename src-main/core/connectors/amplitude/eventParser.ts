/**
 * Amplitude export line → CanonicalEvent(s).
 *
 * Speed matters (a day can be millions of 1.5 KB lines). V8's native JSON.parse of the whole line,
 * then picking the ~10 fields we need, is the common path: it took ~30% less CPU than the JavaScript
 * field walker below on the same real export lines, GC included (test/bench/ingest/hotLoop.ts, INGEST.md).
 * The walker is kept for the one thing JSON.parse cannot do: an id sent as an integer beyond 2^53 keeps
 * its digits as written instead of being rounded. Both paths produce the same `ParsedLine` and the same
 * canonical records (tested for equivalence).
 */
import type { CanonicalEvent, VendorAccount } from '../types';
import { parseAmplitudeTime } from './time';

/** The fields of one export line we use, independent of how they were extracted. */
export interface ParsedLine {
  amplitudeId: string | null;
  userId: string | null;
  deviceId: string | null;
  eventTime: string | null;
  eventType: string | null;
  sessionId: number | null;
  uuid: string | null;
  insertId: string | null;
  /** Account values from groups[groupType] (deduplicated, in order). */
  accounts: string[];
  email: string | null;
  /** group_properties[groupType][account], read only when asked (once per account per window). */
  groupProperties(account: string): Record<string, unknown> | null;
  /** Values of the listed breakdown properties (see `breakdownPicker`); null when none is listed or present. */
  properties: Record<string, string> | null;
}

/**
 * Breakdown property names to extract while the line is walked anyway (settings.breakdownProperties).
 * A name is looked up in `event_properties`, then `user_properties`, then the top level (`platform`,
 * `country`, `os_name`...); only strings, numbers and booleans count, as text of at most 200 characters.
 */
export interface BreakdownPicker {
  readonly names: readonly string[];
  readonly index: ReadonlyMap<string, number>;
  /** 1 at the length of every listed name (top-level keys of other lengths are never sliced). */
  readonly lengths: Uint8Array;
}

export function breakdownPicker(names: readonly string[]): BreakdownPicker | null {
  const unique = [...new Set(names)];
  if (unique.length === 0) return null;
  const lengths = new Uint8Array(256);
  for (const n of unique) if (n.length < lengths.length) lengths[n.length] = 1;
  return { names: unique, index: new Map(unique.map((n, i) => [n, i])), lengths };
}

const MAX_PROPERTY_TEXT = 200;

function propertyText(v: unknown): string | null {
  const text = typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : null;
  return text === null || text === '' ? null : text.slice(0, MAX_PROPERTY_TEXT);
}

/** First value per name in the given levels (earlier levels win); null when no name has a value. */
function mergeLevels(
  picker: BreakdownPicker,
  levels: ReadonlyArray<ReadonlyArray<string | null> | null>,
): Record<string, string> | null {
  let out: Record<string, string> | null = null;
  for (let i = 0; i < picker.names.length; i++) {
    for (const level of levels) {
      const v = level?.[i];
      if (v !== null && v !== undefined) {
        out ??= {};
        out[picker.names[i] as string] = v;
        break;
      }
    }
  }
  return out;
}

export type LineResult = { ok: true; events: CanonicalEvent[]; line: ParsedLine } | { ok: false; reason: string };

// ---------------------------------------------------------------------------------------------
// Fast path: a minimal JSON walker. Every function returns -1 when the text is not what it expects.

const QUOTE = 34;
const BACKSLASH = 92;

function isWs(c: number): boolean {
  return c === 32 || c === 10 || c === 13 || c === 9;
}

function skipWs(s: string, i: number): number {
  while (i < s.length && isWs(s.charCodeAt(i))) i++;
  return i;
}

/** End (exclusive) of the string starting at i (s[i] === '"'), or -1. Uses native indexOf for speed. */
function stringEnd(s: string, i: number): number {
  let j = i + 1;
  for (;;) {
    const q = s.indexOf('"', j);
    if (q < 0) return -1;
    let k = q - 1;
    while (s.charCodeAt(k) === BACKSLASH) k--;
    if (((q - 1 - k) & 1) === 0) return q + 1;
    j = q + 1;
  }
}

/** The decoded string whose quoted form is s[i..end). */
function stringValue(s: string, i: number, end: number): string | null {
  const raw = s.slice(i + 1, end - 1);
  if (raw.indexOf('\\') === -1) {
    // JSON forbids raw control characters in strings; let JSON.parse judge such a line.
    for (let k = 0; k < raw.length; k++) if (raw.charCodeAt(k) < 32) return null;
    return raw;
  }
  try {
    return JSON.parse(s.slice(i, end)) as string;
  } catch {
    return null;
  }
}

/** End (exclusive) of any JSON value starting at i, or -1. Nested values are skipped, not validated deeply. */
function valueEnd(s: string, i: number): number {
  const n = s.length;
  if (i >= n) return -1;
  const c = s.charCodeAt(i);
  if (c === QUOTE) return stringEnd(s, i);
  if (c === 123 || c === 91) {
    let depth = 0;
    for (let j = i; j < n; j++) {
      const d = s.charCodeAt(j);
      if (d === QUOTE) {
        const e = stringEnd(s, j);
        if (e < 0) return -1;
        j = e - 1;
      } else if (d === 123 || d === 91) depth++;
      else if (d === 125 || d === 93) {
        depth--;
        if (depth === 0) return j + 1;
      }
    }
    return -1;
  }
  // number, true, false, null
  if (!(c === 45 || (c >= 48 && c <= 57) || c === 116 || c === 102 || c === 110)) return -1;
  let j = i + 1;
  while (j < n) {
    const d = s.charCodeAt(j);
    if (d === 44 || d === 125 || d === 93 || isWs(d)) break;
    j++;
  }
  return j;
}

/** The span of member `name` of the object at i, or null (absent, or the object is malformed). */
function member(s: string, i: number, name: string): [number, number] | null {
  if (s.charCodeAt(i) !== 123) return null;
  let found: [number, number] | null = null;
  let j = skipWs(s, i + 1);
  if (s.charCodeAt(j) === 125) return null;
  for (;;) {
    if (s.charCodeAt(j) !== QUOTE) return null;
    const ke = stringEnd(s, j);
    if (ke < 0) return null;
    const raw = s.slice(j + 1, ke - 1);
    const matches = raw.indexOf('\\') === -1 ? raw === name : stringValue(s, j, ke) === name;
    j = skipWs(s, ke);
    if (s.charCodeAt(j) !== 58) return null;
    const vs = skipWs(s, j + 1);
    const ve = valueEnd(s, vs);
    if (ve < 0) return null;
    if (matches) found = [vs, ve];
    j = skipWs(s, ve);
    const c = s.charCodeAt(j);
    if (c === 125) return found;
    if (c !== 44) return null;
    j = skipWs(s, j + 1);
  }
}

type Scalar = { t: 'string'; v: string } | { t: 'number'; v: string } | { t: 'null' } | { t: 'other' };

function scalar(s: string, vs: number, ve: number): Scalar {
  const c = s.charCodeAt(vs);
  if (c === QUOTE) {
    const v = stringValue(s, vs, ve);
    return v === null ? { t: 'other' } : { t: 'string', v };
  }
  if (c === 110) return ve - vs === 4 && s.startsWith('null', vs) ? { t: 'null' } : { t: 'other' };
  if (c === 45 || (c >= 48 && c <= 57)) return { t: 'number', v: s.slice(vs, ve) };
  return { t: 'other' };
}

/** propertyText of the JSON value s[vs..ve): null for null/objects/lists/'', undefined when unreadable. */
function propertyScalar(s: string, vs: number, ve: number): string | null | undefined {
  const c = s.charCodeAt(vs);
  if (c === QUOTE) {
    const v = stringValue(s, vs, ve);
    if (v === null) return undefined;
    return v === '' ? null : v.slice(0, MAX_PROPERTY_TEXT);
  }
  if (c === 45 || (c >= 48 && c <= 57)) {
    const n = Number(s.slice(vs, ve));
    return Number.isFinite(n) ? String(n) : undefined;
  }
  if (c === 116 || c === 102) {
    const text = s.slice(vs, ve);
    return text === 'true' || text === 'false' ? text : undefined;
  }
  return null;
}

/**
 * The listed names' values among the members of the object at `start` (as propertyText would give
 * them after JSON.parse; a later duplicate key wins, as there), or undefined when the walker cannot
 * follow the object (the caller then lets JSON.parse decide).
 */
function pickScalars(s: string, start: number, picker: BreakdownPicker): Array<string | null> | null | undefined {
  if (s.charCodeAt(start) !== 123) return null;
  let out: Array<string | null> | null = null;
  let j = skipWs(s, start + 1);
  if (s.charCodeAt(j) === 125) return null;
  for (;;) {
    if (s.charCodeAt(j) !== QUOTE) return undefined;
    const ke = stringEnd(s, j);
    if (ke < 0) return undefined;
    const rawKey = s.slice(j + 1, ke - 1);
    const key = rawKey.indexOf('\\') === -1 ? rawKey : stringValue(s, j, ke);
    if (key === null) return undefined;
    j = skipWs(s, ke);
    if (s.charCodeAt(j) !== 58) return undefined;
    const vs = skipWs(s, j + 1);
    const ve = valueEnd(s, vs);
    if (ve < 0) return undefined;
    const at = picker.index.get(key);
    if (at !== undefined) {
      const text = propertyScalar(s, vs, ve);
      if (text === undefined) return undefined;
      out ??= new Array<string | null>(picker.names.length).fill(null);
      out[at] = text;
    }
    j = skipWs(s, ve);
    const d = s.charCodeAt(j);
    if (d === 125) return out;
    if (d !== 44) return undefined;
    j = skipWs(s, j + 1);
  }
}

/** Text of an id field: strings as they are, integers as written (no float rounding), else null. */
function idText(v: Scalar): string | null {
  if (v.t === 'string') return v.v.length > 0 ? v.v : null;
  if (v.t === 'number') {
    if (/^-?\d+$/.test(v.v)) return v.v;
    const n = Number(v.v);
    return Number.isFinite(n) ? String(n) : null;
  }
  return null;
}

function sessionOf(v: Scalar): number | null {
  if (v.t === 'number' || v.t === 'string') {
    const n = Number(v.v);
    return Number.isFinite(n) && n !== -1 && v.v !== '' ? n : null;
  }
  return null;
}

function accountValues(value: unknown): string[] {
  const list = Array.isArray(value) ? value : [value];
  const out: string[] = [];
  for (const item of list) {
    const text = typeof item === 'string' ? item : typeof item === 'number' && Number.isFinite(item) ? String(item) : null;
    if (text !== null && text.length > 0 && !out.includes(text)) out.push(text);
  }
  return out;
}

/** Lengths of the top-level keys we read (amplitude_id, user_id, device_id, event_time, ...). */
const WANTED_LENGTHS: Uint8Array = (() => {
  const lengths = new Uint8Array(64);
  for (const k of [
    'amplitude_id',
    'user_id',
    'device_id',
    'event_time',
    'event_type',
    'session_id',
    'uuid',
    '$insert_id',
    'groups',
    'user_properties',
    'group_properties',
  ]) {
    lengths[k.length] = 1;
  }
  return lengths;
})();

function fastParse(s: string, groupType: string, picker: BreakdownPicker | null): ParsedLine | null {
  let amplitudeId: Scalar = { t: 'null' };
  let userId: Scalar = { t: 'null' };
  let deviceId: Scalar = { t: 'null' };
  let eventTime: Scalar = { t: 'null' };
  let eventType: Scalar = { t: 'null' };
  let session: Scalar = { t: 'null' };
  let uuid: Scalar = { t: 'null' };
  let insertId: Scalar = { t: 'null' };
  let groups: [number, number] | null = null;
  let userProps: [number, number] | null = null;
  let groupProps: [number, number] | null = null;
  let eventProps: [number, number] | null = null;
  let topLevel: Array<string | null> | null = null;
  const escapes = s.indexOf('\\') !== -1;
  // The top-level object, walked inline (no callbacks: this loop runs for every key of every line).
  let j = skipWs(s, 0);
  if (s.charCodeAt(j) !== 123) return null;
  j = skipWs(s, j + 1);
  let end = -1;
  if (s.charCodeAt(j) === 125) end = j + 1;
  while (end < 0) {
    if (s.charCodeAt(j) !== QUOTE) return null;
    const ke = stringEnd(s, j);
    if (ke < 0) return null;
    // Without escapes in the line, only keys of a wanted length are materialised (most are skipped cheaply).
    let key = '';
    if (!escapes) {
      if (WANTED_LENGTHS[ke - j - 2] === 1 || picker?.lengths[ke - j - 2] === 1) key = s.slice(j + 1, ke - 1);
    } else {
      const decoded = stringValue(s, j, ke);
      if (decoded === null) return null;
      key = decoded;
    }
    j = skipWs(s, ke);
    if (s.charCodeAt(j) !== 58) return null;
    const vs = skipWs(s, j + 1);
    const ve = valueEnd(s, vs);
    if (ve < 0) return null;
    switch (key) {
      case 'amplitude_id':
        amplitudeId = scalar(s, vs, ve);
        break;
      case 'user_id':
        userId = scalar(s, vs, ve);
        break;
      case 'device_id':
        deviceId = scalar(s, vs, ve);
        break;
      case 'event_time':
        eventTime = scalar(s, vs, ve);
        break;
      case 'event_type':
        eventType = scalar(s, vs, ve);
        break;
      case 'session_id':
        session = scalar(s, vs, ve);
        break;
      case 'uuid':
        uuid = scalar(s, vs, ve);
        break;
      case '$insert_id':
        insertId = scalar(s, vs, ve);
        break;
      case 'groups':
        groups = [vs, ve];
        break;
      case 'user_properties':
        userProps = [vs, ve];
        break;
      case 'group_properties':
        groupProps = [vs, ve];
        break;
      case 'event_properties':
        eventProps = [vs, ve];
        break;
    }
    const listedAt = picker !== null && key !== '' ? picker.index.get(key) : undefined;
    if (picker !== null && listedAt !== undefined) {
      // A listed name at the top level (platform, country...): scalars only, as in the property objects.
      const text = propertyScalar(s, vs, ve);
      if (text === undefined) return null;
      topLevel ??= new Array<string | null>(picker.names.length).fill(null);
      topLevel[listedAt] = text;
    }
    j = skipWs(s, ve);
    const c = s.charCodeAt(j);
    if (c === 125) end = j + 1;
    else if (c !== 44) return null;
    else j = skipWs(s, j + 1);
  }
  if (end < 0 || skipWs(s, end) !== s.length) return null;

  let accounts: string[] = [];
  const g = groups as [number, number] | null;
  if (g && s.charCodeAt(g[0]) === 123) {
    const span = member(s, g[0], groupType);
    if (span) {
      const v = scalar(s, span[0], span[1]);
      if (v.t === 'string' || v.t === 'number') accounts = accountValues(v.t === 'number' ? Number(v.v) : v.v);
      else if (v.t === 'other') {
        try {
          accounts = accountValues(JSON.parse(s.slice(span[0], span[1])));
        } catch {
          return null;
        }
      }
    }
  }
  let email: string | null = null;
  const up = userProps as [number, number] | null;
  if (up && s.charCodeAt(up[0]) === 123) {
    const span = member(s, up[0], 'email');
    if (span) {
      const v = scalar(s, span[0], span[1]);
      if (v.t === 'string' && v.v.length > 0) email = v.v;
    }
  }
  let properties: Record<string, string> | null = null;
  if (picker !== null) {
    const ep = eventProps as [number, number] | null;
    const fromEvent = ep ? pickScalars(s, ep[0], picker) : null;
    const fromUser = up ? pickScalars(s, up[0], picker) : null;
    if (fromEvent === undefined || fromUser === undefined) return null;
    properties = mergeLevels(picker, [fromEvent, fromUser, topLevel]);
  }
  const gp = groupProps as [number, number] | null;
  const text = (v: Scalar): string | null => (v.t === 'string' ? v.v : null);
  return {
    properties,
    amplitudeId: idText(amplitudeId),
    userId: idText(userId),
    deviceId: idText(deviceId),
    eventTime: text(eventTime),
    eventType: text(eventType),
    sessionId: sessionOf(session),
    uuid: idText(uuid),
    insertId: idText(insertId),
    accounts,
    email,
    groupProperties(account) {
      if (!gp || s.charCodeAt(gp[0]) !== 123) return null;
      const byType = member(s, gp[0], groupType);
      if (!byType || s.charCodeAt(byType[0]) !== 123) return null;
      const props = member(s, byType[0], account);
      if (!props) return null;
      try {
        const value = JSON.parse(s.slice(props[0], props[1])) as unknown;
        return isRecord(value) ? value : null;
      } catch {
        return null;
      }
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Slow path: JSON.parse.

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function toScalar(v: unknown): Scalar {
  if (typeof v === 'string') return { t: 'string', v };
  if (typeof v === 'number' && Number.isFinite(v)) return { t: 'number', v: String(v) };
  if (v === null || v === undefined) return { t: 'null' };
  return { t: 'other' };
}

function levelOf(o: unknown, picker: BreakdownPicker): Array<string | null> | null {
  if (!isRecord(o)) return null;
  return picker.names.map((name) => propertyText(o[name]));
}

/** True for an integer JSON.parse could not represent exactly (its digits are then read by the walker). */
function lossyInteger(v: unknown): boolean {
  return typeof v === 'number' && Number.isInteger(v) && (!Number.isSafeInteger(v) || Object.is(v, -0));
}

/** Whether one of the id fields is a number whose written digits JSON.parse rounded. */
function hasLossyId(o: Record<string, unknown>): boolean {
  return (
    lossyInteger(o.amplitude_id) ||
    lossyInteger(o.user_id) ||
    lossyInteger(o.device_id) ||
    lossyInteger(o.uuid) ||
    lossyInteger(o.$insert_id)
  );
}

/** JSON.parse of the line; `lossy` when an id must be re-read by the walker to keep its digits. */
function slowParse(s: string, groupType: string, picker: BreakdownPicker | null): ParsedLine | string {
  const parsed = parseWhole(s, groupType, picker);
  return typeof parsed === 'string' ? parsed : parsed.line;
}

function parseWhole(s: string, groupType: string, picker: BreakdownPicker | null): { line: ParsedLine; lossy: boolean } | string {
  let value: unknown;
  try {
    value = JSON.parse(s);
  } catch {
    return 'a line is not valid JSON';
  }
  if (!isRecord(value)) return 'a line is not a JSON object';
  const o = value;
  const groups = isRecord(o.groups) ? o.groups[groupType] : undefined;
  const userProps = isRecord(o.user_properties) ? o.user_properties : null;
  const email = userProps && typeof userProps.email === 'string' && userProps.email.length > 0 ? userProps.email : null;
  const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
  const line: ParsedLine = {
    properties: picker
      ? mergeLevels(picker, [levelOf(o.event_properties, picker), levelOf(userProps, picker), levelOf(o, picker)])
      : null,
    amplitudeId: idText(toScalar(o.amplitude_id)),
    userId: idText(toScalar(o.user_id)),
    deviceId: idText(toScalar(o.device_id)),
    eventTime: str(o.event_time),
    eventType: str(o.event_type),
    sessionId: sessionOf(toScalar(o.session_id)),
    uuid: idText(toScalar(o.uuid)),
    insertId: idText(toScalar(o.$insert_id)),
    accounts: groups === undefined || groups === null ? [] : accountValues(groups),
    email,
    groupProperties(account) {
      const gp = isRecord(o.group_properties) ? o.group_properties[groupType] : undefined;
      const props = isRecord(gp) ? gp[account] : undefined;
      return isRecord(props) ? props : null;
    },
  };
  return { line, lossy: hasLossyId(o) };
}

// ---------------------------------------------------------------------------------------------

const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

/** Parses one line: JSON.parse first; the walker only when an id's digits must be kept as written. */
export function parseLine(line: string, groupType: string, picker: BreakdownPicker | null = null): ParsedLine | string {
  const whole = parseWhole(line, groupType, picker);
  if (typeof whole === 'string') return whole;
  return whole.lossy ? (fastParse(line, groupType, picker) ?? whole.line) : whole.line;
}

/** The field walker first, JSON.parse when it gives up (tests compare it with parseLineSlow). */
export function parseLineWalker(line: string, groupType: string, picker: BreakdownPicker | null = null): ParsedLine | string {
  return fastParse(line, groupType, picker) ?? slowParse(line, groupType, picker);
}

/** Only the JSON.parse path (tests compare both). */
export function parseLineSlow(line: string, groupType: string, picker: BreakdownPicker | null = null): ParsedLine | string {
  return slowParse(line, groupType, picker);
}

/** Canonical records of one parsed line: one per account value (none → one with accountId null). */
export function toCanonical(p: ParsedLine): CanonicalEvent[] | string {
  const userId = p.amplitudeId ?? p.userId ?? p.deviceId;
  if (userId === null) return 'an event has no amplitude_id, user_id or device_id';
  if (p.eventType === null || p.eventType.length === 0) return 'an event has no event_type';
  if (p.eventTime === null) return 'an event has no event_time';
  const ts = parseAmplitudeTime(p.eventTime);
  if (ts === null) return 'an event has an unreadable event_time';
  const readableUserId = p.userId !== null && EMAIL.test(p.userId) ? p.userId : p.email;
  const base = {
    userId,
    readableUserId,
    ts,
    name: p.eventType,
    sessionId: p.sessionId,
    insertId: p.uuid ?? p.insertId,
    ...(p.properties !== null ? { properties: p.properties } : {}),
  };
  if (p.accounts.length === 0) return [{ accountId: null, ...base }];
  return p.accounts.map((accountId) => ({ accountId, ...base }));
}

export function parseEventLine(line: string, groupType: string, picker: BreakdownPicker | null = null): LineResult {
  const parsed = parseLine(line, groupType, picker);
  if (typeof parsed === 'string') return { ok: false, reason: parsed };
  const events = toCanonical(parsed);
  if (typeof events === 'string') return { ok: false, reason: events };
  return { ok: true, events, line: parsed };
}

/** A VendorAccount from group properties (name/domain when present, the rest as properties). */
export function accountFromProperties(accountId: string, props: Record<string, unknown> | null): VendorAccount {
  const properties = props ?? {};
  const pick = (...keys: string[]): string | null => {
    for (const k of keys) {
      const v = properties[k];
      if (typeof v === 'string' && v.trim().length > 0) return v.trim();
    }
    return null;
  };
  return {
    accountId,
    name: pick('name', 'Name', 'company_name', 'account_name'),
    domain: pick('domain', 'Domain', 'website', 'company_domain'),
    properties,
  };
}
