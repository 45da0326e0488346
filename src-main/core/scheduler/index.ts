export { addDays, instantOfLocalTime, type LocalDate, localDateOf, mostRecentDue, nextDue } from './dueTimes';
export {
  type ConnectionSchedule,
  type ScheduledTrigger,
  Scheduler,
  type SchedulerDeps,
  type ScheduleSource,
  type ScheduleTarget,
} from './scheduler';
export { scheduleSourceFromStore } from './storeSource';
export { systemTimer, type TimerPort } from './timer';
