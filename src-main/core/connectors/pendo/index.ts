/** Pendo connector door. */
export { createPendoConnector, PENDO_STREAM, pendoString } from './connector';
export {
  ALL_APPS,
  type PendoRegion,
  type PendoSettings,
  type PendoSettingsInput,
  pendoRegions,
  pendoSettingsSchema,
} from './settings';
export { localDate, localDayStart } from './timeZone';
