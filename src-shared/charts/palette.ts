/**
 * Colours shared by the screens and the reports. Vendors get one colour each wherever sources are
 * compared; health bands use a colour-blind-safe trio (Okabe-Ito) and always travel with a text label.
 */
export type Vendor = 'pendo' | 'amplitude' | 'mixpanel';
export type HealthBand = 'red' | 'yellow' | 'green';

export const vendorColors: Readonly<Record<Vendor, string>> = {
  pendo: '#CC79A7',
  amplitude: '#0072B2',
  mixpanel: '#7B61FF',
};

export const vendorLabels: Readonly<Record<Vendor, string>> = {
  pendo: 'Pendo',
  amplitude: 'Amplitude',
  mixpanel: 'Mixpanel',
};

export const bandColors: Readonly<Record<HealthBand, string>> = {
  red: '#D55E00',
  yellow: '#E69F00',
  green: '#009E73',
};

export const bandLabels: Readonly<Record<HealthBand, string>> = {
  red: 'At risk',
  yellow: 'Watch',
  green: 'Healthy',
};

/** Neutral series colours for charts that compare metrics rather than vendors or bands. */
export const seriesColors: readonly string[] = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#56B4E9', '#D55E00', '#F0E442'];
