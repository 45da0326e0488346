import { useCallback, useEffect, useRef, useState } from 'react';
import type { CoreEvents } from '../../src-shared/contract';
import { bridge, errorMessage } from './bridge';
import type { Prefetch, PrefetchedCall } from './prefetch';

type Scope = CoreEvents['data.changed']['scopes'][number];

export type CoreData<T> =
  | { status: 'loading'; value: null; error: null }
  | { status: 'ready'; value: T; error: null }
  | { status: 'error'; value: T | null; error: string };

/**
 * Loads something from the core and refetches it whenever the core says one of `scopes` changed.
 * Keeps the last good value while refetching or after a failed refetch, so the page does not flash.
 * With `prefetched` (the same call, started earlier by the page), the first load is that call, and an
 * answer already in is shown from the first render.
 */
export function useCoreData<T>(
  load: () => Promise<T>,
  scopes: readonly Scope[],
  prefetched?: Prefetch<T> | null,
): CoreData<T> & { reload(): void } {
  const early = useRef<PrefetchedCall<T> | null | undefined>(undefined);
  if (early.current === undefined) early.current = prefetched?.take() ?? null;
  const [state, setState] = useState<CoreData<T>>(() => {
    const answer = early.current?.answer;
    return answer ? { status: 'ready', value: answer.value, error: null } : { status: 'loading', value: null, error: null };
  });
  const loadRef = useRef(load);
  loadRef.current = load;
  const generation = useRef(0);

  const reload = useCallback(() => {
    const mine = ++generation.current;
    const call = early.current;
    early.current = null;
    (call ? call.promise : loadRef.current()).then(
      (value) => {
        if (mine === generation.current) setState({ status: 'ready', value, error: null });
      },
      (error: unknown) => {
        if (mine === generation.current)
          setState((previous) => ({ status: 'error', value: previous.value, error: errorMessage(error) }));
      },
    );
  }, []);

  const scopeKey = scopes.join(',');
  useEffect(() => {
    // Already showing the prefetched answer: nothing to ask on mount.
    if (early.current?.answer) early.current = null;
    else reload();
    const wanted = new Set(scopeKey.split(','));
    return bridge.on('data.changed', ({ scopes: changed }) => {
      if (changed.some((scope) => wanted.has(scope))) reload();
    });
  }, [reload, scopeKey]);

  return { ...state, reload };
}
