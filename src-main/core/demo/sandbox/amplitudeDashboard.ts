/**
 * Amplitude Dashboard REST (/api/2/users, /events/segmentation, /funnels, /retention) and Behavioral
 * Cohorts (/api/3/cohorts, /api/5/cohorts/...) computed from the portfolio. Project time zone: UTC.
 */
import { DEMO_FEATURES, FUNNEL_STEPS } from '../portfolio/catalogue';
import { accountDayEvents, type DemoEvent, KIND_FEATURE, KIND_FUNNEL, KIND_GUIDE, KIND_PAGE } from '../portfolio/events';
import type { Portfolio } from '../portfolio/model';
import { DAY_MS, parseYmd, ymd } from '../portfolio/timeline';
import type { Exchange } from './exchange';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

export function amplitudeEventType(ev: DemoEvent): string {
  if (ev.kind === KIND_PAGE) return '[Amplitude] Page Viewed';
  if (ev.kind === KIND_FEATURE) return DEMO_FEATURES[ev.ref]?.eventName ?? '';
  if (ev.kind === KIND_FUNNEL) return FUNNEL_STEPS[ev.ref] ?? '';
  return '';
}

export function dashboardError(details: string, message = 'Invalid chart definition'): unknown {
  return { error: { http_code: 400, type: 'invalid', message, metadata: { details } } };
}

function formatLabel(ms: number): string {
  const d = new Date(ms);
  return `${MONTHS[d.getUTCMonth()]} ${d.getUTCDate()}`;
}

/** Visible dashboard events (charts do not lag): Amplitude accounts, arrived by now, days [d0, d1]. */
function scan(p: Portfolio, d0: number, d1: number, fn: (ev: DemoEvent, day: number) => void): void {
  const lo = Math.max(0, d0);
  const hi = Math.min(p.todayIndex, d1);
  for (const c of p.customers) {
    if (c.vendorIds.amplitude === undefined) continue;
    for (let d = lo; d <= hi; d++) {
      for (const ev of accountDayEvents(p, c.index, d)) {
        if (ev.kind === KIND_GUIDE || ev.upload > p.now) continue;
        fn(ev, d);
      }
    }
  }
}

interface EventDef {
  event_type: string;
}

function parseEventDef(raw: string | null): EventDef | null {
  if (!raw) return null;
  try {
    const v = JSON.parse(raw) as unknown;
    if (v && typeof v === 'object' && typeof (v as EventDef).event_type === 'string') {
      const t = (v as EventDef).event_type;
      return { event_type: t.startsWith('ce:') ? t.slice(3) : t };
    }
  } catch {
    return null;
  }
  return null;
}

function matches(def: EventDef, ev: DemoEvent): boolean {
  if (def.event_type === '_active' || def.event_type === '_all') return true;
  return amplitudeEventType(ev) === def.event_type;
}

interface Range {
  d0: number;
  d1: number;
}

function parseRange(ex: Exchange, p: Portfolio): Range | string {
  const s = parseYmd(ex.query('start') ?? '');
  const e = parseYmd(ex.query('end') ?? '');
  if (s === null || e === null) return 'start and end must be YYYYMMDD';
  if (e < s) return 'end must not be before start';
  return { d0: Math.round((s - p.startMs) / DAY_MS), d1: Math.round((e - p.startMs) / DAY_MS) };
}

/** Bucket starts (day indices) for interval i = 1 (day), 7 (week, Monday), 30 (month). */
function buckets(p: Portfolio, r: Range, i: number): number[] {
  const out: number[] = [];
  for (let d = r.d0; d <= r.d1; d++) {
    const ms = p.startMs + d * DAY_MS;
    const date = new Date(ms);
    const isStart = i === 7 ? (date.getUTCDay() + 6) % 7 === 0 : i === 30 ? date.getUTCDate() === 1 : true;
    if (d === r.d0 || isStart) out.push(d);
  }
  return out;
}

function bucketIndex(starts: number[], d: number): number {
  let k = -1;
  for (let j = 0; j < starts.length; j++) if ((starts[j] ?? 0) <= d) k = j;
  return k;
}

