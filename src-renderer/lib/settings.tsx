import { createContext, type ReactNode, useCallback, useContext, useEffect, useRef, useState } from 'react';
import type { Settings, SettingsPatch } from '../../src-shared/contract';
import { bridge, errorMessage } from './bridge';
import { type Prefetch, type PrefetchedCall, prefetch } from './prefetch';

export interface SettingsState {
  settings: Settings | null;
  /** Why the settings could not be loaded, if they could not. */
  error: string | null;
  /** Saves a change; resolves with the stored settings, rejects with a BridgeError. */
  update(patch: SettingsPatch): Promise<Settings>;
  reload(): void;
}

const SettingsContext = createContext<SettingsState | null>(null);

let early: Prefetch<Settings> | null = null;
let stopListening: (() => void) | null = null;

/**
 * Asks for the settings as the window's script starts (startEarly.ts), with the home screen's calls:
 * every screen needs them (time zone, theme), and asked from the provider's effect they came after the
 * first render and its charts, and cost the page a second render. A settings change before the provider
 * takes them drops them: it then asks again.
 */
export function startSettingsEarly(): void {
  early = prefetch(bridge.call('settings.get', {}));
  stopListening = bridge.on('data.changed', ({ scopes }) => {
    if (scopes.includes('settings')) takeEarlySettings();
  });
}

function takeEarlySettings(): PrefetchedCall<Settings> | null {
  const taken = early?.take() ?? null;
  early = null;
  stopListening?.();
  stopListening = null;
  return taken;
}

/** Loads the workspace settings once, keeps them fresh on `data.changed` (settings), and saves changes. */
export function SettingsProvider({ children }: { children: ReactNode }) {
  const first = useRef<PrefetchedCall<Settings> | null | undefined>(undefined);
  if (first.current === undefined) first.current = takeEarlySettings();
  const [settings, setSettings] = useState<Settings | null>(() => first.current?.answer?.value ?? null);
  const [error, setError] = useState<string | null>(null);
  const generation = useRef(0);

  const reload = useCallback(() => {
    const mine = ++generation.current;
    const call = first.current;
    first.current = null;
    (call ? call.promise : bridge.call('settings.get', {})).then(
      (value) => {
        if (mine !== generation.current) return;
        setSettings(value);
        setError(null);
      },
      (cause: unknown) => {
        if (mine === generation.current) setError(errorMessage(cause));
      },
    );
  }, []);

  useEffect(() => {
    // Already showing the early answer: nothing to ask on mount.
    if (first.current?.answer) first.current = null;
    else reload();
    return bridge.on('data.changed', ({ scopes }) => {
      if (scopes.includes('settings')) reload();
    });
  }, [reload]);

  const update = useCallback(async (patch: SettingsPatch) => {
    generation.current++; // a reply to an older read must not overwrite what we are about to store
    const stored = await bridge.call('settings.update', { patch });
    setSettings(stored);
    setError(null);
    return stored;
  }, []);

  return <SettingsContext.Provider value={{ settings, error, update, reload }}>{children}</SettingsContext.Provider>;
}

export function useSettings(): SettingsState {
  const state = useContext(SettingsContext);
  if (!state) throw new Error('useSettings outside SettingsProvider');
  return state;
}
