/** Mixpanel Query API endpoints (engage, funnels, cohorts, retention, segmentation, insights). */
import { FUNNEL_STEPS } from '../portfolio/catalogue';
import { accountDayEvents, type DemoEvent, KIND_GUIDE } from '../portfolio/events';
import type { DemoPerson, Portfolio } from '../portfolio/model';
import { personFirstSeen, personLastSeen } from '../portfolio/presence';
import { hashString } from '../portfolio/random';
import { DAY_MS, isoNoZone, parseYmd, spaceNoZone, ymd } from '../portfolio/timeline';
import type { Exchange } from './exchange';
import { mixpanelError, mixpanelEventName } from './mixpanelExport';

export interface MixpanelQueryConfig {
  projectId: number;
  /** data_group_id of the `company_id` group key (group profiles). */
  companyDataGroupId: string;
  /** Default and maximum engage page size. */
  engagePageSize: number;
}

/** Reads parameters from the query string and, for POST, from a form or JSON body. */
export async function mixpanelParams(ex: Exchange): Promise<URLSearchParams> {
  const params = new URLSearchParams(ex.url.searchParams);
  if (ex.method === 'POST') {
    const body = await ex.body();
    const type = ex.header('content-type') ?? '';
    if (type.includes('application/json')) {
      try {
        const v = JSON.parse(body) as Record<string, unknown>;
        for (const [k, val] of Object.entries(v)) params.set(k, typeof val === 'string' ? val : JSON.stringify(val));
      } catch {
        /* ignore */
      }
    } else if (body) {
      for (const [k, val] of new URLSearchParams(body)) params.set(k, val);
    }
  }
  return params;
}

function inMixpanel(p: Portfolio, pe: DemoPerson): string[] {
  const ids: string[] = [];
  const a = p.customers[pe.account]?.vendorIds.mixpanel;
  if (a) ids.push(a);
  const b = pe.secondAccount >= 0 ? p.customers[pe.secondAccount]?.vendorIds.mixpanel : undefined;
  if (b) ids.push(b);
  return ids;
}

export interface MixpanelCohort {
  id: number;
  name: string;
  description: string;
  members: (p: Portfolio) => DemoPerson[];
}

export const MIXPANEL_COHORTS: MixpanelCohort[] = [
  {
    id: 1000,
    name: 'Power users',
    description: 'Use the product almost every working day',
    members: (p) => p.people.filter((pe) => pe.kind === 'power' && inMixpanel(p, pe).length > 0),
  },
  {
    id: 2000,
    name: 'Dormant seats',
    description: 'Rarely active users',
    members: (p) => p.people.filter((pe) => pe.kind === 'dormant' && inMixpanel(p, pe).length > 0),
  },
  {
    id: 3000,
    name: 'Admins',
    description: 'Account admins',
    members: (p) => p.people.filter((pe) => pe.role === 'Admin' && inMixpanel(p, pe).length > 0),
  },
];

function userProfile(p: Portfolio, pe: DemoPerson): { $distinct_id: string; $properties: Record<string, unknown> } {
  const c = p.customers[pe.account];
  const created = personFirstSeen(p, pe);
  const lastSeen = personLastSeen(p, pe);
  return {
    $distinct_id: pe.mixpanelDistinctId,
    $properties: {
      $created: isoNoZone(created),
      $email: pe.email,
      $first_name: pe.firstName,
      $last_name: pe.lastName,
      $last_seen: isoNoZone(lastSeen),
      $city: c?.region.city ?? '',
      role: pe.role,
      company_id: inMixpanel(p, pe),
    },
  };
}

