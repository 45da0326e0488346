import type { regionsByVendor, secretFieldsByVendor, VendorName } from '../../../src-shared/contract/connections';

// The contract's lists are runtime values in a module that imports zod, which must stay out of the
// renderer bundle; these copies are checked against them at compile time.
const vendorRegions: { [V in VendorName]: (typeof regionsByVendor)[V] } = {
  amplitude: ['us', 'eu'],
  mixpanel: ['us', 'eu', 'in'],
  pendo: ['us', 'us1', 'eu', 'jp', 'au'],
};
type SecretKey<V extends VendorName> = (typeof secretFieldsByVendor)[V][number];

/** What the Add-connection form asks for, per vendor. Setting keys match each connector's settings schema. */
export interface SettingFieldSpec {
  key: string;
  label: string;
  hint: string;
  kind: 'text' | 'timeZone';
  placeholder?: string;
  /** Sent as-is when the user leaves the field empty; omitted when undefined. */
  required?: boolean;
}

export interface SecretFieldSpec<K extends string = string> {
  key: K;
  label: string;
  hint: string;
}

export interface VendorSpec<V extends VendorName = VendorName> {
  name: string;
  blurb: string;
  regions: Array<{ value: string; label: string }>;
  settings: SettingFieldSpec[];
  secrets: Array<SecretFieldSpec<SecretKey<V>>>;
}

const regionLabels: Record<string, string> = {
  us: 'United States',
  us1: 'United States (us1)',
  eu: 'European Union',
  in: 'India',
  jp: 'Japan',
  au: 'Australia',
};

const regions = (vendor: VendorName) =>
  (vendorRegions[vendor] as readonly string[]).map((value) => ({ value, label: `${regionLabels[value] ?? value} (${value})` }));

export const vendorSpecs: { [V in VendorName]: VendorSpec<V> } = {
  amplitude: {
    name: 'Amplitude',
    blurb: 'Raw event export, account groups, and totals from the Dashboard API for the accuracy check.',
    regions: regions('amplitude'),
    settings: [
      {
        key: 'groupType',
        label: 'Account group type',
        hint: 'The Amplitude Accounts group that names the customer, e.g. "company" (the default).',
        kind: 'text',
        placeholder: 'company',
      },
      {
        key: 'projectTimeZone',
        label: 'Project time zone',
        hint: 'As set in the Amplitude project; used to compare totals with Amplitude’s own. Default UTC.',
        kind: 'timeZone',
        placeholder: 'UTC',
      },
    ],
    secrets: [
      { key: 'apiKey', label: 'API key', hint: 'Amplitude → Settings → Projects → your project → General.' },
      { key: 'secretKey', label: 'Secret key', hint: 'Shown next to the API key.' },
    ],
  },
  mixpanel: {
    name: 'Mixpanel',
    blurb: 'Raw event export per day, group (account) profiles and segmentation totals.',
    regions: regions('mixpanel'),
    settings: [
      {
        key: 'username',
        label: 'Service account username',
        hint: 'Looks like name.1a2b3c.mp-service-account. Leave empty to use a legacy project API secret.',
        kind: 'text',
        placeholder: 'pulse.1a2b3c.mp-service-account',
      },
      {
        key: 'projectId',
        label: 'Project id',
        hint: 'The number in your Mixpanel project URL. Needed with a service account.',
        kind: 'text',
        placeholder: '3141592',
      },
      {
        key: 'groupKey',
        label: 'Account property (group key)',
        hint: 'The event property that holds the customer account id. Default company_id.',
        kind: 'text',
        placeholder: 'company_id',
      },
      {
        key: 'dataGroupId',
        label: 'Data group id',
        hint: 'From Project settings → Group keys; lets Pulse read account names and domains.',
        kind: 'text',
      },
      {
        key: 'projectTimeZone',
        label: 'Project time zone',
        hint: 'As set in the Mixpanel project; export days are cut in it. Default UTC.',
        kind: 'timeZone',
        placeholder: 'UTC',
      },
    ],
    secrets: [{ key: 'secret', label: 'Service account secret', hint: 'Or the project API secret when the username is empty.' }],
  },
  pendo: {
    name: 'Pendo',
    blurb: 'Daily visitor and account activity, features, pages and guides through the aggregation API.',
    regions: regions('pendo'),
    settings: [
      {
        key: 'appId',
        label: 'App id',
        hint: 'Leave empty to read every app in the subscription, or enter one app id.',
        kind: 'text',
        placeholder: 'All apps',
      },
      {
        key: 'subscriptionTimeZone',
        label: 'Subscription time zone',
        hint: 'Pendo → Settings → Subscription settings. Pendo’s days start at midnight there. Default America/New_York.',
        kind: 'timeZone',
        placeholder: 'America/New_York',
      },
    ],
    secrets: [
      {
        key: 'integrationKey',
        label: 'Integration key',
        hint: 'Pendo → Settings → Integrations → Integration keys (read access).',
      },
    ],
  },
};

export const vendorOrder: VendorName[] = ['amplitude', 'mixpanel', 'pendo'];

/** Friendly names for the secret fields shown on a saved connection ("API key: set"). */
export function secretLabel(vendor: VendorName, key: string): string {
  return (vendorSpecs[vendor].secrets as SecretFieldSpec[]).find((spec) => spec.key === key)?.label ?? key;
}

export function regionLabel(region: string): string {
  return regionLabels[region] ?? region.toUpperCase();
}

let zoneCache: string[] | null = null;
/** Every IANA zone this browser knows, plus UTC. */
export function allTimeZones(): string[] {
  if (!zoneCache) {
    let zones: string[] = [];
    try {
      zones = Intl.supportedValuesOf('timeZone');
    } catch {
      zones = [];
    }
    zoneCache = [...new Set(['UTC', ...zones])].sort();
  }
  return zoneCache;
}

export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
