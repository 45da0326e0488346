/**
 * The Pendo aggregation pipeline interpreter. Time-series sources are bucketed at the subscription time
 * zone's local midnights (dayRange) or hours (hourRange), DST-correct. Operators run over the whole
 * result (all periods together), which keeps tap-pendo-style keyset paging (sort + filter + limit) exact.
 */
import { DEMO_GUIDES, DEMO_PAGES } from '../portfolio/catalogue';
import { accountDayEvents, type DemoEvent, KIND_FEATURE, KIND_GUIDE, KIND_PAGE } from '../portfolio/events';
import type { Portfolio } from '../portfolio/model';
import { addLocalDays, DAY_MS, HOUR_MS, localDayStart, localHourStart } from '../portfolio/timeline';
import { PENDO_APP_ID, PENDO_SERVER, pendoAccounts, pendoFeatures, pendoGuides, pendoPages, pendoVisitors } from './pendoCatalog';
import { compileExpression, getPath, type Row } from './pendoExpression';

export class PipelineError extends Error {}

const GUIDE_TYPES = ['guideSeen', 'guideAdvanced', 'guideDismissed'];

interface Periods {
  kind: 'day' | 'hour';
  starts: number[];
  /** Exclusive end of the last period. */
  end: number;
}

function evalTime(v: unknown, now: number): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'string') {
    const r = compileExpression(v, () => now)({});
    if (typeof r === 'number' && Number.isFinite(r)) return r;
  }
  throw new PipelineError(`invalid timeSeries time ${JSON.stringify(v)}`);
}

export function expandTimeSeries(ts: unknown, now: number, tz: string): Periods {
  if (!ts || typeof ts !== 'object') throw new PipelineError('timeSeries is required for this source');
  const t = ts as { period?: unknown; first?: unknown; count?: unknown; last?: unknown };
  const kind = t.period === 'hourRange' ? 'hour' : t.period === 'dayRange' ? 'day' : null;
  if (!kind) throw new PipelineError(`unsupported timeSeries period ${String(t.period)}`);
  const snap = (ms: number): number => (kind === 'day' ? localDayStart(ms, tz) : localHourStart(ms, tz));
  const step = (start: number, n: number): number => (kind === 'day' ? addLocalDays(start, n, tz) : start + n * HOUR_MS);
  const first = snap(evalTime(t.first, now));
  const starts: number[] = [];
  if (t.count !== undefined && t.count !== null) {
    const count = Number(t.count);
    if (!Number.isInteger(count) || count === 0) throw new PipelineError('timeSeries count must be a non-zero integer');
    if (count > 0) for (let i = 0; i < count; i++) starts.push(step(first, i));
    else for (let i = count; i < 0; i++) starts.push(step(first, i));
  } else if (t.last !== undefined) {
    const last = evalTime(t.last, now);
    for (let s = first; s < last && starts.length < 24 * 800; s = step(s, 1)) starts.push(s);
  } else {
    throw new PipelineError('timeSeries needs count or last');
  }
  const lastStart = starts[starts.length - 1] ?? first;
  return { kind, starts, end: step(lastStart, 1) };
}

