import { lazyPage } from '../../lib/lazyPage';

/** The Account page's chunk: rendered by the app's routes, preloaded from the portfolio (warmUp.ts). */
export const accountPage = lazyPage(() => import('./AccountPage').then((m) => m.AccountPage));
