// The resolver lives with the other time-zone day helpers; ingest keeps this name for its callers.
export { createLocalDayResolver } from '../localTime';
