export { createFileLogger } from './fileLogger';
export { SecretScrubber } from './secretScrubber';
