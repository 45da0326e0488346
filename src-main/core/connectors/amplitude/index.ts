/**
 * Amplitude connector (door). Export API → CanonicalEvents by UTC upload day; Dashboard REST →
 * accuracy samples; Behavioral Cohorts → cohort members; accounts from the export's group properties.
 */
export {
  AMPLITUDE_HOSTS,
  type AmplitudeConnector,
  type AmplitudeConnectorOptions,
  type AmplitudeRegion,
  createAmplitudeConnector,
  EVENTS_STREAM,
} from './connector';
export { parseEventLine } from './eventParser';
export { readExportZip } from './exportReader';
export {
  AMPLITUDE_SECRET_NAMES,
  type AmplitudeSettings,
  amplitudeSettingsSchema,
  type ResolvedAmplitudeSettings,
} from './settings';