function periodIndex(starts: number[], t: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  let ans = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if ((starts[mid] ?? 0) <= t) {
      ans = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return ans;
}

function scanPendo(p: Portfolio, periods: Periods, fn: (ev: DemoEvent, period: number, accountId: string) => void): void {
  const from = periods.starts[0] ?? 0;
  const d0 = Math.floor((from - p.startMs) / DAY_MS);
  const d1 = Math.floor((periods.end - 1 - p.startMs) / DAY_MS);
  for (const c of p.customers) {
    const accountId = c.vendorIds.pendo;
    if (accountId === undefined) continue;
    for (let d = Math.max(0, d0); d <= Math.min(p.todayIndex, d1); d++) {
      for (const ev of accountDayEvents(p, c.index, d)) {
        if (ev.upload > p.now || ev.t < from || ev.t >= periods.end) continue;
        const k = periodIndex(periods.starts, ev.t);
        if (k >= 0) fn(ev, k, accountId);
      }
    }
  }
}

function aggregatedRows(p: Portfolio, periods: Periods, source: string, params: Record<string, unknown>): Row[] {
  const wantKind = source === 'featureEvents' ? KIND_FEATURE : source === 'pageEvents' ? KIND_PAGE : -1;
  const featureFilter = typeof params.featureId === 'string' ? params.featureId : null;
  const pageFilter = typeof params.pageId === 'string' ? params.pageId : null;
  const groups = new Map<string, { row: Row; minutes: Set<number> }>();
  scanPendo(p, periods, (ev, k, accountId) => {
    if (ev.kind === KIND_GUIDE) return;
    if (wantKind >= 0 && ev.kind !== wantKind) return;
    let refId: string | undefined;
    if (wantKind === KIND_FEATURE) {
      refId = p.catalog.pendoFeatureIds[ev.ref];
      if (featureFilter && refId !== featureFilter) return;
    } else if (wantKind === KIND_PAGE) {
      refId = p.catalog.pendoPageIds[ev.ref];
      if (pageFilter && refId !== pageFilter) return;
    }
    const pe = p.people[ev.person];
    if (!pe) return;
    const key = `${k}\u0000${pe.pendoVisitorId}\u0000${accountId}\u0000${refId ?? ''}`;
    let g = groups.get(key);
    if (!g) {
      const row: Row = { accountId, appId: PENDO_APP_ID, [periods.kind]: periods.starts[k] };
      if (wantKind === KIND_FEATURE) row.featureId = refId;
      row.numEvents = 0;
      row.numMinutes = 0;
      if (wantKind === KIND_PAGE) row.pageId = refId;
      row.remoteIp = pe.ip;
      row.server = PENDO_SERVER;
      row.userAgent = pe.platform.userAgent;
      row.visitorId = pe.pendoVisitorId;
      g = { row, minutes: new Set() };
      groups.set(key, g);
    }
    g.row.numEvents = (g.row.numEvents as number) + 1;
    g.minutes.add(Math.floor(ev.t / 60_000));
  });
  const rows: Row[] = [];
  for (const g of groups.values()) {
    g.row.numMinutes = g.minutes.size;
    rows.push(g.row);
  }
  return rows;
}

function guideRows(p: Portfolio, periods: Periods, params: Record<string, unknown>): Row[] {
  const guideFilter = typeof params.guideId === 'string' ? params.guideId : null;
  const stepFilter = typeof params.guideStepId === 'string' ? params.guideStepId : null;
  const rows: Row[] = [];
  scanPendo(p, periods, (ev, _k, accountId) => {
    if (ev.kind !== KIND_GUIDE) return;
    const guideId = p.catalog.pendoGuideIds[ev.ref] ?? '';
    const stepId = p.catalog.pendoGuideStepIds[ev.ref]?.[ev.step] ?? '';
    if (guideFilter && guideId !== guideFilter) return;
    if (stepFilter && stepId !== stepFilter) return;
    const pe = p.people[ev.person];
    const c = p.customers[ev.account];
    if (!pe || !c) return;
    const ids = [accountId];
    const other = pe.secondAccount >= 0 ? p.customers[pe.secondAccount]?.vendorIds.pendo : undefined;
    if (other && other !== accountId) ids.push(other);
    rows.push({
      accountId,
      accountIds: ids,
      appId: PENDO_APP_ID,
      browserTime: ev.t,
      country:
        c.region.country === 'United States'
          ? 'US'
          : c.region.country === 'United Kingdom'
            ? 'GB'
            : c.region.country === 'Germany'
              ? 'DE'
              : 'CA',
      guideId,
      guideStepId: stepId,
      latitude: c.region.lat,
      loadTime: 0,
      longitude: c.region.lng,
      region: c.region.region,
      remoteIp: pe.ip,
      serverName: PENDO_SERVER,
      type: GUIDE_TYPES[ev.guideType] ?? 'guideSeen',
      url: `https://${PENDO_SERVER}${DEMO_PAGES[DEMO_GUIDES[ev.ref]?.page ?? 0]?.path ?? '/'}`,
      userAgent: pe.platform.userAgent,
      visitorId: pe.pendoVisitorId,
    });
  });
  return rows;
}

function sourceRows(p: Portfolio, step: Record<string, unknown>, tz: string): Row[] {
  const src = step.source as Record<string, unknown>;
  const names = Object.keys(src).filter((k) => k !== 'timeSeries');
  const name = names[0];
  if (!name || names.length !== 1) throw new PipelineError('source must name exactly one source');
  const params = (src[name] ?? {}) as Record<string, unknown>;
  const appId = params.appId;
  if (appId !== undefined && appId !== null && typeof appId === 'number' && appId !== PENDO_APP_ID) return [];
  switch (name) {
    case 'events':
    case 'featureEvents':
    case 'pageEvents':
      return aggregatedRows(p, expandTimeSeries(src.timeSeries, p.now, tz), name, params);
    case 'guideEvents':
      return guideRows(p, expandTimeSeries(src.timeSeries, p.now, tz), params);
    case 'visitors':
      return pendoVisitors(p);
    case 'accounts':
      return pendoAccounts(p);
    case 'features':
      return pendoFeatures(p);
    case 'pages':
      return pendoPages(p);
    case 'guides':
      return pendoGuides(p);
    case 'trackEvents':
    case 'pollEvents':
      expandTimeSeries(src.timeSeries, p.now, tz);
      return [];
    case 'trackTypes':
      return [];
    default:
      throw new PipelineError(`unknown source ${name}`);
  }
}

type Agg = { op: string; field: string | null };

function parseAgg(spec: unknown): Agg {
  if (!spec || typeof spec !== 'object') throw new PipelineError('invalid aggregation');
  const [op, field] = Object.entries(spec as Record<string, unknown>)[0] ?? [];
  if (!op) throw new PipelineError('invalid aggregation');
  return { op, field: typeof field === 'string' ? field : null };
}

function fieldSpecs(fields: unknown): [string, Agg][] {
  if (Array.isArray(fields))
    return fields.flatMap((f) => Object.entries(f as Record<string, unknown>).map(([k, v]) => [k, parseAgg(v)] as [string, Agg]));
  if (fields && typeof fields === 'object')
    return Object.entries(fields as Record<string, unknown>).map(([k, v]) => [k, parseAgg(v)]);
  return [];
}

function aggregate(rows: Row[], agg: Agg): unknown {
  const vals = agg.field === null ? rows.map(() => 1) : rows.map((r) => getPath(r, agg.field as string));
  switch (agg.op) {
    case 'sum':
      return vals.reduce((a: number, v) => a + (typeof v === 'number' ? v : 0), 0);
    case 'count':
      return agg.field === null
        ? rows.length
        : new Set(vals.filter((v) => v !== null && v !== undefined).map((v) => JSON.stringify(v))).size;
    case 'min':
      return vals.reduce((a: number | null, v) => (typeof v === 'number' && (a === null || v < a) ? v : a), null);
    case 'max':
      return vals.reduce((a: number | null, v) => (typeof v === 'number' && (a === null || v > a) ? v : a), null);
    case 'avg': {
      const nums = vals.filter((v): v is number => typeof v === 'number');
      return nums.length ? nums.reduce((a, b) => a + b, 0) / nums.length : null;
    }
    case 'first':
      return vals[0] ?? null;
    case 'last':
      return vals[vals.length - 1] ?? null;
    case 'list':
      return vals;
    default:
      throw new PipelineError(`unsupported aggregator ${agg.op}`);
  }
}

function cmpValues(a: unknown, b: unknown): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (a === undefined || a === null) return b === undefined || b === null ? 0 : -1;
  if (b === undefined || b === null) return 1;
  const sa = String(a);
  const sb = String(b);
  return sa < sb ? -1 : sa > sb ? 1 : 0;
}

