/**
 * Lazy, deterministic event generation per (account, UTC day). Nothing is materialised for the whole
 * portfolio: each call derives its PRNG from hash(seed, account, day), so any window can be streamed and
 * the same inputs always give the same events.
 */
import { DEMO_FEATURES, DEMO_GUIDES, DEMO_PAGES, FUNNEL_STEPS } from './catalogue';
import { KIND_PROFILE } from './generate';
import type { DemoCustomer, Portfolio } from './model';
import { hashInts, rngFor } from './random';
import { DAY_MS, HOUR_MS } from './timeline';

export const KIND_PAGE = 0;
export const KIND_FEATURE = 1;
export const KIND_FUNNEL = 2;
export const KIND_GUIDE = 3;

/** Guide event types by number: 0 guideSeen, 1 guideAdvanced, 2 guideDismissed. */
export const GUIDE_SEEN = 0;
export const GUIDE_ADVANCED = 1;
export const GUIDE_DISMISSED = 2;

export interface DemoEvent {
  /** Event time, epoch ms UTC. */
  t: number;
  /** When the vendor received it (Amplitude server_upload_time, Mixpanel mp_processing_time_ms). */
  upload: number;
  person: number;
  account: number;
  /** KIND_PAGE | KIND_FEATURE | KIND_FUNNEL | KIND_GUIDE */
  kind: number;
  /** Page index, feature index, funnel step index or guide index. */
  ref: number;
  /** Guide step index (guides only). */
  step: number;
  /** GUIDE_SEEN | GUIDE_ADVANCED | GUIDE_DISMISSED (guides only). */
  guideType: number;
  /** Session start epoch ms; -1 when out of session. */
  session: number;
  /** Unique within (account, day): the basis of uuids and insert ids. */
  seq: number;
  /** Amplitude and Mixpanel deliver this event twice (same uuid / $insert_id). */
  dup: boolean;
  /** Arrived hours or days after it happened. */
  late: boolean;
}

/** Late events arrive at most this long after they happened. */
export const MAX_LATE_MS = 72 * HOUR_MS;
/** Normal events never happen in the last seconds of a UTC day, so they upload on their own day. */
const DAY_TAIL_MS = 10_000;

export function dayOfWeek(p: Portfolio, day: number): number {
  return (Math.floor(p.startMs / DAY_MS) + day + 4) % 7;
}

/** Usage level of an account on a day: story trend × weekday seasonality; 0 when not live or churned. */
export function activityLevel(p: Portfolio, c: DemoCustomer, day: number): number {
  if (day < c.createdDay) return 0;
  if (c.churnDate !== null && p.startMs + day * DAY_MS >= Date.parse(`${c.churnDate}T00:00:00Z`)) return 0;
  const x = day / Math.max(1, p.days);
  let trend: number;
  switch (c.story) {
    case 'growing':
      trend = 0.55 + 0.65 * x;
      break;
    case 'steady':
      trend = 1 + 0.05 * Math.sin(day / 5 + c.index);
      break;
    case 'declining':
      trend = 1.05 - 0.45 * x;
      break;
    case 'churning':
      // An account that will churn keeps its usual level and loses its people instead (personLeaveDay);
      // one that is saved slides all the way through the history, as a declining account does but steeper.
      trend = c.churnDate !== null ? 1 + 0.05 * Math.sin(day / 5 + c.index) : 1 - 0.75 * x;
      break;
  }
  const dow = dayOfWeek(p, day);
  const season = dow === 0 || dow === 6 ? 0.18 : 1;
  return trend * season;
}

/**
 * Seat contraction before churn: in an account that churns, most people stop using the product one by
 * one in the CHURN_RUNWAY_DAYS before the churn date (the champion too), while the people who remain use
 * it as before. This is the pattern CS teams see before a non-renewal: it shows in active-user retention
 * and the usage trend well before the churn date, not in the stayers' DAU/MAU or feature breadth, so
 * a health score that weighs those as much as retention and trend ranks churners worse than it could,
 * which is what the churn analysis's backtest is there to find. Drawn from a hash, not the account's
 * PRNG, so nothing else in the portfolio moves.
 */
export const CHURN_RUNWAY_DAYS = 120;
const LEAVER_SHARE = 0.8;