function intervalOf(ex: Exchange): number {
  const i = Number(ex.query('i') ?? '1');
  return i === 7 || i === 30 ? i : 1;
}

export async function serveUsers(ex: Exchange, p: Portfolio): Promise<void> {
  const r = parseRange(ex, p);
  if (typeof r === 'string') return ex.json(400, dashboardError(r));
  const mode = ex.query('m') ?? 'active';
  if (mode !== 'active' && mode !== 'new') return ex.json(400, dashboardError(`Invalid metric ${mode}`));
  const starts = buckets(p, r, intervalOf(ex));
  const sets = starts.map(() => new Set<number>());
  if (mode === 'active') {
    scan(p, r.d0, r.d1, (ev, d) => sets[bucketIndex(starts, d)]?.add(ev.person));
  } else {
    for (const pe of p.people) {
      const c = p.customers[pe.account];
      if (!c?.vendorIds.amplitude || pe.joinDay < r.d0 || pe.joinDay > r.d1 || pe.joinDay > p.todayIndex) continue;
      if ((pe.funnel[0] ?? 0) > p.now) continue;
      sets[bucketIndex(starts, pe.joinDay)]?.add(pe.index);
    }
  }
  const series = [sets.map((s) => s.size)];
  await ex.json(200, {
    data: {
      series,
      seriesMeta: ['(none)'],
      seriesLabels: ['(none)'],
      xValues: starts.map((d) => ymd(p.startMs + d * DAY_MS)),
    },
  });
}

export async function serveSegmentation(ex: Exchange, p: Portfolio): Promise<void> {
  const r = parseRange(ex, p);
  if (typeof r === 'string') return ex.json(400, dashboardError(r));
  const def = parseEventDef(ex.query('e'));
  if (!def) return ex.json(400, dashboardError('Invalid event definition e'));
  const m = ex.query('m') ?? 'uniques';
  if (m !== 'uniques' && m !== 'totals') return ex.json(400, dashboardError(`Unsupported metric ${m}`));
  const starts = buckets(p, r, intervalOf(ex));
  const totals = starts.map(() => 0);
  const uniques = starts.map(() => new Set<number>());
  const all = new Set<number>();
  let total = 0;
  scan(p, r.d0, r.d1, (ev, d) => {
    if (!matches(def, ev)) return;
    const k = bucketIndex(starts, d);
    totals[k] = (totals[k] ?? 0) + 1;
    uniques[k]?.add(ev.person);
    all.add(ev.person);
    total++;
  });
  const series = m === 'totals' ? totals : uniques.map((s) => s.size);
  await ex.json(200, {
    data: {
      series: [series],
      seriesLabels: [0],
      seriesCollapsed: [[{ setId: '', value: m === 'totals' ? total : all.size }]],
      xValues: starts.map((d) => ymd(p.startMs + d * DAY_MS)),
    },
  });
}

function median(xs: number[]): number {
  if (xs.length === 0) return 0;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? 0;
}

function avg(xs: number[]): number {
  return xs.length ? Math.round(xs.reduce((a, b) => a + b, 0) / xs.length) : 0;
}

