import { createContext, type ReactNode, useCallback, useContext, useEffect, useRef, useState } from 'react';
import type { Settings, SettingsPatch } from '../../src-shared/contract';
import { bridge, errorMessage } from './bridge';

export interface SettingsState {
  settings: Settings | null;
  /** Why the settings could not be loaded, if they could not. */
  error: string | null;
  /** Saves a change; resolves with the stored settings, rejects with a BridgeError. */
  update(patch: SettingsPatch): Promise<Settings>;
  reload(): void;
}

const SettingsContext = createContext<SettingsState | null>(null);

/** Loads the workspace settings once, keeps them fresh on `data.changed` (settings), and saves changes. */
export function SettingsProvider({ children }: { children: ReactNode }) {
  const [settings, setSettings] = useState<Settings | null>(null);
  const [error, setError] = useState<string | null>(null);
  const generation = useRef(0);

  const reload = useCallback(() => {
    const mine = ++generation.current;
    bridge.call('settings.get', {}).then(
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
    reload();
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