export function runPipeline(p: Portfolio, pipeline: unknown, tz: string): Row[] {
  if (!Array.isArray(pipeline) || pipeline.length === 0) throw new PipelineError('request.pipeline must be a non-empty array');
  const first = pipeline[0] as Record<string, unknown>;
  if (!first || typeof first !== 'object' || !first.source) throw new PipelineError('the first pipeline step must be a source');
  let rows = sourceRows(p, first, tz);
  const now = (): number => p.now;
  for (const raw of pipeline.slice(1)) {
    if (!raw || typeof raw !== 'object') throw new PipelineError('invalid pipeline step');
    const step = raw as Record<string, unknown>;
    const op = Object.keys(step)[0];
    const arg = op ? step[op] : undefined;
    switch (op) {
      case 'identified': {
        const f = String(arg ?? 'visitorId');
        const negate = f.startsWith('!');
        const field = negate ? f.slice(1) : f;
        rows = rows.filter((r) => {
          const v = String(getPath(r, field) ?? '');
          const anonymous = v === '' || v.startsWith('_PENDO_T_');
          return negate ? anonymous : !anonymous;
        });
        break;
      }
      case 'filter': {
        let fn: (r: Row) => unknown;
        try {
          fn = compileExpression(String(arg), now);
        } catch (e) {
          throw new PipelineError(`bad filter: ${(e as Error).message}`);
        }
        rows = rows.filter((r) => Boolean(fn(r)));
        break;
      }
      case 'select':
      case 'eval': {
        const specs = Object.entries((arg ?? {}) as Record<string, unknown>).map(([k, v]) => {
          try {
            return [k, compileExpression(String(v), now)] as const;
          } catch (e) {
            throw new PipelineError(`bad ${op}: ${(e as Error).message}`);
          }
        });
        rows = rows.map((r) => {
          const out: Row = op === 'eval' ? { ...r } : {};
          for (const [k, fn] of specs) out[k] = fn(r) ?? null;
          return out;
        });
        break;
      }
      case 'sort': {
        const keys = (Array.isArray(arg) ? arg : [arg])
          .map(String)
          .map((k) => (k.startsWith('-') ? { k: k.slice(1), dir: -1 } : { k, dir: 1 }));
        rows = [...rows].sort((a, b) => {
          for (const { k, dir } of keys) {
            const c = cmpValues(getPath(a, k), getPath(b, k));
            if (c !== 0) return c * dir;
          }
          return 0;
        });
        break;
      }
      case 'limit':
        rows = rows.slice(0, Math.max(0, Number(arg) || 0));
        break;
      case 'count':
        rows = [{ count: rows.length }];
        break;
      case 'group': {
        const g = (arg ?? {}) as { group?: unknown; fields?: unknown };
        const keys = (Array.isArray(g.group) ? g.group : []).map(String);
        const specs = fieldSpecs(g.fields);
        const buckets = new Map<string, Row[]>();
        for (const r of rows) {
          const k = JSON.stringify(keys.map((key) => getPath(r, key) ?? null));
          let b = buckets.get(k);
          if (!b) {
            b = [];
            buckets.set(k, b);
          }
          b.push(r);
        }
        rows = [...buckets.values()].map((b) => {
          const out: Row = {};
          const sample = b[0] ?? {};
          for (const key of keys) out[key] = getPath(sample, key) ?? null;
          for (const [name, agg] of specs) out[name] = aggregate(b, agg);
          return out;
        });
        break;
      }
      case 'reduce': {
        const specs = fieldSpecs(arg);
        const out: Row = {};
        for (const [name, agg] of specs) out[name] = aggregate(rows, agg);
        rows = [out];
        break;
      }
      default:
        throw new PipelineError(`unsupported pipeline operator ${String(op)}`);
    }
  }
  return rows;
}