/** Day index from which this person of a churning account is gone, or +∞ (accounts that do not churn keep everyone). */
export function personLeaveDay(p: Portfolio, c: DemoCustomer, personIndex: number): number {
  if (c.churnDate === null) return Number.POSITIVE_INFINITY;
  const h = hashInts(p.seed, c.index, personIndex, 0x1ea7);
  if ((h & 0xffff) / 65536 >= LEAVER_SHARE) return Number.POSITIVE_INFINITY;
  const churnDay = Math.round((Date.parse(`${c.churnDate}T00:00:00Z`) - p.startMs) / DAY_MS);
  return churnDay - 1 - ((h >>> 16) % CHURN_RUNWAY_DAYS);
}

function churnMs(c: DemoCustomer): number {
  return c.churnDate === null ? Number.POSITIVE_INFINITY : Date.parse(`${c.churnDate}T00:00:00Z`);
}

function makeEvent(t: number, person: number, account: number, kind: number, ref: number, session: number): DemoEvent {
  return { t, upload: t, person, account, kind, ref, step: 0, guideType: 0, session, seq: 0, dup: false, late: false };
}

const pageOfFeature = DEMO_FEATURES.map((f) => f.page);

/** The main (on-time) events of an account on a UTC day index, sorted by time. */
export function mainEvents(p: Portfolio, accountIndex: number, day: number): DemoEvent[] {
  const c = p.customers[accountIndex];
  if (!c || day < 0 || day > p.todayIndex) return [];
  const level = activityLevel(p, c, day);
  const dayStart = p.startMs + day * DAY_MS;
  const dayEnd = dayStart + DAY_MS - DAY_TAIL_MS;
  const limit = Math.min(dayEnd, p.now);
  const cutoff = Math.min(churnMs(c), p.now + 1);
  const rng = rngFor(p.seed, accountIndex, day, 0xda7);
  const out: DemoEvent[] = [];
  const offsetMs = c.region.utcOffset * HOUR_MS;
  const feats: number[] = [];
  const weights: number[] = [];

  for (let m = 0; m < c.members.length; m++) {
    const pi = c.members[m];
    if (pi === undefined) continue;
    const person = p.people[pi];
    if (!person || person.joinDay > day || day >= personLeaveDay(p, c, pi)) continue;
    const primary = m < c.primaryCount;

    // onboarding funnel events (primary account only), precomputed per person
    if (primary && person.funnel.length > 0) {
      for (let s = 0; s < person.funnel.length; s++) {
        const t = person.funnel[s] ?? 0;
        if (t >= dayStart && t < dayStart + DAY_MS && t < cutoff && t <= p.now)
          out.push(makeEvent(t, pi, accountIndex, KIND_FUNNEL, s, t));
      }
    }

    // in-app guides (primary account only): one encounter per person and guide
    if (primary && level > 0) {
      for (let g = 0; g < DEMO_GUIDES.length; g++) {
        const guide = DEMO_GUIDES[g];
        if (!guide) continue;
        const h = hashInts(p.seed, pi, g, 0x9d);
        if ((h & 0xffff) / 65536 >= guide.audience * (person.kind === 'dormant' ? 0.3 : 1)) continue;
        const eligible = Math.max(p.catalog.guideLaunchDay[g] ?? 0, person.joinDay, 0);
        const encounter = eligible + ((h >>> 16) % 9);
        if (encounter !== day) continue;
        const gr = rngFor(p.seed, pi, g, day, 0x6d);
        let t = dayStart + (((((10 + gr.range(0, 7)) * HOUR_MS - offsetMs) % DAY_MS) + DAY_MS) % DAY_MS) + gr.int(3_000_000);
        const session = t;
        for (let s = 0; s < guide.steps; s++) {
          if (t >= limit || t >= cutoff) break;
          const seen = makeEvent(t, pi, accountIndex, KIND_GUIDE, g, session);
          seen.step = s;
          seen.guideType = GUIDE_SEEN;
          out.push(seen);
          t += 4_000 + gr.int(80_000);
          if (t >= limit || t >= cutoff) break;
          const advance = gr.chance(guide.advance);
          const next = makeEvent(t, pi, accountIndex, KIND_GUIDE, g, session);
          next.step = s;
          next.guideType = advance ? GUIDE_ADVANCED : GUIDE_DISMISSED;
          out.push(next);
          if (!advance) break;
          t += 1_000 + gr.int(20_000);
        }
      }
    }

    if (level <= 0) continue;
    const prof = KIND_PROFILE[primary ? person.kind : 'casual'];
    // newly joined people are busy for their first week
    const fresh = day - person.joinDay < 7 ? 1.6 : 1;
    const pActive = Math.min(0.97, prof.pActive * level * fresh);
    if (!rng.chance(pActive)) continue;

    feats.length = 0;
    weights.length = 0;
    let total = 0;
    for (let f = 0; f < DEMO_FEATURES.length; f++) {
      if ((person.features & (1 << f)) === 0) continue;
      total += DEMO_FEATURES[f]?.weight ?? 1;
      feats.push(f);
      weights.push(total);
    }
    const sessions = rng.range(prof.sessions[0], prof.sessions[1]);
    for (let s = 0; s < sessions; s++) {
      const localHour = 8 + rng.next() * 10;
      let t = dayStart + ((((localHour * HOUR_MS - offsetMs) % DAY_MS) + DAY_MS) % DAY_MS);
      t = Math.floor(t / 1000) * 1000 + rng.int(1000);
      const session = t;
      const n = rng.range(prof.events[0], prof.events[1]);
      let page = rng.int(DEMO_PAGES.length);
      for (let e = 0; e <= n; e++) {
        if (t >= limit || t >= cutoff) break;
        if (e === 0 || rng.chance(0.28)) {
          if (e > 0) page = rng.chance(0.5) ? rng.int(DEMO_PAGES.length) : page;
          out.push(makeEvent(t, pi, accountIndex, KIND_PAGE, page, session));
        } else {
          const r = rng.next() * total;
          let f = feats[feats.length - 1] ?? 0;
          for (let k = 0; k < weights.length; k++) {
            if (r < (weights[k] ?? 0)) {
              f = feats[k] ?? 0;
              break;
            }
          }
          page = pageOfFeature[f] ?? page;
          out.push(makeEvent(t, pi, accountIndex, KIND_FEATURE, f, session));
        }
        t += 4_000 + rng.int(85_000);
      }
    }
  }

  out.sort((x, y) => x.t - y.t || x.person - y.person || x.kind - y.kind);
  for (let i = 0; i < out.length; i++) {
    const ev = out[i];
    if (!ev) continue;
    ev.seq = i;
    const h = hashInts(p.seed, accountIndex, day, i, 0x0b1);
    ev.upload = ev.t + 400 + (h % 2600);
    ev.dup = (h >>> 12) % 1000 < 3;
  }
  return out;
}

