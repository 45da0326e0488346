/** Pendo catalogue objects (features, pages, guides) and visitor/account rows with lowercase metadata. */
import { DEMO_FEATURES, DEMO_GUIDES, DEMO_PAGES } from '../portfolio/catalogue';
import type { Portfolio } from '../portfolio/model';
import { accountFirstSeen, accountLastSeen, personFirstSeen, personLastSeen } from '../portfolio/presence';
import { hashString } from '../portfolio/random';
import { DAY_MS } from '../portfolio/timeline';

export const PENDO_APP_ID = -323232;
export const PENDO_SERVER = 'app.pulsedemo.example';

const author = {
  id: '4854785457340416',
  username: 'pm.demo@pulsedemo.example',
  first: 'Pat',
  last: 'Morgan',
  role: 8,
  userType: '',
};

export function pendoFeatures(p: Portfolio): Record<string, unknown>[] {
  const created = p.startMs - 200 * DAY_MS;
  return DEMO_FEATURES.map((f, i) => ({
    id: p.catalog.pendoFeatureIds[i],
    name: f.name,
    appId: PENDO_APP_ID,
    kind: 'Feature',
    createdAt: created + i * 3_600_000,
    lastUpdatedAt: created + i * 3_600_000 + 30 * DAY_MS,
    createdByUser: author,
    lastUpdatedByUser: author,
    rootVersionId: p.catalog.pendoFeatureIds[i],
    stableVersionId: `${p.catalog.pendoFeatureIds[i]}-20240101000000.000000`,
    dirty: false,
    color: 'gray',
    group: { id: '_PENDO_DEFAULTGROUP_01_', name: 'Uncategorized' },
    isCoreEvent: i < 5,
    elementPathRules: [`[data-feature="${f.eventName.toLowerCase().replaceAll(' ', '-')}"]`],
    pageId: p.catalog.pendoPageIds[f.page],
    appWide: false,
    eventPropertyConfigurations: null,
  }));
}

export function pendoPages(p: Portfolio): Record<string, unknown>[] {
  const created = p.startMs - 220 * DAY_MS;
  return DEMO_PAGES.map((pg, i) => ({
    id: p.catalog.pendoPageIds[i],
    name: pg.name,
    appId: PENDO_APP_ID,
    kind: 'Page',
    createdAt: created + i * 3_600_000,
    lastUpdatedAt: created + i * 3_600_000 + 10 * DAY_MS,
    createdByUser: author,
    lastUpdatedByUser: author,
    rootVersionId: p.catalog.pendoPageIds[i],
    stableVersionId: `${p.catalog.pendoPageIds[i]}-20240101000000.000000`,
    dirty: false,
    color: 'gray',
    group: { id: '_PENDO_DEFAULTGROUP_01_', name: 'Uncategorized' },
    isCoreEvent: i < 3,
    rules: [
      {
        rule: `//*${pg.path}`,
        parsedRule: `^https?://[^/]*${pg.path.replaceAll('/', '\\/')}/?(?:;.*)?(?:\\?.*)?$`,
        designerHint: `https://${PENDO_SERVER}${pg.path}`,
      },
    ],
    rulesjson: '',
    isAutoTagged: false,
    suggestedName: pg.name,
    validThrough: p.now,
  }));
}

export function pendoGuides(p: Portfolio): Record<string, unknown>[] {
  return DEMO_GUIDES.map((g, i) => {
    const launch = p.startMs + (p.catalog.guideLaunchDay[i] ?? 0) * DAY_MS;
    return {
      id: p.catalog.pendoGuideIds[i],
      name: g.name,
      appId: PENDO_APP_ID,
      kind: 'Guide',
      state: 'public',
      launchMethod: 'auto',
      isMultiStep: g.steps > 1,
      createdAt: launch - 5 * DAY_MS,
      lastUpdatedAt: launch - DAY_MS,
      createdByUser: author,
      lastUpdatedByUser: author,
      publishedAt: launch,
      resetAt: 0,
      attributes: { type: 'building-block', device: { desktop: true, mobile: false } },
      audience: [],
      polls: [],
      steps: (p.catalog.pendoGuideStepIds[i] ?? []).map((id, rank) => ({
        id,
        guideId: p.catalog.pendoGuideIds[i],
        name: `${g.name} step ${rank + 1}`,
        type: 'building-block',
        pollIds: [],
        pageId: p.catalog.pendoPageIds[g.page],
        rank,
        resetAt: 0,
        lastUpdatedAt: launch - DAY_MS,
      })),
    };
  });
}

export function pendoVisitors(p: Portfolio): Record<string, unknown>[] {
  const rows: Record<string, unknown>[] = [];
  for (const pe of p.people) {
    const ids: string[] = [];
    const a = p.customers[pe.account]?.vendorIds.pendo;
    if (a) ids.push(a);
    const b = pe.secondAccount >= 0 ? p.customers[pe.secondAccount]?.vendorIds.pendo : undefined;
    if (b) ids.push(b);
    if (ids.length === 0 || pe.joinDay > p.todayIndex) continue;
    const first = personFirstSeen(p, pe);
    if (first > p.now) continue;
    const last = personLastSeen(p, pe);
    rows.push({
      metadata: {
        agent: {
          email: pe.email,
          ipaddress: pe.ip,
          language: 'en_US',
          firstname: pe.firstName,
          lastname: pe.lastName,
          role: pe.role,
        },
        auto: {
          accountid: ids[0],
          accountids: ids,
          firstvisit: first,
          id: pe.pendoVisitorId,
          idhash: hashString(pe.pendoVisitorId),
          lastbrowsername: pe.platform.browser,
          lastbrowserversion: pe.platform.browserVersion,
          lastoperatingsystem: pe.platform.os,
          lastservername: PENDO_SERVER,
          lastupdated: Math.min(p.now, last + 60_000),
          lastuseragent: pe.platform.userAgent,
          lastvisit: last,
          nid: pe.index,
        },
        auto__323232: { firstvisit: first, lastvisit: last },
      },
      visitorId: pe.pendoVisitorId,
    });
  }
  return rows;
}

export function pendoAccounts(p: Portfolio): Record<string, unknown>[] {
  const rows: Record<string, unknown>[] = [];
  for (const c of p.customers) {
    const id = c.vendorIds.pendo;
    if (id === undefined) continue;
    const first = accountFirstSeen(p, c);
    if (first > p.now) continue;
    const last = accountLastSeen(p, c);
    rows.push({
      accountId: id,
      metadata: {
        agent: {
          name: c.name,
          domain: c.domain,
          arrannuallyrecurringrevenue: c.arr,
          customersuccessmanager: c.owner,
          industry: c.industry,
          planlevel: c.plan,
          renewaldate: Date.parse(`${c.renewalDate}T00:00:00Z`),
          segment: c.segment,
          totallicenses: c.primaryCount,
        },
        auto: { firstvisit: first, id, idhash: hashString(id), lastupdated: Math.min(p.now, last + 60_000), lastvisit: last },
        auto__323232: { firstvisit: first, lastvisit: last },
      },
    });
  }
  return rows;
}