export async function serveEngage(ex: Exchange, p: Portfolio, cfg: MixpanelQueryConfig): Promise<void> {
  const params = await mixpanelParams(ex);
  const pageSize = Math.min(
    cfg.engagePageSize,
    Math.max(1, Number(params.get('page_size') ?? cfg.engagePageSize) || cfg.engagePageSize),
  );
  const page = Number(params.get('page') ?? '0');
  if (!Number.isInteger(page) || page < 0) return ex.json(400, mixpanelError(ex, 'page must be a non-negative integer'));
  const sessionParam = params.get('session_id');
  if (page > 0 && !sessionParam) return ex.json(400, mixpanelError(ex, 'session_id is required when page > 0'));
  let results: { $distinct_id: string; $properties: Record<string, unknown> }[];
  const group = params.get('data_group_id');
  if (group !== null && group !== '') {
    if (group !== cfg.companyDataGroupId) return ex.json(400, mixpanelError(ex, `Unknown data_group_id ${group}`));
    results = p.customers
      .filter((c) => c.vendorIds.mixpanel !== undefined)
      .map((c) => ({
        $distinct_id: c.vendorIds.mixpanel ?? '',
        $properties: {
          $group_key: 'company_id',
          $group_id: c.vendorIds.mixpanel ?? '',
          $name: c.name,
          domain: c.domain,
          arr: c.arr,
          plan: c.plan,
          segment: c.segment,
          csm: c.owner,
          renewal_date: c.renewalDate,
          $created: isoNoZone(p.startMs + Math.min(0, c.createdDay) * DAY_MS),
        },
      }));
  } else {
    let people = p.people.filter((pe) => inMixpanel(p, pe).length > 0 && pe.joinDay <= p.todayIndex);
    const cohortParam = params.get('filter_by_cohort');
    if (cohortParam) {
      let id: number | undefined;
      try {
        id = Number((JSON.parse(cohortParam) as { id?: unknown }).id);
      } catch {
        return ex.json(400, mixpanelError(ex, 'filter_by_cohort must be JSON like {"id": 123}'));
      }
      const cohort = MIXPANEL_COHORTS.find((c) => c.id === id);
      if (!cohort) return ex.json(400, mixpanelError(ex, `Unknown cohort ${id}`));
      const members = new Set(cohort.members(p).map((pe) => pe.index));
      people = people.filter((pe) => members.has(pe.index));
    }
    results = people.map((pe) => userProfile(p, pe));
  }
  const distinctId = params.get('distinct_id');
  const distinctIds = params.get('distinct_ids');
  if (distinctId) results = results.filter((r) => r.$distinct_id === distinctId);
  if (distinctIds) {
    try {
      const ids = new Set((JSON.parse(distinctIds) as unknown[]).map(String));
      results = results.filter((r) => ids.has(r.$distinct_id));
    } catch {
      return ex.json(400, mixpanelError(ex, 'distinct_ids must be a JSON array'));
    }
  }
  const where = params.get('where');
  if (where) {
    const m = /^\s*(?:user|properties)\["([^"]+)"\]\s*==\s*"([^"]*)"\s*$/.exec(where);
    if (m) results = results.filter((r) => String(r.$properties[m[1] ?? '']) === m[2]);
  }
  const outProps = params.get('output_properties');
  if (outProps) {
    try {
      const keep = new Set((JSON.parse(outProps) as unknown[]).map(String));
      results = results.map((r) => ({
        $distinct_id: r.$distinct_id,
        $properties: Object.fromEntries(Object.entries(r.$properties).filter(([k]) => keep.has(k))),
      }));
    } catch {
      return ex.json(400, mixpanelError(ex, 'output_properties must be a JSON array'));
    }
  }
  results.sort((a, b) => (a.$distinct_id < b.$distinct_id ? -1 : a.$distinct_id > b.$distinct_id ? 1 : 0));
  const keyParams = new URLSearchParams(params);
  keyParams.delete('page');
  keyParams.delete('session_id');
  keyParams.sort();
  const sessionId =
    sessionParam ??
    `${Math.floor(p.now / 1000)}-${(hashString(keyParams.toString()) >>> 0).toString(36).toUpperCase().padStart(7, '0').slice(0, 6)}`;
  await ex.json(200, {
    page,
    page_size: pageSize,
    results: results.slice(page * pageSize, (page + 1) * pageSize),
    session_id: sessionId,
    status: 'ok',
    total: results.length,
  });
}

function dayRange(ex: Exchange, p: Portfolio, params: URLSearchParams): { d0: number; d1: number } | string {
  const from = parseYmd(params.get('from_date') ?? '');
  const to = parseYmd(params.get('to_date') ?? '');
  if (from === null || to === null) return 'from_date and to_date are required (yyyy-mm-dd)';
  if (to > Math.floor(p.now / DAY_MS) * DAY_MS) return 'to_date cannot be later than today';
  if (from > to) return 'from_date cannot be later than to_date';
  void ex;
  return { d0: Math.round((from - p.startMs) / DAY_MS), d1: Math.round((to - p.startMs) / DAY_MS) };
}

function scanMixpanel(p: Portfolio, d0: number, d1: number, fn: (ev: DemoEvent, d: number, name: string) => void): void {
  for (const c of p.customers) {
    if (c.vendorIds.mixpanel === undefined) continue;
    for (let d = Math.max(0, d0); d <= Math.min(p.todayIndex, d1); d++) {
      for (const ev of accountDayEvents(p, c.index, d)) {
        if (ev.kind === KIND_GUIDE || ev.upload > p.now) continue;
        fn(ev, d, mixpanelEventName(ev));
      }
    }
  }
}

function bucketStart(p: Portfolio, d: number, unit: string): number {
  const date = new Date(p.startMs + d * DAY_MS);
  if (unit === 'week') return d - ((date.getUTCDay() + 6) % 7);
  if (unit === 'month') return d - (date.getUTCDate() - 1);
  return d;
}

export const MIXPANEL_FUNNELS = [
  { funnel_id: 7509001, name: 'Onboarding funnel', steps: [...FUNNEL_STEPS] },
  { funnel_id: 7509002, name: 'Report to export', steps: ['Report Viewed', 'Report Exported'] },
];

export async function serveFunnelsList(ex: Exchange): Promise<void> {
  await ex.json(
    200,
    MIXPANEL_FUNNELS.map((f) => ({ funnel_id: f.funnel_id, name: f.name })),
  );
}

export async function serveFunnel(ex: Exchange, p: Portfolio): Promise<void> {
  const params = await mixpanelParams(ex);
  const funnel = MIXPANEL_FUNNELS.find((f) => String(f.funnel_id) === params.get('funnel_id'));
  if (!funnel) return ex.json(400, mixpanelError(ex, 'funnel_id is required and must name an existing funnel'));
  const r = dayRange(ex, p, params);
  if (typeof r === 'string') return ex.json(400, mixpanelError(ex, r));
  const unit = params.get('unit') ?? 'day';
  const lengthDays = Math.max(1, Math.min(90, Number(params.get('length') ?? 14) || 14));
  const steps = funnel.steps;
  const perPerson = new Map<number, { t: number; d: number; k: number }[]>();
  scanMixpanel(p, r.d0, r.d1 + lengthDays, (ev, d, name) => {
    const k = steps.indexOf(name);
    if (k < 0) return;
    let l = perPerson.get(ev.person);
    if (!l) {
      l = [];
      perPerson.set(ev.person, l);
    }
    l.push({ t: ev.t, d, k });
  });
  const data: Record<string, unknown> = {};
  const dates: string[] = [];
  const stats = new Map<number, { counts: number[]; times: number[][]; fromStart: number[][] }>();
  for (let d = r.d0; d <= r.d1; d++) {
    const b = bucketStart(p, d, unit);
    if (!stats.has(b)) stats.set(b, { counts: steps.map(() => 0), times: steps.map(() => []), fromStart: steps.map(() => []) });
  }
  for (const l of perPerson.values()) {
    l.sort((a, b) => a.t - b.t);
    const first = l.find((x) => x.k === 0 && x.d >= r.d0 && x.d <= r.d1);
    if (!first) continue;
    const s = stats.get(bucketStart(p, first.d, unit));
    if (!s) continue;
    s.counts[0] = (s.counts[0] ?? 0) + 1;
    let k = 1;
    let last = first.t;
    for (const x of l) {
      if (k >= steps.length) break;
      if (x.t <= last || x.k !== k || x.t - first.t > lengthDays * DAY_MS) continue;
      s.counts[k] = (s.counts[k] ?? 0) + 1;
      s.times[k]?.push((x.t - last) / 1000);
      s.fromStart[k]?.push((x.t - first.t) / 1000);
      last = x.t;
      k++;
    }
  }
  const mean = (xs: number[] | undefined): number | null =>
    xs?.length ? Math.round(xs.reduce((a, b) => a + b, 0) / xs.length) : null;
  for (const [b, s] of [...stats].sort((a, b2) => a[0] - b2[0])) {
    const date = ymd(p.startMs + Math.max(b, r.d0) * DAY_MS);
    dates.push(date);
    const start = s.counts[0] ?? 0;
    let worst = 1;
    let worstRatio = 2;
    const stepRows = steps.map((name, i) => {
      const count = s.counts[i] ?? 0;
      const prev = i === 0 ? count : (s.counts[i - 1] ?? 0);
      const stepConv = i === 0 ? 1 : prev ? count / prev : 0;
      if (i > 0 && stepConv < worstRatio) {
        worstRatio = stepConv;
        worst = i;
      }
      return {
        count,
        avg_time: i === 0 ? null : mean(s.times[i]),
        avg_time_from_start: i === 0 ? null : mean(s.fromStart[i]),
        step_conv_ratio: stepConv,
        goal: name,
        overall_conv_ratio: i === 0 ? 1 : start ? count / start : 0,
        event: name,
      };
    });
    data[date] = {
      steps: stepRows,
      analysis: { completion: s.counts[steps.length - 1] ?? 0, starting_amount: start, steps: steps.length, worst },
    };
  }
  await ex.json(200, { meta: { dates }, data });
}

export async function serveCohortsList(ex: Exchange, p: Portfolio, cfg: MixpanelQueryConfig): Promise<void> {
  await ex.json(
    200,
    MIXPANEL_COHORTS.map((c, i) => ({
      count: c.members(p).length,
      is_visible: 1,
      description: c.description,
      created: spaceNoZone(p.startMs - (i + 3) * 7 * DAY_MS + 3_600_000 * (i + 9)),
      project_id: cfg.projectId,
      id: c.id,
      name: c.name,
      data_group_id: null,
    })),
  );
}

export async function serveRetention(ex: Exchange, p: Portfolio): Promise<void> {
  const params = await mixpanelParams(ex);
  const r = dayRange(ex, p, params);
  if (typeof r === 'string') return ex.json(400, mixpanelError(ex, r));
  const type = params.get('retention_type') ?? 'birth';
  const born = params.get('born_event');
  if (type === 'birth' && !born) return ex.json(400, mixpanelError(ex, 'born_event is required for birth retention'));
  const ret = params.get('event');
  const intervals = Math.max(1, Math.min(60, Number(params.get('interval_count') ?? 8) || 8));
  const births = new Map<number, Set<number>>();
  const returns = new Map<number, Set<number>>();
  const firstBirth = new Map<number, number>();
  scanMixpanel(p, r.d0, r.d1 + intervals, (ev, d, name) => {
    if (d <= r.d1 && (type !== 'birth' || name === born)) {
      if (type === 'birth') {
        const f = firstBirth.get(ev.person);
        if (f === undefined || d < f) firstBirth.set(ev.person, d);
      } else {
        let s = births.get(d);
        if (!s) {
          s = new Set();
          births.set(d, s);
        }
        s.add(ev.person);
      }
    }
    if (!ret || name === ret) {
      let s = returns.get(d);
      if (!s) {
        s = new Set();
        returns.set(d, s);
      }
      s.add(ev.person);
    }
  });
  for (const [person, d] of firstBirth) {
    if (d < r.d0) continue;
    let s = births.get(d);
    if (!s) {
      s = new Set();
      births.set(d, s);
    }
    s.add(person);
  }
  const out: Record<string, { counts: number[]; first: number }> = {};
  for (let d = r.d0; d <= r.d1; d++) {
    const cohort = births.get(d) ?? new Set<number>();
    const counts: number[] = [];
    for (let i = 0; i < intervals && d + i <= p.todayIndex; i++) {
      let n = 0;
      for (const u of cohort) if (returns.get(d + i)?.has(u)) n++;
      counts.push(n);
    }
    out[ymd(p.startMs + d * DAY_MS)] = { counts, first: cohort.size };
  }
  await ex.json(200, out);
}

export async function serveSegmentation(ex: Exchange, p: Portfolio): Promise<void> {
  const params = await mixpanelParams(ex);
  const event = params.get('event');
  if (!event) return ex.json(400, mixpanelError(ex, "'event' is a required parameter"));
  const r = dayRange(ex, p, params);
  if (typeof r === 'string') return ex.json(400, mixpanelError(ex, r));
  const unit = params.get('unit') ?? 'day';
  const unique = params.get('type') === 'unique';
  const counts = new Map<number, number>();
  const uniq = new Map<number, Set<number>>();
  for (let d = r.d0; d <= r.d1; d++) counts.set(bucketStart(p, d, unit), 0);
  scanMixpanel(p, r.d0, r.d1, (ev, d, name) => {
    if (name !== event) return;
    const b = bucketStart(p, d, unit);
    counts.set(b, (counts.get(b) ?? 0) + 1);
    let s = uniq.get(b);
    if (!s) {
      s = new Set();
      uniq.set(b, s);
    }
    s.add(ev.person);
  });
  const keys = [...counts.keys()].sort((a, b) => a - b);
  const series = keys.map((b) => ymd(p.startMs + Math.max(b, r.d0) * DAY_MS));
  const values: Record<string, number> = {};
  keys.forEach((b, i) => {
    values[series[i] ?? ''] = unique ? (uniq.get(b)?.size ?? 0) : (counts.get(b) ?? 0);
  });
  await ex.json(200, { data: { series, values: { [event]: values } }, legend_size: 1 });
}

export interface MixpanelBookmark {
  id: number;
  name: string;
  event: string;
  unit: 'day' | 'week';
  days: number;
  /** Group key the report breaks down by (one series per account), or null. */
  breakdown: 'company_id' | null;
}

export const MIXPANEL_BOOKMARKS: readonly MixpanelBookmark[] = [
  { id: 44001, name: 'Daily page views (14 days)', event: '$mp_web_page_view', unit: 'day', days: 14, breakdown: null },
  { id: 44002, name: 'Weekly reports exported (8 weeks)', event: 'Report Exported', unit: 'week', days: 56, breakdown: null },
  {
    id: 44003,
    name: 'Tasks created by company (30 days)',
    event: 'Task Created',
    unit: 'day',
    days: 30,
    breakdown: 'company_id',
  },
];

/**
 * Insights (saved report) by bookmark id. Without a breakdown, `series[event][date]`; with one,
 * `series[event]["$overall"|value][date]` and the breakdown property as a second header.
 */
export async function serveInsights(ex: Exchange, p: Portfolio): Promise<void> {
  const params = await mixpanelParams(ex);
  const bm = MIXPANEL_BOOKMARKS.find((b) => String(b.id) === params.get('bookmark_id'));
  if (!bm) return ex.json(400, mixpanelError(ex, 'bookmark_id is required and must name a saved report'));
  const d1 = p.todayIndex;
  const d0 = Math.max(0, d1 - bm.days + 1);
  const key = (d: number): string => `${ymd(p.startMs + d * DAY_MS)}T00:00:00+00:00`;
  const emptySeries = (): Record<string, number> => {
    const s: Record<string, number> = {};
    for (let d = d0; d <= d1; d++) s[key(Math.max(d0, bucketStart(p, d, bm.unit)))] = 0;
    return s;
  };
  const overall = emptySeries();
  const byValue = new Map<string, Record<string, number>>();
  scanMixpanel(p, d0, d1, (ev, d, name) => {
    if (name !== bm.event) return;
    const k = key(Math.max(d0, bucketStart(p, d, bm.unit)));
    overall[k] = (overall[k] ?? 0) + 1;
    if (bm.breakdown) {
      const value = p.customers[ev.account]?.vendorIds.mixpanel ?? 'undefined';
      let s = byValue.get(value);
      if (!s) {
        s = emptySeries();
        byValue.set(value, s);
      }
      s[k] = (s[k] ?? 0) + 1;
    }
  });
  const computed = new Date(p.now).toISOString().replace('Z', '000+00:00');
  const broken: Record<string, Record<string, number>> = { $overall: overall };
  for (const value of [...byValue.keys()].sort()) broken[value] = byValue.get(value) ?? {};
  await ex.json(200, {
    computed_at: computed,
    date_range: { from_date: key(d0), to_date: `${ymd(p.startMs + d1 * DAY_MS)}T23:59:59.999000+00:00` },
    headers: bm.breakdown ? ['$event', bm.breakdown] : ['$event'],
    series: { [bm.event]: bm.breakdown ? broken : overall },
  });
}
