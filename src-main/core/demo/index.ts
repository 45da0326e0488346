/**
 * The demo capability: a seeded synthetic portfolio and local sandboxes speaking Amplitude, Mixpanel
 * and Pendo's real protocols. Other folders import from here only.
 */

export { demoCustomersCsv } from './customersCsv';
export { DEMO_FEATURES, DEMO_GUIDES, DEMO_PAGES, FUNNEL_STEPS } from './portfolio/catalogue';
export { accountDayEvents, type DemoEvent } from './portfolio/events';
export { DEFAULT_ACCOUNTS, DEFAULT_DAYS, DEFAULT_SEED, generatePortfolio, MAX_ACCOUNTS } from './portfolio/generate';
export { type GroundTruth, type GroundTruthQuery, groundTruth, userIdIn } from './portfolio/groundTruth';
export type { DemoCustomer, DemoPerson, Portfolio, PortfolioParams, Segment, Story, Vendor } from './portfolio/model';
export { VENDORS } from './portfolio/model';
export { AMPLITUDE_EXPORT_LAG_MS, vendorAccountId } from './portfolio/vendorScan';
export { FAULT_KINDS, type FaultKind, type FaultSpec } from './sandbox/faults';
export {
  DEMO_CREDENTIALS,
  type RequestCounts,
  type RunningSandboxes,
  type SandboxOptions,
  startSandboxes,
} from './sandbox/server';
