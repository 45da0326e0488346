export { routeByTime } from './routeByTime';
