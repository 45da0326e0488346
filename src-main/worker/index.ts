export { CoreClient, type CoreClientOptions } from './client';
export type { WorkerStartData } from './protocol';
