export { type JsonArrayItemsOptions, jsonArrayItems, streamFailure } from './jsonArrayItems';
