import { type ComponentType, createElement, lazy } from 'react';

export interface LazyPage<P extends object> {
  /** Renders the page, loading its chunk on first use (suspending to the nearest Suspense meanwhile). */
  Page: ComponentType<P>;
  /** Loads the chunk ahead of the first visit; from then on the page renders without suspending. */
  preload(): Promise<void>;
}

/**
 * A code-split page that can be loaded before its first visit. React.lazy suspends on its first
 * render even when the module is already in memory, and React then holds the boundary's content back
 * until 300 ms after it showed the fallback (profiled: the first account opened waited about 320 ms
 * before it even asked the core for its data). Once `preload()` resolved, `Page` renders the loaded
 * component directly. Call at module level, once per page (like React.lazy).
 */
export function lazyPage<P extends object>(load: () => Promise<ComponentType<P>>): LazyPage<P> {
  let loaded: ComponentType<P> | null = null;
  let loading: Promise<ComponentType<P>> | null = null;
  const fetchPage = (): Promise<ComponentType<P>> => {
    loading ??= load().then(
      (component) => {
        loaded = component;
        return component;
      },
      (error: unknown) => {
        loading = null; // a failed chunk download may be retried
        throw error;
      },
    );
    return loading;
  };
  const Lazy = lazy(() => fetchPage().then((component) => ({ default: component })));
  // biome-ignore lint/correctness/noComponentHookFactories: made once per page at module level, as React.lazy is
  function Page(props: P) {
    return loaded ? createElement(loaded, props) : createElement(Lazy as unknown as ComponentType<P>, props);
  }
  return { Page, preload: () => fetchPage().then(() => undefined) };
}
