/**
 * Ground truth for tests: exactly what each vendor's sandbox serves, counted from the same generator.
 *
 * What counts:
 * - Each underlying event once: the duplicate deliveries (same Amplitude uuid / Mixpanel $insert_id) are
 *   NOT counted, i.e. the numbers are after dedupe.
 * - Late events are included, bucketed by their EVENT time (not upload time), provided they have arrived
 *   by `now` (upload ≤ now; for Amplitude upload ≤ now − 2 h, the export's lag).
 * - Days: Amplitude and Mixpanel use UTC days ("YYYY-MM-DD"); Pendo uses local days in the subscription
 *   time zone (`timeZone`, default America/New_York), i.e. Pendo's `day` buckets.
 * - `events` (userDays, totals): Amplitude/Mixpanel = page + feature + funnel events (every export line,
 *   deduped); Pendo = the `events` source's numEvents (page + feature + funnel events; guide events are
 *   separate, see `guides`).
 * - features: Amplitude/Mixpanel key = event name (e.g. "Report Exported"); Pendo key = featureId.
 * - pages: Amplitude key = "[Amplitude] Page Path" value, Mixpanel key = `current_url_path`, both the
 *   page path ("/dashboard"); Pendo key = pageId.
 * - guides (Pendo only): per guideId and type (guideSeen / guideAdvanced / guideDismissed).
 *   "Completed" = guideAdvanced on the guide's last step, counted in `guideCompletions`.
 * - sessions (Amplitude only): distinct (user_id, session_id) pairs, on the day of their events.
 * - funnel: number of events of each onboarding step (people reaching the step in the window).
 */
import { DEMO_FEATURES, DEMO_GUIDES, DEMO_PAGES, FUNNEL_STEPS, GUIDE_EVENT_TYPES } from './catalogue';
import { GUIDE_ADVANCED, KIND_FEATURE, KIND_FUNNEL, KIND_GUIDE, KIND_PAGE } from './events';
import type { DemoCustomer, Portfolio, Vendor } from './model';
import { DAY_MS, localYmd, parseYmd, ymd } from './timeline';
import { scanVendorEvents } from './vendorScan';

export interface GroundTruthQuery {
  vendor: Vendor;
  /** "YYYY-MM-DD" inclusive; default first day of history. */
  fromDay?: string;
  /** "YYYY-MM-DD" inclusive; default today. */
  toDay?: string;
  /** Pendo subscription time zone (default America/New_York). */
  timeZone?: string;
}

export interface GroundTruthCustomer {
  name: string;
  domain: string;
  owner: string;
  arr: number;
  segment: string;
  plan: string;
  renewalDate: string;
  story: string;
  churnDate: string | null;
  outcome: { status: 'renewed' | 'churned'; date: string };
  vendorIds: DemoCustomer['vendorIds'];
}

export interface GroundTruth {
  vendor: Vendor;
  fromDay: string;
  toDay: string;
  /** "UTC" or the Pendo time zone. */
  dayBasis: string;
  userDays: { accountId: string; userId: string; day: string; events: number }[];
  activeUsers: { accountId: string; day: string; users: number }[];
  features: { accountId: string; day: string; feature: string; events: number }[];
  pages: { accountId: string; day: string; page: string; events: number }[];
  guides: { accountId: string; day: string; guideId: string; type: string; events: number }[];
  guideCompletions: { accountId: string; guideId: string; completions: number }[];
  sessions: { accountId: string; day: string; sessions: number }[];
  funnel: { step: string; events: number }[];
  totals: { events: number; userDays: number; guideEvents: number; sessions: number };
  customers: GroundTruthCustomer[];
}

function bump(m: Map<string, number>, k: string, n = 1): void {
  m.set(k, (m.get(k) ?? 0) + n);
}

function split(k: string): string[] {
  return k.split('\u0000');
}

export function userIdIn(p: Portfolio, vendor: Vendor, person: number): string {
  const pe = p.people[person];
  if (!pe) return '';
  return vendor === 'amplitude' ? pe.amplitudeUserId : vendor === 'mixpanel' ? pe.mixpanelDistinctId : pe.pendoVisitorId;
}

