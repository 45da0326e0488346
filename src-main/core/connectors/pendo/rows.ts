/**
 * Pendo rows → canonical records. Every function returns the record, or a plain reason (string) for
 * `sink.rejected`. Reasons name the field, never the row's values (they can hold emails, IPs).
 */

import { localDate } from '../../localTime';
import type { CanonicalBucket, CanonicalGuideEvent, CatalogItem, VendorAccount, VendorUser } from '../types';

export type BucketSource = 'events' | 'featureEvents' | 'pageEvents';

type Obj = Record<string, unknown>;

export function isObject(value: unknown): value is Obj {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Pendo ids are arbitrary strings (sometimes numbers on the wire); empty means absent. */
export function idOf(value: unknown): string | null {
  if (typeof value === 'string') return value.length > 0 ? value : null;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return null;
}

function count(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : null;
}

const KIND: Record<BucketSource, CanonicalBucket['kind']> = { events: 'activity', featureEvents: 'feature', pageEvents: 'page' };
const ITEM_FIELD: Record<BucketSource, string | null> = { events: null, featureEvents: 'featureId', pageEvents: 'pageId' };

export interface ParsedBucket {
  bucket: CanonicalBucket;
  /** The row's `day` (epoch ms of the subscription zone's local midnight). */
  dayMs: number;
}

/** One events/featureEvents/pageEvents row (per visitor, account, day, server, IP and user agent). */
export function parseBucketRow(row: unknown, source: BucketSource, timeZone: string): ParsedBucket | string {
  const what = `a Pendo ${source} row`;
  if (!isObject(row)) return `${what} is not a JSON object`;
  const userId = idOf(row.visitorId);
  if (userId === null) return `${what} has no visitorId`;
  const dayMs = row.day;
  if (typeof dayMs !== 'number' || !Number.isFinite(dayMs)) return `${what} has no numeric day`;
  // Beyond ±8.64e15 ms a Date is invalid and formatting it throws: one bad row must not stop the window.
  if (Math.abs(dayMs) > 8.64e15) return `${what} has a day out of range (${dayMs})`;
  const events = count(row.numEvents);
  if (events === null) return `${what} has no valid numEvents`;
  const minutes = row.numMinutes === undefined || row.numMinutes === null ? 0 : count(row.numMinutes);
  if (minutes === null) return `${what} has an invalid numMinutes`;
  const itemField = ITEM_FIELD[source];
  let itemId: string | null = null;
  if (itemField !== null) {
    itemId = idOf(row[itemField]);
    if (itemId === null) return `${what} has no ${itemField}`;
  }
  if (row.accountId !== undefined && row.accountId !== null && idOf(row.accountId) === null && row.accountId !== '') {
    return `${what} has an accountId that is not a string`;
  }
  return {
    dayMs,
    bucket: {
      accountId: idOf(row.accountId),
      userId,
      readableUserId: null,
      day: localDate(dayMs, timeZone),
      kind: KIND[source],
      itemId,
      events,
      minutes,
    },
  };
}

/** One guideEvents row (one raw guide event). */
export function parseGuideRow(row: unknown): CanonicalGuideEvent | string {
  const what = 'a Pendo guideEvents row';
  if (!isObject(row)) return `${what} is not a JSON object`;
  const type = typeof row.type === 'string' && row.type.length > 0 ? row.type : null;
  if (type === null) return `${what} has no type`;
  const guideId = idOf(row.guideId);
  if (guideId === null) return `${what} has no guideId`;
  const userId = idOf(row.visitorId);
  if (userId === null) return `${what} has no visitorId`;
  const ts = row.browserTime;
  if (typeof ts !== 'number' || !Number.isFinite(ts) || ts <= 0) return `${what} has no numeric browserTime`;
  if (ts > 8.64e15) return `${what} has a browserTime out of range (${ts})`;
  if (row.guideStepId !== undefined && row.guideStepId !== null && typeof row.guideStepId !== 'string') {
    return `${what} has a guideStepId that is not a string`;
  }
  return { accountId: idOf(row.accountId), userId, ts, guideId, stepId: idOf(row.guideStepId), type };
}

function group(metadata: unknown, name: string): Obj {
  if (!isObject(metadata)) return {};
  const g = metadata[name];
  return isObject(g) ? g : {};
}

function text(...values: unknown[]): string | null {
  for (const v of values) if (typeof v === 'string' && v.trim().length > 0) return v.trim();
  return null;
}

/** Metadata groups flattened to "group.field" (agent.name, auto.lastvisit, custom.tier, salesforce.x...). */
function flattenMetadata(metadata: unknown, top: Obj, skip: string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(top)) if (k !== 'metadata' && !skip.includes(k)) out[k] = v;
  if (isObject(metadata)) {
    for (const [g, fields] of Object.entries(metadata)) {
      if (isObject(fields)) for (const [k, v] of Object.entries(fields)) out[`${g}.${k}`] = v;
      else out[g] = fields;
    }
  }
  return out;
}

