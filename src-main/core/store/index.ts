export { changeVersion, memoUntilChanged } from './changeVersion';
export { type OpenStoreOptions, openStore, type Store } from './openStore';
export type { Database } from './schema';
export { describeSqliteError, isSqliteError } from './sqliteErrors';
