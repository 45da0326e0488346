/** Mixpanel connector: raw export (JSON lines), engage profiles, cohorts, saved funnels, segmentation totals. */

export { createMixpanelConnector, funnelDefinition, MIXPANEL_STREAM, MixpanelConnector } from './connector';
export { ExportLineParser, type ExportParserOptions, REJECT as MIXPANEL_REJECT } from './exportParser';
export { type MixpanelSettings, type MixpanelSettingsInput, mixpanelSettingsSchema } from './settings';
