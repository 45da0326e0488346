/** The fixed product catalogue of the demo app: features, pages, guides, funnel steps and name pools. */

export interface DemoFeature {
  /** Event name sent to Amplitude and Mixpanel. */
  eventName: string;
  /** Display name (Pendo feature name). */
  name: string;
  /** Page the feature lives on (index into DEMO_PAGES). */
  page: number;
  /** Base probability that an account uses the feature at all (very different adoption). */
  adoption: number;
  /** Relative frequency among a user's feature events. */
  weight: number;
}

export const DEMO_PAGES = [
  { name: 'Dashboard', path: '/dashboard' },
  { name: 'Projects', path: '/projects' },
  { name: 'Project Detail', path: '/projects/detail' },
  { name: 'Reports', path: '/reports' },
  { name: 'Report Builder', path: '/reports/builder' },
  { name: 'Integrations', path: '/settings/integrations' },
  { name: 'Team Settings', path: '/settings/team' },
  { name: 'Billing', path: '/settings/billing' },
  { name: 'Alerts', path: '/alerts' },
  { name: 'Help Center', path: '/help' },
] as const;

export const DEMO_FEATURES: readonly DemoFeature[] = [
  { eventName: 'Dashboard Filtered', name: 'Dashboard Filter', page: 0, adoption: 0.98, weight: 10 },
  { eventName: 'Project Opened', name: 'Open Project', page: 1, adoption: 0.97, weight: 9 },
  { eventName: 'Task Created', name: 'Create Task', page: 2, adoption: 0.92, weight: 8 },
  { eventName: 'Comment Added', name: 'Add Comment', page: 2, adoption: 0.85, weight: 6 },
  { eventName: 'Report Viewed', name: 'View Report', page: 3, adoption: 0.8, weight: 6 },
  { eventName: 'Report Exported', name: 'Export Report (CSV)', page: 3, adoption: 0.55, weight: 3 },
  { eventName: 'Chart Added', name: 'Add Chart', page: 4, adoption: 0.5, weight: 3 },
  { eventName: 'Schedule Created', name: 'Schedule Report', page: 4, adoption: 0.3, weight: 1.5 },
  { eventName: 'Integration Connected', name: 'Connect Integration', page: 5, adoption: 0.35, weight: 0.5 },
  { eventName: 'Webhook Configured', name: 'Configure Webhook', page: 5, adoption: 0.12, weight: 0.6 },
  { eventName: 'Role Changed', name: 'Change Role', page: 6, adoption: 0.4, weight: 0.4 },
  { eventName: 'SSO Enabled', name: 'Enable SSO', page: 6, adoption: 0.08, weight: 0.2 },
  { eventName: 'Invoice Downloaded', name: 'Download Invoice', page: 7, adoption: 0.25, weight: 0.3 },
  { eventName: 'Alert Rule Created', name: 'Create Alert Rule', page: 8, adoption: 0.2, weight: 1 },
  { eventName: 'AI Summary Generated', name: 'Generate AI Summary', page: 3, adoption: 0.15, weight: 2 },
  { eventName: 'Help Article Opened', name: 'Open Help Article', page: 9, adoption: 0.6, weight: 0.8 },
];

/** The onboarding funnel, in order. */
export const FUNNEL_STEPS = ['Signed Up', 'Created Project', 'Invited Teammate', 'Created Report', 'Shared Report'] as const;

/** Probability of reaching step i given step i-1, and the [min, max] ms between the two steps. */
export const FUNNEL_TRANSITIONS: readonly { p: number; minMs: number; maxMs: number }[] = [
  { p: 1, minMs: 0, maxMs: 0 },
  { p: 0.78, minMs: 3 * 60_000, maxMs: 2 * 3_600_000 },
  { p: 0.58, minMs: 30 * 60_000, maxMs: 3 * 86_400_000 },
  { p: 0.66, minMs: 3_600_000, maxMs: 5 * 86_400_000 },
  { p: 0.48, minMs: 10 * 60_000, maxMs: 7 * 86_400_000 },
];

export interface DemoGuide {
  name: string;
  steps: number;
  /** Day index (relative to the history start) at which the guide went live; may be negative. */
  launchFraction: number;
  /** Share of eligible users who are shown the guide. */
  audience: number;
  /** Probability to advance each step (else dismissed). */
  advance: number;
  page: number;
}

export const DEMO_GUIDES: readonly DemoGuide[] = [
  { name: 'Welcome Tour', steps: 4, launchFraction: -1, audience: 0.9, advance: 0.72, page: 0 },
  { name: 'New: AI Summaries', steps: 1, launchFraction: 0.35, audience: 0.8, advance: 0.45, page: 3 },
  { name: 'Report Builder Walkthrough', steps: 3, launchFraction: 0.1, audience: 0.6, advance: 0.6, page: 4 },
  { name: 'NPS Survey Q3', steps: 2, launchFraction: 0.6, audience: 0.5, advance: 0.35, page: 0 },
];

export const GUIDE_EVENT_TYPES = ['guideSeen', 'guideAdvanced', 'guideDismissed'] as const;
export type GuideEventType = (typeof GUIDE_EVENT_TYPES)[number];

export const CSM_NAMES = ['Alex Rivera', 'Priya Natarajan', 'Jordan Lee', 'Sam Okafor', 'Mei Chen'] as const;

