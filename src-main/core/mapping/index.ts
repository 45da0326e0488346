export { autoLinkAccounts, linkAccount, unmatchedAccounts } from './accountMapping';
export { nameSimilarity, normalizeCompanyName, normalizeDomain } from './normalize';
