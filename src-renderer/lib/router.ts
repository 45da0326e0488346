import { useSyncExternalStore } from 'react';

/** A tiny hash router: the app is served from a file-like origin (app:// or the web host), so routes live in the hash. */

/** The Account page's tabs, addressable as `#/account/<customerId>/<tab>` (the command bar links to them). */
export const accountTabs = ['engagement', 'retention', 'funnels', 'features', 'guides', 'users', 'alerts', 'sources'] as const;
export type AccountTab = (typeof accountTabs)[number];

export function isAccountTab(value: string | undefined): value is AccountTab {
  return value !== undefined && (accountTabs as readonly string[]).includes(value);
}

export type Route =
  | { name: 'portfolio' }
  | { name: 'account'; id: string; tab?: AccountTab }
  | { name: 'alerts' }
  | { name: 'churn' }
  | { name: 'sync' }
  | { name: 'settings' }
  | { name: 'notFound'; path: string };

export type RouteName = Route['name'];

export function parseHash(hash: string): Route {
  const path = hash.replace(/^#/, '').replace(/\/+$/, '') || '/portfolio';
  const parts = path.split('/').filter(Boolean);
  const [first, second, ...rest] = parts;
  if (parts.length === 1) {
    if (first === 'portfolio') return { name: 'portfolio' };
    if (first === 'alerts') return { name: 'alerts' };
    if (first === 'churn') return { name: 'churn' };
    if (first === 'sync') return { name: 'sync' };
    if (first === 'settings') return { name: 'settings' };
  }
  if (first === 'account' && second && (rest.length === 0 || (rest.length === 1 && isAccountTab(rest[0])))) {
    try {
      const id = decodeURIComponent(second);
      const tab = rest[0];
      if (id.trim() !== '') return isAccountTab(tab) ? { name: 'account', id, tab } : { name: 'account', id };
    } catch {
      // malformed escape: falls through to not found
    }
  }
  return { name: 'notFound', path };
}

export function hrefFor(route: Route): string {
  switch (route.name) {
    case 'account':
      return `#/account/${encodeURIComponent(route.id)}${route.tab ? `/${route.tab}` : ''}`;
    case 'notFound':
      return '#/portfolio';
    default:
      return `#/${route.name}`;
  }
}

export function navigate(route: Route): void {
  window.location.hash = hrefFor(route);
}

const subscribe = (onChange: () => void): (() => void) => {
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
};

/** The current route; re-renders on hash changes. Returns the same hash string so React can compare cheaply. */
export function useRoute(): Route {
  const hash = useSyncExternalStore(subscribe, () => window.location.hash);
  return parseHash(hash);
}
