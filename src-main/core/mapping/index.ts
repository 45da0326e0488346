export { autoLinkAccounts, linkAccount, type UnmatchedAccount, unmatchedAccounts } from './accountMapping';
export { nameSimilarity, normalizeCompanyName, normalizeDomain } from './normalize';
