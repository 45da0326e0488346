export { isVendorError, VendorError } from './vendorError';
export { briefBody, retryAfterMs, safeUrl, statusError, type VendorRequest, vendorFetch } from './vendorRequest';
