/**
 * Calendar days in a time zone: the one place Pulse turns instants into local dates and local midnights
 * (ingest, the Pendo and Mixpanel connectors, the scheduler, the demo sandboxes).
 */
export { createLocalDayResolver } from './localDayResolver';
export { addDays, daysBetween, isDateKey, isValidTimeZone, localDate, localDayStart, tzOffsetMs, wallClock } from './zonedDays';
