export { type CustomerImportResult, importCustomersCsv } from './importCustomers';
