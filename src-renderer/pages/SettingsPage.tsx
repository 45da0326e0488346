import { useId, useMemo, useState } from 'react';
import type { AppInfo, Settings, SettingsPatch } from '../../src-shared/contract';
import { Notice } from '../components/Notice';
import { bridge, errorMessage } from '../lib/bridge';
import { useSettings } from '../lib/settings';
import { useCoreData } from '../lib/useCoreData';

const hostLabels: Record<AppInfo['host'], string> = {
  electron: 'Desktop app',
  web: 'Browser (pulse serve, this computer only)',
  cli: 'Command line',
  test: 'Test harness',
};

/** IANA zones grouped by region for the picker; the current value is always offered, even if this browser lacks it. */
function timeZoneGroups(current: string | undefined): Array<[string, string[]]> {
  let zones: string[];
  try {
    zones = Intl.supportedValuesOf('timeZone');
  } catch {
    zones = [];
  }
  const all = new Set(['UTC', ...zones]);
  if (current) all.add(current);
  const groups = new Map<string, string[]>();
  for (const zone of [...all].sort()) {
    const region = zone.includes('/') ? (zone.split('/')[0] ?? 'Other') : 'Other';
    const list = groups.get(region) ?? [];
    list.push(zone);
    groups.set(region, list);
  }
  return [...groups.entries()];
}

type SaveState = { kind: 'idle' } | { kind: 'saving' } | { kind: 'saved'; what: string } | { kind: 'failed'; message: string };

export function SettingsPage() {
  const { settings, error: loadError, update, reload } = useSettings();
  const info = useCoreData(() => bridge.call('app.info', {}), ['settings']);
  const [draft, setDraft] = useState<SettingsPatch>({});
  const [save, setSave] = useState<SaveState>({ kind: 'idle' });
  const zones = useMemo(() => timeZoneGroups(settings?.timezone), [settings?.timezone]);
  const ids = { tz: useId(), week: useId(), theme: useId() };

  const value = <K extends keyof Settings>(key: K): Settings[K] | undefined =>
    (draft[key] as Settings[K] | undefined) ?? settings?.[key];

  const change = async (patch: SettingsPatch, what: string): Promise<void> => {
    setDraft((previous) => ({ ...previous, ...patch }));
    setSave({ kind: 'saving' });
    try {
      await update(patch);
      setSave({ kind: 'saved', what });
    } catch (error) {
      setSave({ kind: 'failed', message: errorMessage(error) });
    } finally {
      setDraft((previous) => {
        const next = { ...previous };
        for (const key of Object.keys(patch) as Array<keyof SettingsPatch>) delete next[key];
        return next;
      });
    }
  };

  return (
    <div className="page settings">
      <p className="page-lead">How this workspace reports, looks and keeps your vendor keys.</p>
      {loadError ? (
        <Notice tone="error" title="Settings could not be loaded.">
          {loadError}{' '}
          <button type="button" className="button ghost" onClick={reload}>
            Try again
          </button>
        </Notice>
      ) : null}

      <div className="settings-grid">
        <section className="card" aria-labelledby="settings-reporting">
          <h2 id="settings-reporting">Reporting</h2>
          <p className="muted">
            Days, weeks and months are cut in this time zone for every chart and report, whatever this computer's own zone is.
          </p>
          <div className="field">
            <label htmlFor={ids.tz}>Reporting time zone</label>
            <select
              id={ids.tz}
              value={value('timezone') ?? ''}
              disabled={!settings}
              onChange={(event) => void change({ timezone: event.target.value }, `Time zone set to ${event.target.value}`)}
            >
              {!settings ? <option value="">Loading…</option> : null}
              {zones.map(([region, list]) => (
                <optgroup key={region} label={region}>
                  {list.map((zone) => (
                    <option key={zone} value={zone}>
                      {zone.replaceAll('_', ' ')}
                    </option>
                  ))}
                </optgroup>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor={ids.week}>Week starts on</label>
            <select
              id={ids.week}
              value={value('weekStart') ?? ''}
              disabled={!settings}
              onChange={(event) => {
                const weekStart = event.target.value === 'sunday' ? 'sunday' : 'monday';
                void change({ weekStart }, `Weeks start on ${weekStart === 'sunday' ? 'Sunday' : 'Monday'}`);
              }}
            >
              {!settings ? <option value="">Loading…</option> : null}
              <option value="monday">Monday</option>
              <option value="sunday">Sunday</option>
            </select>
          </div>
        </section>

        <section className="card" aria-labelledby="settings-appearance">
          <h2 id="settings-appearance">Appearance</h2>
          <p className="muted">“System” follows your computer's light or dark setting.</p>
          <div className="field">
            <label htmlFor={ids.theme}>Theme</label>
            <select
              id={ids.theme}
              value={value('theme') ?? ''}
              disabled={!settings}
              onChange={(event) => {
                const theme = event.target.value === 'light' || event.target.value === 'dark' ? event.target.value : 'system';
                void change({ theme }, `Theme set to ${theme}`);
              }}
            >
              {!settings ? <option value="">Loading…</option> : null}
              <option value="system">System</option>
              <option value="light">Light</option>
              <option value="dark">Dark</option>
            </select>
          </div>
        </section>

        <section className="card" aria-labelledby="settings-keychain">
          <h2 id="settings-keychain">Vendor keys</h2>
          {info.value ? (
            <>
              <p>
                <span className={`pill ${info.value.keychain.available ? 'pill-done' : 'pill-failed'}`}>
                  {info.value.keychain.available ? 'Keychain available' : 'Keychain not available'}
                </span>
              </p>
              <p>
                Keys are stored in: <strong>{info.value.keychain.description}</strong>
              </p>
              {info.value.keychain.problem ? (
                <Notice tone="warning" title="Keys cannot be saved safely right now.">
                  {info.value.keychain.problem}
                </Notice>
              ) : (
                <p className="muted">
                  Keys never leave the keychain: this window can set a key or ask whether one is set, never read it back.
                </p>
              )}
            </>
          ) : (
            <p className="muted">{info.status === 'error' ? info.error : 'Checking the keychain…'}</p>
          )}
        </section>

        <section className="card" aria-labelledby="settings-about">
          <h2 id="settings-about">About this workspace</h2>
          {info.value ? (
            <dl className="facts">
              <dt>Version</dt>
              <dd data-testid="app-version">{info.value.version}</dd>
              <dt>Data folder</dt>
              <dd className="mono break" data-testid="data-dir">
                {info.value.dataDir}
              </dd>
              <dt>Database</dt>
              <dd className="mono break">{info.value.databasePath}</dd>
              <dt>Schema version</dt>
              <dd>{info.value.schemaVersion}</dd>
              <dt>Running in</dt>
              <dd>{hostLabels[info.value.host]}</dd>
            </dl>
          ) : info.status === 'error' ? (
            <Notice tone="error" title="Pulse could not describe this workspace.">
              {info.error}
            </Notice>
          ) : (
            <p className="muted">Loading…</p>
          )}
        </section>
      </div>

      <p className="save-status" role="status" aria-live="polite">
        {save.kind === 'saving' ? 'Saving…' : save.kind === 'saved' ? `Saved. ${save.what}.` : ''}
      </p>
      {save.kind === 'failed' ? (
        <Notice tone="error" title="That change was not saved." onDismiss={() => setSave({ kind: 'idle' })}>
          {save.message}
        </Notice>
      ) : null}
    </div>
  );
}
