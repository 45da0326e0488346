import { createContext, useContext, useEffect, useSyncExternalStore } from 'react';
import type { Settings } from '../../src-shared/contract';

export type ResolvedTheme = 'light' | 'dark';

const query = '(prefers-color-scheme: dark)';

function subscribeToSystem(onChange: () => void): () => void {
  const media = window.matchMedia(query);
  media.addEventListener('change', onChange);
  return () => media.removeEventListener('change', onChange);
}

/** The OS preference, live. */
export function useSystemTheme(): ResolvedTheme {
  return useSyncExternalStore(subscribeToSystem, () => (window.matchMedia(query).matches ? 'dark' : 'light'));
}

export function resolveTheme(setting: Settings['theme'] | undefined, system: ResolvedTheme): ResolvedTheme {
  return setting === 'light' || setting === 'dark' ? setting : system;
}

/** Puts the theme on <html> so the CSS variables (and native controls, via color-scheme) follow it. */
export function useApplyTheme(theme: ResolvedTheme): void {
  useEffect(() => {
    document.documentElement.dataset.theme = theme;
    document.documentElement.style.colorScheme = theme;
  }, [theme]);
}

export const ThemeContext = createContext<ResolvedTheme>('light');

export function useTheme(): ResolvedTheme {
  return useContext(ThemeContext);
}
