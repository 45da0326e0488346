export { databasePathIn, defaultDataDir, productName, resolveDataDir } from './dataDir';
