/** Builds the in-memory part of the portfolio (customers, people, ids) deterministically from the seed. */
import {
  COMPANY_FIRST,
  COMPANY_SECOND,
  COMPANY_THIRD,
  CSM_NAMES,
  DEMO_FEATURES,
  DEMO_GUIDES,
  FIRST_NAMES,
  FUNNEL_TRANSITIONS,
  INDUSTRIES,
  LAST_NAMES,
  PLATFORMS,
  REGIONS,
  ROLES,
} from './catalogue';
import type { DemoCatalogIds, DemoCustomer, DemoPerson, PersonKind, Portfolio, PortfolioParams, Segment, Story } from './model';
import { hexId, pendoStyleId, Rng, rngFor, uuidFrom } from './random';
import { DAY_MS, HOUR_MS, utcDayStart, ymd } from './timeline';

export const DEFAULT_SEED = 42;
export const DEFAULT_ACCOUNTS = 60;
export const DEFAULT_DAYS = 120;
export const MAX_ACCOUNTS = 5000;

function slug(name: string): string {
  return name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

function pickStory(r: number): Story {
  if (r < 0.25) return 'growing';
  if (r < 0.6) return 'steady';
  if (r < 0.8) return 'declining';
  return 'churning';
}

const KIND_SHARES: readonly [PersonKind, number][] = [
  ['power', 0.12],
  ['regular', 0.38],
  ['casual', 0.35],
  ['dormant', 0.15],
];

function pickKind(rng: Rng): PersonKind {
  let r = rng.next();
  for (const [kind, share] of KIND_SHARES) {
    if (r < share) return kind;
    r -= share;
  }
  return 'casual';
}

/** Expected events per active day for a kind (sessions × events per session), used for size estimates. */
export const KIND_PROFILE: Record<PersonKind, { pActive: number; sessions: [number, number]; events: [number, number] }> = {
  power: { pActive: 0.85, sessions: [1, 3], events: [8, 24] },
  regular: { pActive: 0.5, sessions: [1, 2], events: [5, 14] },
  casual: { pActive: 0.16, sessions: [1, 1], events: [3, 9] },
  dormant: { pActive: 0.015, sessions: [1, 1], events: [2, 5] },
};

export function generatePortfolio(params: PortfolioParams): Portfolio {
  const seed = params.seed ?? DEFAULT_SEED;
  const accounts = Math.max(1, Math.min(MAX_ACCOUNTS, Math.floor(params.accounts ?? DEFAULT_ACCOUNTS)));
  const days = Math.max(1, Math.floor(params.days ?? DEFAULT_DAYS));
  const minUsers = params.minUsers ?? 3;
  const maxUsers = params.maxUsers ?? 400;
  const now = params.now;
  const startMs = utcDayStart(now) - days * DAY_MS;
  const _rng = rngFor(seed, 0xc0ffee);

  const catalog: DemoCatalogIds = {
    pendoFeatureIds: DEMO_FEATURES.map((_, i) => pendoStyleId(seed, 1, i)),
    pendoPageIds: DEMO_FEATURES.length ? Array.from({ length: 10 }, (_, i) => pendoStyleId(seed, 2, i)) : [],
    pendoGuideIds: DEMO_GUIDES.map((_, i) => pendoStyleId(seed, 3, i)),
    pendoGuideStepIds: DEMO_GUIDES.map((g, i) => Array.from({ length: g.steps }, (_, s) => pendoStyleId(seed, 4, i * 16 + s))),
    guideLaunchDay: DEMO_GUIDES.map((g) => Math.floor(g.launchFraction * days)),
  };

  const customers: DemoCustomer[] = [];
  const people: DemoPerson[] = [];
  const usedNames = new Set<string>();
  const expectedEventsPerDay: number[] = [];

  for (let a = 0; a < accounts; a++) {
    const ar = rngFor(seed, 0xacc, a);
    let name = '';
    for (let attempt = 0; attempt < 20 && (name === '' || usedNames.has(name)); attempt++) {
      const third = attempt < 3 ? ar.pick(COMPANY_THIRD) : ar.pick(COMPANY_THIRD.slice(1));
      name = `${ar.pick(COMPANY_FIRST)} ${ar.pick(COMPANY_SECOND)}${third ? ` ${third}` : ''}`;
    }
    if (usedNames.has(name)) name = `${name} ${a}`;
    usedNames.add(name);
    const domain = `${slug(name)}.${ar.pick(['com', 'com', 'io', 'co', 'net'])}`;
    // Skewed size: Pareto(alpha 1.15) from minUsers, capped.
    const u = ar.next();
    const size = Math.max(minUsers, Math.min(maxUsers, Math.round(minUsers * (1 - u) ** (-1 / 1.15))));
    const segment: Segment = size >= 60 ? 'Enterprise' : size >= 15 ? 'Mid-Market' : 'SMB';
    const plan =
      segment === 'Enterprise' ? 'Enterprise' : segment === 'Mid-Market' ? 'Growth' : ar.chance(0.7) ? 'Starter' : 'Growth';
    const arrBase = segment === 'Enterprise' ? 150_000 : segment === 'Mid-Market' ? 30_000 : 5_000;
    const arr = Math.round((arrBase * (1 + ar.next() * 4)) / 100) * 100;
    const story = pickStory(ar.next());
    const createdDay = ar.chance(0.85) ? -ar.range(30, 900) : ar.range(0, Math.max(0, Math.floor(days * 0.5)));
    const churned = story === 'churning' && ar.chance(0.6);
    const churnDay = churned ? Math.max(createdDay + 7, Math.floor(days * (0.55 + ar.next() * 0.35))) : -1;
    const churnDate = churned && churnDay < days ? ymd(startMs + churnDay * DAY_MS) : null;
    const renewalMs = utcDayStart(now) + ar.range(-20, 365) * DAY_MS;
    const outcome: DemoCustomer['outcome'] = churnDate
      ? { status: 'churned', date: churnDate }
      : { status: 'renewed', date: ymd(renewalMs - (renewalMs > now ? 365 : 0) * DAY_MS) };

    // Vendors: ~70% Pendo, ~60% Amplitude, ~45% Mixpanel, at least one; account 0 uses all three.
    const usesPendo = a === 0 || ar.chance(0.7);
    const usesAmp = a === 0 || ar.chance(0.6);
    let usesMix = a === 0 || ar.chance(0.45);
    if (!usesPendo && !usesAmp && !usesMix) usesMix = true;
    const vendorIds: DemoCustomer['vendorIds'] = {};
    if (usesPendo) vendorIds.pendo = name;
    if (usesAmp) vendorIds.amplitude = `org_${hexId(4, seed, 0xa, a)}`;
    if (usesMix) vendorIds.mixpanel = `C-${String(100000 + ((a * 7919 + (seed % 1000)) % 900000)).padStart(6, '0')}`;

    const region = ar.pick(REGIONS);
    const customer: DemoCustomer = {
      index: a,
      name,
      domain,
      owner: CSM_NAMES[a % CSM_NAMES.length] ?? 'Alex Rivera',
      arr,
      segment,
      plan,
      industry: ar.pick(INDUSTRIES),
      renewalDate: ymd(renewalMs),
      story,
      churnDate,
      outcome,
      createdDay,
      region,
      vendorIds,
      members: [],
      primaryCount: size,
    };

    let expected = 0;
    const growthJoinShare = story === 'growing' ? 0.35 : story === 'churning' ? 0.05 : 0.15;
    for (let k = 0; k < size; k++) {
      const pr = rngFor(seed, 0x9e0, a, k);
      const index = people.length;
      const firstName = pr.pick(FIRST_NAMES);
      const lastName = pr.pick(LAST_NAMES);
      const kind: PersonKind = k === 0 ? 'power' : pickKind(pr);
      let joinDay: number;
      if (createdDay >= 0) joinDay = k === 0 ? createdDay : createdDay + pr.range(0, Math.max(0, days - createdDay - 1));
      else joinDay = pr.chance(growthJoinShare) ? pr.range(0, days - 1) : pr.range(createdDay, -1);
      if (joinDay < createdDay) joinDay = createdDay;
      const funnel: number[] = [];
      if (joinDay >= 0) {
        const localStartHour = 9 + pr.range(0, 8);
        let t = startMs + joinDay * DAY_MS + (localStartHour - region.utcOffset) * HOUR_MS + pr.int(3_600_000);
        if (t >= startMs + (joinDay + 1) * DAY_MS - 10_000) t = startMs + (joinDay + 1) * DAY_MS - 3_600_000;
        funnel.push(t);
        for (let s = 1; s < FUNNEL_TRANSITIONS.length; s++) {
          const tr = FUNNEL_TRANSITIONS[s];
          if (!tr || !pr.chance(tr.p * (kind === 'dormant' ? 0.5 : 1))) break;
          t += tr.minMs + Math.floor(pr.next() ** 2 * (tr.maxMs - tr.minMs));
          // never in the last 10 s of a UTC day (keeps each event's upload on its own UTC day)
          const dayEnd = utcDayStart(t) + DAY_MS;
          if (t > dayEnd - 10_000) t = dayEnd - 10_000 - pr.int(60_000);
          funnel.push(t);
        }
      }
      let features = 0;
      for (let f = 0; f < DEMO_FEATURES.length; f++) {
        const feat = DEMO_FEATURES[f];
        if (!feat) continue;
        // account-level adoption (some features are never used by an account) then user level
        const accountUses = rngFor(seed, 0xfea, a, f).next() < feat.adoption;
        if (accountUses && pr.chance(Math.min(1, feat.adoption + (kind === 'power' ? 0.35 : 0.1)))) features |= 1 << f;
      }
      if (features === 0) features = 1;
      const platform = pr.pick(PLATFORMS);
      const person: DemoPerson = {
        index,
        account: a,
        secondAccount: -1,
        firstName,
        lastName,
        email: `${firstName}.${lastName}${index}@${domain}`.toLowerCase(),
        role: k === 0 ? 'Admin' : pr.pick(ROLES),
        kind,
        joinDay,
        funnel,
        features,
        platform,
        ip: `${pr.pick([23, 34, 52, 64, 73, 81, 98, 104, 145, 172])}.${pr.int(256)}.${pr.int(256)}.${1 + pr.int(254)}`,
        pendoVisitorId: String(1000 + index),
        amplitudeUserId: uuidFrom(seed, 0xa5e, index, 1),
        amplitudeDeviceId: uuidFrom(seed, 0xa5e, index, 2),
        amplitudeId: 176600000000 + index * 37 + (seed % 31),
        mixpanelDistinctId: uuidFrom(seed, 0x31c, index, 3),
      };
      people.push(person);
      customer.members.push(index);
      const prof = KIND_PROFILE[kind];
      expected += prof.pActive * ((prof.sessions[0] + prof.sessions[1]) / 2) * ((prof.events[0] + prof.events[1]) / 2 + 1);
    }
    customers.push(customer);
    expectedEventsPerDay.push(expected);
  }

  // A few people also work in a second account (consultants, agencies): ~0.5%, at least 2 when possible.
  if (accounts >= 2) {
    const shared = Math.max(2, Math.floor(people.length * 0.005));
    const sr = new Rng(seed ^ 0x5a5a);
    for (let i = 0; i < shared; i++) {
      const p = people[sr.int(people.length)];
      if (!p || p.secondAccount >= 0) continue;
      let other = sr.int(accounts);
      if (other === p.account) other = (other + 1) % accounts;
      const c = customers[other];
      if (!c) continue;
      p.secondAccount = other;
      c.members.push(p.index);
    }
  }

  return {
    seed,
    accounts,
    days,
    now,
    startMs,
    todayIndex: days,
    customers,
    people,
    catalog,
    expectedEventsPerDay,
  };
}