export const COMPANY_FIRST = [
  'Acme',
  'Globex',
  'Initech',
  'Umbrella',
  'Stark',
  'Wayne',
  'Hooli',
  'Vandelay',
  'Soylent',
  'Tyrell',
  'Cyberdyne',
  'Wonka',
  'Oscorp',
  'Aperture',
  'Nakatomi',
  'Monarch',
  'Gringotts',
  'Blue Sun',
  'Massive Dynamic',
  'Pied Piper',
  'Dunder',
  'Prestige',
  'Sirius',
  'Virtucon',
  'Zorg',
  'Bluth',
  'Krusty',
  'Octan',
  'Ollivander',
  'Sterling',
  'Wernham',
  'Yoyodyne',
  'Axiom',
  'Helix',
  'Northwind',
  'Contoso',
  'Fabrikam',
  'Tailspin',
  'Litware',
  'Adventure Works',
] as const;

export const COMPANY_SECOND = [
  'Corp',
  'Labs',
  'Analytics',
  'Systems',
  'Health',
  'Logistics',
  'Bank',
  'Retail',
  'Media',
  'Energy',
  'Foods',
  'Robotics',
  'Software',
  'Partners',
  'Group',
  'Industries',
  'Networks',
  'Insurance',
  'Studios',
  'Biotech',
] as const;

export const COMPANY_THIRD = [
  '',
  'Europe',
  'Asia',
  'North',
  'West',
  'Global',
  'Digital',
  'Cloud',
  'Capital',
  'Holdings',
] as const;

export const INDUSTRIES = [
  'Software',
  'Healthcare',
  'Finance',
  'Retail',
  'Manufacturing',
  'Media',
  'Logistics',
  'Education',
] as const;

export const FIRST_NAMES = [
  'Ava',
  'Ben',
  'Chloe',
  'Diego',
  'Elena',
  'Farid',
  'Grace',
  'Hiro',
  'Isla',
  'Jamal',
  'Kara',
  'Liam',
  'Maya',
  'Noah',
  'Olga',
  'Pablo',
  'Quinn',
  'Rosa',
  'Sven',
  'Tara',
  'Umar',
  'Vera',
  'Wes',
  'Xena',
  'Yusuf',
  'Zoe',
  'Anil',
  'Bea',
  'Carl',
  'Dana',
] as const;

export const LAST_NAMES = [
  'Smith',
  'Garcia',
  'Nguyen',
  'Kowalski',
  'Haddad',
  'Tanaka',
  'Okoye',
  'Muller',
  'Rossi',
  'Silva',
  'Novak',
  'Larsen',
  'Patel',
  'Kim',
  'Dubois',
  'Cohen',
  'Ivanova',
  'Moreau',
  'Jensen',
  'Fischer',
  'Brown',
  'Lopez',
  'Khan',
  'Sato',
] as const;

export const ROLES = ['Admin', 'Manager', 'Member', 'Member', 'Member', 'Viewer'] as const;

export interface DemoPlatform {
  os: string;
  osVersion: string;
  browser: string;
  browserVersion: string;
  userAgent: string;
  deviceFamily: string;
}

export const PLATFORMS: readonly DemoPlatform[] = [
  {
    os: 'Windows',
    osVersion: '10',
    browser: 'Chrome',
    browserVersion: '124.0.6367',
    userAgent:
      'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.6367.91 Safari/537.36',
    deviceFamily: 'Windows',
  },
  {
    os: 'Mac OS X',
    osVersion: '10.15.7',
    browser: 'Chrome',
    browserVersion: '124.0.6367',
    userAgent:
      'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.6367.91 Safari/537.36',
    deviceFamily: 'Mac OS',
  },
  {
    os: 'Mac OS X',
    osVersion: '10.15.7',
    browser: 'Safari',
    browserVersion: '17.4.1',
    userAgent:
      'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4.1 Safari/605.1.15',
    deviceFamily: 'Mac OS',
  },
  {
    os: 'Windows',
    osVersion: '10',
    browser: 'Edge',
    browserVersion: '124.0.2478',
    userAgent:
      'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36 Edg/124.0.2478.67',
    deviceFamily: 'Windows',
  },
  {
    os: 'Linux',
    osVersion: '',
    browser: 'Firefox',
    browserVersion: '125.0',
    userAgent: 'Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0',
    deviceFamily: 'Linux',
  },
];

export interface DemoRegion {
  country: string;
  region: string;
  city: string;
  /** Hours to add to UTC for local working time. */
  utcOffset: number;
  lat: number;
  lng: number;
  language: string;
}

export const REGIONS: readonly DemoRegion[] = [
  { country: 'United States', region: 'New York', city: 'New York', utcOffset: -5, lat: 40.71, lng: -74.0, language: 'English' },
  {
    country: 'United States',
    region: 'California',
    city: 'San Francisco',
    utcOffset: -8,
    lat: 37.77,
    lng: -122.42,
    language: 'English',
  },
  { country: 'United States', region: 'Illinois', city: 'Chicago', utcOffset: -6, lat: 41.88, lng: -87.63, language: 'English' },
  { country: 'United Kingdom', region: 'England', city: 'London', utcOffset: 0, lat: 51.51, lng: -0.13, language: 'English' },
  { country: 'Germany', region: 'Berlin', city: 'Berlin', utcOffset: 1, lat: 52.52, lng: 13.4, language: 'German' },
  { country: 'Canada', region: 'Ontario', city: 'Toronto', utcOffset: -5, lat: 43.65, lng: -79.38, language: 'English' },
];
