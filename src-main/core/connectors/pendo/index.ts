/** Pendo connector door. */

export { localDate, localDayStart } from '../../localTime';
export { createPendoConnector, PENDO_STREAM, pendoString } from './connector';
export {
  ALL_APPS,
  type PendoRegion,
  type PendoSettings,
  type PendoSettingsInput,
  pendoRegions,
  pendoSettingsSchema,
} from './settings';
