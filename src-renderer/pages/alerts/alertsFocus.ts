import { useSyncExternalStore } from 'react';

/**
 * What another part of the window (the command bar) asked the Alerts page to show: "my portfolio"
 * means the current owner's alerts. Kept outside the URL because the hash router has no query strings.
 */
let ownerFocus: string | null = null;
const listeners = new Set<() => void>();

export function focusAlertsOn(owner: string | null): void {
  ownerFocus = owner;
  for (const listener of listeners) listener();
}

export function useAlertsOwnerFocus(): string | null {
  return useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    () => ownerFocus,
  );
}