/**
 * Late events of an account on a UTC day: an occasional offline batch (1-6 feature events by one person)
 * uploaded 2 to 72 hours after it happened. Independent of mainEvents so an export selected by upload
 * time can find them cheaply.
 */
export function lateEvents(p: Portfolio, accountIndex: number, day: number): DemoEvent[] {
  const c = p.customers[accountIndex];
  if (!c || day < 0 || day > p.todayIndex) return [];
  const level = activityLevel(p, c, day);
  if (level <= 0) return [];
  const rng = rngFor(p.seed, accountIndex, day, 0x1a7e);
  if (!rng.chance(0.14)) return [];
  const pi = c.members[rng.int(c.primaryCount)];
  if (pi === undefined) return [];
  const person = p.people[pi];
  if (!person || person.joinDay > day || day >= personLeaveDay(p, c, pi)) return [];
  const dayStart = p.startMs + day * DAY_MS;
  const cutoff = Math.min(churnMs(c), p.now + 1, dayStart + DAY_MS - DAY_TAIL_MS);
  let t = dayStart + rng.int(DAY_MS - 3_600_000);
  const session = t;
  const upload = t + 2 * HOUR_MS + rng.int(MAX_LATE_MS - 3 * HOUR_MS);
  const feats: number[] = [];
  for (let f = 0; f < DEMO_FEATURES.length; f++) if (person.features & (1 << f)) feats.push(f);
  const n = rng.range(1, 6);
  const out: DemoEvent[] = [];
  for (let i = 0; i < n && t < cutoff; i++) {
    const ev = makeEvent(t, pi, accountIndex, KIND_FEATURE, rng.pick(feats), session);
    ev.upload = upload + i * 17;
    ev.late = true;
    ev.seq = 1_000_000 + i;
    out.push(ev);
    t += 5_000 + rng.int(60_000);
  }
  return out;
}

/** All events (main and late) of an account on a UTC day, sorted by time. */
export function accountDayEvents(p: Portfolio, accountIndex: number, day: number): DemoEvent[] {
  const main = mainEvents(p, accountIndex, day);
  const late = lateEvents(p, accountIndex, day);
  if (late.length === 0) return main;
  return main.concat(late).sort((x, y) => x.t - y.t || x.seq - y.seq);
}

/** Name of an event as Amplitude and Mixpanel record it (guides have no product-analytics name). */
export function funnelStepName(step: number): string {
  return FUNNEL_STEPS[step] ?? 'Unknown';
}

export function dayIndexOf(p: Portfolio, ms: number): number {
  return Math.floor((ms - p.startMs) / DAY_MS);
}