/**
 * An `accounts` source row. Metadata keys are lowercase; the name and domain are looked up in agent,
 * then custom, then salesforce metadata, then top-level fields (rows after a `select`).
 */
export function parseAccountRow(row: unknown): VendorAccount | string {
  if (!isObject(row)) return 'a Pendo account row is not a JSON object';
  const accountId = idOf(row.accountId);
  if (accountId === null) return 'a Pendo account row has no accountId';
  const m = row.metadata;
  const [agent, custom, sf] = [group(m, 'agent'), group(m, 'custom'), group(m, 'salesforce')];
  return {
    accountId,
    name: text(agent.name, custom.name, sf.name, row.name),
    domain: text(agent.domain, custom.domain, sf.domain, agent.website, custom.website, sf.website, row.domain),
    properties: flattenMetadata(m, row, ['accountId']),
  };
}

/** A `visitors` source row. */
export function parseVisitorRow(row: unknown): VendorUser | string {
  if (!isObject(row)) return 'a Pendo visitor row is not a JSON object';
  const userId = idOf(row.visitorId);
  if (userId === null) return 'a Pendo visitor row has no visitorId';
  const m = row.metadata;
  const [agent, auto, sf, custom] = [group(m, 'agent'), group(m, 'auto'), group(m, 'salesforce'), group(m, 'custom')];
  const ids = Array.isArray(auto.accountids) ? auto.accountids.map(idOf).filter((v): v is string => v !== null) : [];
  const single = idOf(auto.accountid) ?? idOf(row.accountId);
  if (ids.length === 0 && single !== null) ids.push(single);
  return {
    userId,
    readableUserId: text(agent.email, custom.email, sf.email),
    accountIds: [...new Set(ids)],
    properties: flattenMetadata(m, row, ['visitorId']),
  };
}

/** A feature/page/guide object from GET /api/v1/{feature,page,guide}; null when it has no id. */
export function parseCatalogItem(kind: 'feature' | 'page' | 'guide', raw: unknown): CatalogItem | null {
  if (!isObject(raw)) return null;
  const itemId = idOf(raw.id);
  if (itemId === null) return null;
  const g = raw.group;
  const groupName = isObject(g) ? text(g.name) : text(g);
  const details: Record<string, unknown> = {};
  for (const key of [
    'appId',
    'kind',
    'createdAt',
    'lastUpdatedAt',
    'pageId',
    'appWide',
    'state',
    'launchMethod',
    'isMultiStep',
    'publishedAt',
  ]) {
    if (raw[key] !== undefined) details[key] = raw[key];
  }
  if (kind === 'guide') {
    const steps = Array.isArray(raw.steps) ? raw.steps.filter(isObject) : [];
    const ordered = steps
      .map((s, index) => ({ s, index, rank: typeof s.rank === 'number' ? s.rank : Number.POSITIVE_INFINITY }))
      .sort((a, b) => a.rank - b.rank || a.index - b.index)
      .map(({ s }) => s);
    details.stepIds = ordered.map((s) => idOf(s.id)).filter((v): v is string => v !== null);
    details.steps = ordered.map((s) => ({
      id: idOf(s.id),
      name: text(s.name),
      pageId: idOf(s.pageId),
      pollIds: Array.isArray(s.pollIds) ? s.pollIds : [],
    }));
  }
  return { kind, itemId, name: text(raw.name) ?? itemId, group: groupName, isCore: raw.isCoreEvent === true, details };
}
