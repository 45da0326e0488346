export { importCustomersCsv } from './importCustomers';
export { OUTCOME_WORDS, OutcomeStore, parseOutcomeStatus } from './outcomes';
