/** The demo portfolio's data model: customers and people live in memory; events are generated on demand. */
import type { DemoPlatform, DemoRegion } from './catalogue';

export type Vendor = 'amplitude' | 'mixpanel' | 'pendo';
export const VENDORS: readonly Vendor[] = ['amplitude', 'mixpanel', 'pendo'];

export type Story = 'growing' | 'steady' | 'declining' | 'churning';
export type Segment = 'SMB' | 'Mid-Market' | 'Enterprise';
export type PersonKind = 'power' | 'regular' | 'casual' | 'dormant';

export interface PortfolioParams {
  seed?: number;
  accounts?: number;
  days?: number;
  /** Override of the skewed users-per-account draw (min, max); defaults 3..400. */
  minUsers?: number;
  maxUsers?: number;
  /** "Now" in epoch ms; history covers the `days` complete UTC days before now plus today so far. */
  now: number;
}

export interface DemoCustomer {
  index: number;
  name: string;
  domain: string;
  /** CSM owning the account. */
  owner: string;
  arr: number;
  segment: Segment;
  plan: 'Starter' | 'Growth' | 'Enterprise';
  industry: string;
  /** "YYYY-MM-DD" of the next renewal. */
  renewalDate: string;
  story: Story;
  /** "YYYY-MM-DD" from which the account has no events at all, or null. */
  churnDate: string | null;
  /** Ground truth for churn analysis: churned (at churnDate) or renewed (last renewal date). */
  outcome: { status: 'renewed' | 'churned'; date: string };
  /** Day index (0 = first day of history) the account started using the product; negative = before history. */
  createdDay: number;
  region: DemoRegion;
  /** Vendors tracking this account and the account's identifier in each. */
  vendorIds: { pendo?: string; amplitude?: string; mixpanel?: string };
  /** People indices; the first `primaryCount` have this as primary account, the rest are guests. */
  members: number[];
  primaryCount: number;
}

export interface DemoPerson {
  index: number;
  /** Primary account index. */
  account: number;
  /** Other account this person also works in (the "two accounts" edge case), or -1. */
  secondAccount: number;
  firstName: string;
  lastName: string;
  email: string;
  role: string;
  kind: PersonKind;
  /** Day index the person signed up (negative = before history). */
  joinDay: number;
  /** Epoch ms of each reached onboarding funnel step (only for people who signed up within history). */
  funnel: number[];
  /** Bit mask over DEMO_FEATURES of features this person uses. */
  features: number;
  platform: DemoPlatform;
  ip: string;
  pendoVisitorId: string;
  amplitudeUserId: string;
  amplitudeDeviceId: string;
  amplitudeId: number;
  mixpanelDistinctId: string;
}

export interface DemoCatalogIds {
  pendoFeatureIds: string[];
  pendoPageIds: string[];
  pendoGuideIds: string[];
  pendoGuideStepIds: string[][];
  /** Day index each guide went live. */
  guideLaunchDay: number[];
}

export interface Portfolio {
  seed: number;
  accounts: number;
  days: number;
  now: number;
  /** UTC midnight of day index 0. */
  startMs: number;
  /** Day index of today (== days). */
  todayIndex: number;
  customers: DemoCustomer[];
  people: DemoPerson[];
  catalog: DemoCatalogIds;
  /** Rough expected number of events per account per weekday (for export size estimates). */
  expectedEventsPerDay: number[];
}
