export { pruneOldData } from './pruneOldData';
