/**
 * A core call started before the component that shows its answer mounts (with the page's first batch
 * of calls rather than after its first render). `useCoreData(load, scopes, prefetch)` uses it for its
 * first load, and starts out ready, without a loading render, when the answer is already in. Handed
 * over once: a component mounting later (a tab opened again) asks the core itself, so it never shows
 * an answer older than its own mount.
 */
export interface Prefetch<T> {
  /** The call and, once it arrived, its answer; null after the first take. */
  take(): PrefetchedCall<T> | null;
}

export interface PrefetchedCall<T> {
  promise: Promise<T>;
  answer: { value: T } | null;
}

export function prefetch<T>(promise: Promise<T>): Prefetch<T> {
  let answer: { value: T } | null = null;
  let taken = false;
  // A failure surfaces where the promise is used; here it only must not count as unhandled.
  promise.then(
    (value) => {
      answer = { value };
    },
    () => undefined,
  );
  return {
    take() {
      if (taken) return null;
      taken = true;
      return { promise, answer };
    },
  };
}
