export { importCustomersCsv } from './importCustomers';
