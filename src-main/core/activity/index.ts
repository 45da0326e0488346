export { noteRequests, RequestActivity } from './requestActivity';
