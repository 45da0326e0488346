export { changeVersion, memoUntilChanged, writeUncounted } from './changeVersion';
export {
  flushDerivedResults,
  inputGeneration,
  type JsonCodec,
  type PersistedSlot,
  rememberedResult,
} from './derivedResults';
export { type OpenStoreOptions, openStore, type Store } from './openStore';
export type { Database } from './schema';
export { describeSqliteError, isSqliteError } from './sqliteErrors';