export async function serveFunnels(ex: Exchange, p: Portfolio): Promise<void> {
  const r = parseRange(ex, p);
  if (typeof r === 'string') return ex.json(400, dashboardError(r));
  const defs = ex.url.searchParams.getAll('e').map(parseEventDef);
  if (defs.length < 2 || defs.some((d) => d === null))
    return ex.json(400, dashboardError('A funnel needs at least two valid e parameters'));
  const steps = defs as EventDef[];
  const cs = Number(ex.query('cs') ?? 2_592_000) * 1000;
  const extraDays = Math.ceil(cs / DAY_MS);
  // per person: sorted (time, step-matches) of relevant events
  const perPerson = new Map<number, { t: number; d: number; ev: DemoEvent }[]>();
  scan(p, r.d0, r.d1 + extraDays, (ev, d) => {
    if (!steps.some((s) => matches(s, ev))) return;
    let list = perPerson.get(ev.person);
    if (!list) {
      list = [];
      perPerson.set(ev.person, list);
    }
    list.push({ t: ev.t, d, ev });
  });
  const days: number[] = [];
  for (let d = r.d0; d <= r.d1; d++) days.push(d);
  const reached = steps.map(() => 0);
  const dayReached = days.map(() => steps.map(() => 0));
  const trans: number[][] = steps.map(() => []);
  const dayTrans: number[][][] = days.map(() => steps.map(() => []));
  for (const list of perPerson.values()) {
    list.sort((a, b) => a.t - b.t);
    const first = list.find((x) => x.d >= r.d0 && x.d <= r.d1 && matches(steps[0] as EventDef, x.ev));
    if (!first) continue;
    const di = first.d - r.d0;
    let k = 1;
    let last = first.t;
    reached[0] = (reached[0] ?? 0) + 1;
    const dr = dayReached[di];
    if (dr) dr[0] = (dr[0] ?? 0) + 1;
    for (const x of list) {
      if (k >= steps.length) break;
      if (x.t <= last || x.t - first.t > cs) continue;
      if (!matches(steps[k] as EventDef, x.ev)) continue;
      reached[k] = (reached[k] ?? 0) + 1;
      if (dr) dr[k] = (dr[k] ?? 0) + 1;
      trans[k]?.push(x.t - last);
      dayTrans[di]?.[k]?.push(x.t - last);
      last = x.t;
      k++;
    }
  }
  const xValues = days.map((d) => ymd(p.startMs + d * DAY_MS));
  const formattedXValues = days.map((d) => formatLabel(p.startMs + d * DAY_MS));
  const top = reached[0] || 1;
  await ex.json(200, {
    data: [
      {
        meta: { segmentIndex: 0 },
        dayMedianTransTimes: { series: dayTrans.map((row) => row.map(median)), xValues, formattedXValues },
        dayAvgTransTimes: { series: dayTrans.map((row) => row.map(avg)), xValues, formattedXValues },
        stepByStep: reached.map((n, i) => (i === 0 ? 1.0 : n / (reached[i - 1] || 1))),
        medianTransTimes: trans.map(median),
        cumulative: reached.map((n) => n / top),
        cumulativeRaw: reached,
        avgTransTimes: trans.map(avg),
        dayFunnels: { series: dayReached, xValues, formattedXValues },
        events: steps.map((s) => s.event_type),
      },
    ],
  });
}

export async function serveRetention(ex: Exchange, p: Portfolio): Promise<void> {
  const r = parseRange(ex, p);
  if (typeof r === 'string') return ex.json(400, dashboardError(r));
  const se = parseEventDef(ex.query('se')) ?? { event_type: '_active' };
  const re = parseEventDef(ex.query('re')) ?? { event_type: '_active' };
  const horizon = Math.min(30, p.todayIndex - r.d0);
  const startSets = new Map<number, Set<number>>();
  const returnSets = new Map<number, Set<number>>();
  const get = (m: Map<number, Set<number>>, d: number): Set<number> => {
    let s = m.get(d);
    if (!s) {
      s = new Set();
      m.set(d, s);
    }
    return s;
  };
  if (se.event_type === '_new') {
    for (const pe of p.people) {
      if (!p.customers[pe.account]?.vendorIds.amplitude) continue;
      if (pe.joinDay >= r.d0 && pe.joinDay <= r.d1 && (pe.funnel[0] ?? 0) <= p.now) get(startSets, pe.joinDay).add(pe.index);
    }
  }
  scan(p, r.d0, Math.min(p.todayIndex, r.d1 + horizon), (ev, d) => {
    if (se.event_type !== '_new' && d <= r.d1 && matches(se, ev)) get(startSets, d).add(ev.person);
    if (matches(re, ev)) get(returnSets, d).add(ev.person);
  });
  const dates: string[] = [];
  const values: Record<string, { count: number; outof: number; incomplete: boolean }[]> = {};
  const combined: { count: number; outof: number; retainedSetId: string; incomplete: boolean }[] = [];
  for (let d = r.d1; d >= r.d0; d--) {
    const label = formatLabel(p.startMs + d * DAY_MS);
    const cohort = startSets.get(d) ?? new Set<number>();
    dates.push(label);
    const row = [{ count: cohort.size, outof: cohort.size, incomplete: false }];
    for (let n = 0; n <= horizon; n++) {
      const day = d + n;
      const incomplete = day >= p.todayIndex;
      let count = 0;
      if (day <= p.todayIndex) for (const u of cohort) if (returnSets.get(day)?.has(u)) count++;
      row.push({ count, outof: cohort.size, incomplete });
      const ci = n + 1;
      const cur = combined[ci] ?? { count: 0, outof: 0, retainedSetId: `retained-${ci}`, incomplete: false };
      if (day <= p.todayIndex) {
        cur.count += count;
        cur.outof += cohort.size;
      }
      cur.incomplete = cur.incomplete || incomplete;
      combined[ci] = cur;
    }
    values[label] = row;
    const c0 = combined[0] ?? { count: 0, outof: 0, retainedSetId: 'retained-0', incomplete: false };
    c0.count += cohort.size;
    c0.outof += cohort.size;
    combined[0] = c0;
  }
  await ex.json(200, { data: { series: [{ dates, values, combined }], seriesMeta: [{ segmentIndex: 0, eventIndex: 0 }] } });
}