export function groundTruth(p: Portfolio, q: GroundTruthQuery): GroundTruth {
  const vendor = q.vendor;
  const tz = q.timeZone ?? 'America/New_York';
  const fromMs = q.fromDay ? parseYmd(q.fromDay) : p.startMs;
  const toMs = q.toDay ? parseYmd(q.toDay) : p.startMs + p.todayIndex * DAY_MS;
  if (fromMs === null || toMs === null) throw new Error('fromDay/toDay must be YYYY-MM-DD');
  const fromDay = ymd(fromMs);
  const toDay = ymd(toMs);
  const pendo = vendor === 'pendo';
  const dayOf = (t: number): string => (pendo ? localYmd(t, tz) : ymd(t));
  // Pendo local days straddle two UTC days: scan one extra UTC day on both sides and filter by label.
  const d0 = Math.floor((fromMs - p.startMs) / DAY_MS) - (pendo ? 1 : 0);
  const d1 = Math.floor((toMs - p.startMs) / DAY_MS) + (pendo ? 1 : 0);

  const userDays = new Map<string, number>();
  const features = new Map<string, number>();
  const pages = new Map<string, number>();
  const guides = new Map<string, number>();
  const completions = new Map<string, number>();
  const sessions = new Map<string, Set<string>>();
  const funnel = new Map<string, number>();
  let events = 0;
  let guideEvents = 0;

  scanVendorEvents(p, vendor, d0, d1, (ev, _c, accountId) => {
    const day = dayOf(ev.t);
    if (day < fromDay || day > toDay) return;
    const userId = userIdIn(p, vendor, ev.person);
    const acctDay = `${accountId}\u0000${day}`;
    if (ev.kind === KIND_GUIDE) {
      guideEvents++;
      const guideId = p.catalog.pendoGuideIds[ev.ref] ?? '';
      bump(guides, `${acctDay}\u0000${guideId}\u0000${GUIDE_EVENT_TYPES[ev.guideType] ?? ''}`);
      const g = DEMO_GUIDES[ev.ref];
      if (g && ev.guideType === GUIDE_ADVANCED && ev.step === g.steps - 1) bump(completions, `${accountId}\u0000${guideId}`);
      return;
    }
    events++;
    bump(userDays, `${acctDay}\u0000${userId}`);
    if (ev.kind === KIND_FEATURE) {
      const key = pendo ? (p.catalog.pendoFeatureIds[ev.ref] ?? '') : (DEMO_FEATURES[ev.ref]?.eventName ?? '');
      bump(features, `${acctDay}\u0000${key}`);
    } else if (ev.kind === KIND_PAGE) {
      const key = pendo ? (p.catalog.pendoPageIds[ev.ref] ?? '') : (DEMO_PAGES[ev.ref]?.path ?? '');
      bump(pages, `${acctDay}\u0000${key}`);
    } else if (ev.kind === KIND_FUNNEL) {
      bump(funnel, FUNNEL_STEPS[ev.ref] ?? '');
    }
    if (vendor === 'amplitude') {
      let s = sessions.get(acctDay);
      if (!s) {
        s = new Set();
        sessions.set(acctDay, s);
      }
      s.add(`${userId}:${ev.session}`);
    }
  });

  const active = new Map<string, number>();
  const userDayRows: GroundTruth['userDays'] = [];
  for (const [k, n] of userDays) {
    const [accountId = '', day = '', userId = ''] = split(k);
    userDayRows.push({ accountId, userId, day, events: n });
    bump(active, `${accountId}\u0000${day}`);
  }
  const byKey = <T extends { accountId: string; day: string }>(a: T, b: T): number =>
    a.accountId < b.accountId ? -1 : a.accountId > b.accountId ? 1 : a.day < b.day ? -1 : a.day > b.day ? 1 : 0;
  userDayRows.sort((a, b) => byKey(a, b) || (a.userId < b.userId ? -1 : a.userId > b.userId ? 1 : 0));
  let sessionTotal = 0;
  const sessionRows = [...sessions].map(([k, s]) => {
    const [accountId = '', day = ''] = split(k);
    sessionTotal += s.size;
    return { accountId, day, sessions: s.size };
  });

  return {
    vendor,
    fromDay,
    toDay,
    dayBasis: pendo ? tz : 'UTC',
    userDays: userDayRows,
    activeUsers: [...active]
      .map(([k, users]) => {
        const [accountId = '', day = ''] = split(k);
        return { accountId, day, users };
      })
      .sort(byKey),
    features: [...features]
      .map(([k, n]) => {
        const [accountId = '', day = '', feature = ''] = split(k);
        return { accountId, day, feature, events: n };
      })
      .sort(byKey),
    pages: [...pages]
      .map(([k, n]) => {
        const [accountId = '', day = '', page = ''] = split(k);
        return { accountId, day, page, events: n };
      })
      .sort(byKey),
    guides: [...guides]
      .map(([k, n]) => {
        const [accountId = '', day = '', guideId = '', type = ''] = split(k);
        return { accountId, day, guideId, type, events: n };
      })
      .sort(byKey),
    guideCompletions: [...completions].map(([k, n]) => {
      const [accountId = '', guideId = ''] = split(k);
      return { accountId, guideId, completions: n };
    }),
    sessions: sessionRows.sort(byKey),
    funnel: FUNNEL_STEPS.map((step) => ({ step, events: funnel.get(step) ?? 0 })),
    totals: { events, userDays: userDayRows.length, guideEvents, sessions: sessionTotal },
    customers: p.customers.map((c) => ({
      name: c.name,
      domain: c.domain,
      owner: c.owner,
      arr: c.arr,
      segment: c.segment,
      plan: c.plan,
      renewalDate: c.renewalDate,
      story: c.story,
      churnDate: c.churnDate,
      outcome: c.outcome,
      vendorIds: c.vendorIds,
    })),
  };
}
