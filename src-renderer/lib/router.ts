import { useSyncExternalStore } from 'react';

/** A tiny hash router: the app is served from a file-like origin (app:// or the web host), so routes live in the hash. */
export type Route =
  | { name: 'portfolio' }
  | { name: 'account'; id: string }
  | { name: 'alerts' }
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
    if (first === 'sync') return { name: 'sync' };
    if (first === 'settings') return { name: 'settings' };
  }
  if (first === 'account' && second && rest.length === 0) {
    try {
      const id = decodeURIComponent(second);
      if (id.trim() !== '') return { name: 'account', id };
    } catch {
      // malformed escape: falls through to not found
    }
  }
  return { name: 'notFound', path };
}

export function hrefFor(route: Route): string {
  switch (route.name) {
    case 'account':
      return `#/account/${encodeURIComponent(route.id)}`;
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
