export { collectGarbageNow } from './collectGarbage';
