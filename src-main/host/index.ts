export { assertLoopbackBind, isLoopbackName, newLaunchToken } from './guards';
export { type CoreClientLike, contentSecurityPolicy, startWebHost, type WebHost, type WebHostOptions } from './webHost';