// ---------------------------------------------------------------- cohorts

export interface DemoCohort {
  id: string;
  name: string;
  description: string;
  members: () => number[];
}

export function amplitudeCohorts(p: Portfolio): DemoCohort[] {
  const inAmp = (i: number): boolean => p.customers[p.people[i]?.account ?? -1]?.vendorIds.amplitude !== undefined;
  const people = p.people.filter((pe) => inAmp(pe.index));
  return [
    {
      id: 'coh_power01',
      name: 'Power users',
      description: 'People who use the product almost every working day',
      members: () => people.filter((pe) => pe.kind === 'power').map((pe) => pe.index),
    },
    {
      id: 'coh_dorm02',
      name: 'Dormant users',
      description: 'Seats that are rarely used',
      members: () => people.filter((pe) => pe.kind === 'dormant').map((pe) => pe.index),
    },
    {
      id: 'coh_new003',
      name: 'Signed up in the demo window',
      description: 'Signed Up within the history',
      members: () => people.filter((pe) => pe.joinDay >= 0 && pe.joinDay <= p.todayIndex).map((pe) => pe.index),
    },
  ];
}

export function cohortListBody(p: Portfolio, projectId: number): unknown {
  const secs = Math.floor(p.now / 1000);
  return {
    cohorts: amplitudeCohorts(p).map((c, i) => ({
      appId: projectId,
      archived: false,
      definition: {
        version: 3,
        countGroup: { name: 'User', is_computed: false },
        cohortType: 'UNIQUES',
        andClauses: [],
        referenceFrameTimeParams: {},
      },
      description: c.description,
      finished: true,
      id: c.id,
      name: c.name,
      owners: ['csm.demo@pulsedemo.example'],
      viewers: [],
      published: true,
      size: c.members().length,
      type: 'redshift',
      lastMod: secs - 86_400 * (i + 1),
      createdAt: secs - 86_400 * (30 + i),
      lastComputed: secs - 3_600 * (i + 1),
      hidden: false,
      metadata: null,
      view_count: null,
      popularity: null,
      last_viewed: null,
      chart_id: null,
      edit_id: null,
      is_predictive: false,
      is_official_content: false,
      location_id: null,
      shortcut_ids: [],
    })),
  };
}

function csvCell(v: string | number): string {
  const s = String(v);
  return /[",\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

export function cohortCsv(p: Portfolio, cohort: DemoCohort, props: boolean): string {
  const head = props ? ['amplitude_id', 'user_id', 'role', 'company', 'email'] : ['amplitude_id', 'user_id'];
  const rows = [head.join(',')];
  for (const i of cohort.members()) {
    const pe = p.people[i];
    if (!pe) continue;
    const base: (string | number)[] = [pe.amplitudeId, pe.amplitudeUserId];
    if (props) base.push(pe.role, p.customers[pe.account]?.name ?? '', pe.email);
    rows.push(base.map(csvCell).join(','));
  }
  return `${rows.join('\n')}\n`;
}
