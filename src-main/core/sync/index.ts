export { type RateBudget, RateLimiter, realSleep, type Sleep } from './rateLimiter';
export { defaultRetryPolicy, nextRetryDelay, type RetryPolicy } from './retryPolicy';
export { SyncEngine, type SyncEngineDeps, type SyncRequest } from './syncEngine';
export { workspaceUserKeySecret } from './workspaceSecret';
