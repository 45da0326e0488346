export { createLocalDayResolver } from './localDay';
export { createPseudonymizer } from './pseudonymizer';
export {
  type AggregatorOptions,
  type PropertyEventRow,
  type PropertyUserRow,
  type WindowAggregate,
  WindowAggregator,
} from './windowAggregator';
export { type WindowCommit, WindowWriter } from './windowWriter';
