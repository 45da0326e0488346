import { type KeyboardEvent, type ReactNode, useId, useMemo, useState } from 'react';
import type { AppInfo, Settings, SettingsPatch } from '../../../src-shared/contract';
import { StatusPill } from '../../components/Badge';
import { plainError } from '../../components/errors';
import { Checkbox, Field } from '../../components/Field';
import { Loading } from '../../components/Loading';
import { NameListEditor } from '../../components/NameListEditor';
import { Notice } from '../../components/Notice';
import { bridge } from '../../lib/bridge';
import { useSettings } from '../../lib/settings';
import { useCoreData } from '../../lib/useCoreData';
import { breakdownPropertyList, keyEventList } from './nameLists';
import { allTimeZones } from './vendors';

const hostLabels: Record<AppInfo['host'], string> = {
  electron: 'Desktop app',
  web: 'Browser (pulse serve, this computer only)',
  cli: 'Command line',
  test: 'Test harness',
};

type CardName = 'reporting' | 'schedule' | 'privacy' | 'keyEvents' | 'breakdowns' | 'appearance';
type SaveState =
  | { kind: 'idle' }
  | { kind: 'saving'; card: CardName }
  | { kind: 'saved'; card: CardName; what: string }
  | { kind: 'failed'; card: CardName; message: string };

/** Workspace settings. Every control saves on its own (selects and boxes on change, numbers on Enter or leaving the field). */
export function GeneralSection() {
  const { settings, error: loadError, update, reload } = useSettings();
  const info = useCoreData(() => bridge.call('app.info', {}), ['settings']);
  const [draft, setDraft] = useState<SettingsPatch>({});
  const [save, setSave] = useState<SaveState>({ kind: 'idle' });

  const value = <K extends keyof Settings>(key: K): Settings[K] | undefined =>
    (draft[key] as Settings[K] | undefined) ?? settings?.[key];

  const change = async (card: CardName, patch: SettingsPatch, what: string): Promise<boolean> => {
    setDraft((previous) => ({ ...previous, ...patch }));
    setSave({ kind: 'saving', card });
    try {
      await update(patch);
      setSave({ kind: 'saved', card, what });
      return true;
    } catch (error) {
      setSave({ kind: 'failed', card, message: plainError(error) });
      return false;
    } finally {
      setDraft((previous) => {
        const next = { ...previous };
        for (const key of Object.keys(patch) as Array<keyof SettingsPatch>) delete next[key];
        return next;
      });
    }
  };

  const status = (card: CardName): ReactNode => (
    <>
      <p className="save-status" role="status" aria-live="polite">
        {save.kind === 'saving' && save.card === card
          ? 'Saving…'
          : save.kind === 'saved' && save.card === card
            ? `Saved. ${save.what}.`
            : ''}
      </p>
      {save.kind === 'failed' && save.card === card ? (
        <Notice tone="error" title="That change was not saved." onDismiss={() => setSave({ kind: 'idle' })}>
          {save.message}
        </Notice>
      ) : null}
    </>
  );

  const disabled = !settings;
  const tz = value('timezone') ?? 'UTC';

  return (
    <section className="settings-section" aria-labelledby="settings-general" id="section-general">
      <div className="section-head">
        <div>
          <h2 id="settings-general">General</h2>
          <p className="muted">How this workspace reports, syncs, keeps data and looks. Changes save as you make them.</p>
        </div>
      </div>
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
          <h3 id="settings-reporting">Reporting</h3>
          <p className="muted">
            Days, weeks and months are cut in this time zone for every chart and report, whatever this computer’s own zone is.
          </p>
          <TimeZonePicker
            value={settings ? tz : null}
            onChange={(zone) => void change('reporting', { timezone: zone }, `Time zone set to ${zone}`)}
          />
          <Field label="Week starts on">
            {(control) => (
              <select
                {...control}
                value={value('weekStart') ?? ''}
                disabled={disabled}
                onChange={(event) => {
                  const weekStart = event.target.value === 'sunday' ? 'sunday' : 'monday';
                  void change('reporting', { weekStart }, `Weeks start on ${weekStart === 'sunday' ? 'Sunday' : 'Monday'}`);
                }}
              >
                {!settings ? <option value="">Loading…</option> : null}
                <option value="monday">Monday</option>
                <option value="sunday">Sunday</option>
              </select>
            )}
          </Field>
          <TextSetting
            label="Your name as account owner"
            hint="“My accounts” shows the customers whose owner (from the customers CSV) is this name."
            placeholder="e.g. Dana Whitfield"
            value={settings ? (settings.currentOwner ?? '') : null}
            onCommit={(text) =>
              change(
                'reporting',
                { currentOwner: text === '' ? null : text },
                text === '' ? 'Owner name cleared' : `Owner set to ${text}`,
              )
            }
          />
          {status('reporting')}
        </section>

        <section className="card" aria-labelledby="settings-schedule">
          <h3 id="settings-schedule">Sync schedule</h3>
          <p className="muted">
            Pulse syncs every connection once a day while it is open. You can always sync by hand on the Sync page.
          </p>
          <ScheduleSetting
            syncTime={settings ? (value('syncTime') ?? null) : undefined}
            timeZone={tz}
            onChange={(syncTime) =>
              void change('schedule', { syncTime }, syncTime ? `Daily sync at ${syncTime}` : 'Scheduled syncs turned off')
            }
          />
          <NumberSetting
            label="Back-fill on first sync"
            unit="days"
            min={1}
            max={730}
            hint="How much history a new connection fetches the first time."
            value={settings ? settings.backfillDays : null}
            onCommit={(n) => change('schedule', { backfillDays: n }, `First syncs fetch ${n} days`)}
          />
          <NumberSetting
            label="Look-back on every sync"
            unit="days"
            min={0}
            max={30}
            hint="Recent days fetched again each time, because vendors deliver some events late."
            value={settings ? settings.lookbackDays : null}
            onCommit={(n) => change('schedule', { lookbackDays: n }, `Each sync re-reads the last ${n} days`)}
          />
          {status('schedule')}
        </section>

        <section className="card" aria-labelledby="settings-privacy">
          <h3 id="settings-privacy">Privacy and data</h3>
          <Checkbox
            label="Store readable user ids"
            checked={value('storeReadableUserIds') ?? false}
            disabled={disabled}
            onChange={(checked) =>
              void change(
                'privacy',
                { storeReadableUserIds: checked },
                checked ? 'Readable user ids will be stored' : 'User ids will be stored as codes only',
              )
            }
            description={
              <>
                <p>
                  <strong>Off (recommended):</strong> each end user is stored as a one-way code, so power-user and at-risk lists
                  show “User 4f2a…”, never an email or a name.
                </p>
                <p>
                  <strong>On:</strong> the vendor’s user id (often an email) and user properties are kept, so those lists show who
                  the person is. Applies to data synced from now on.
                </p>
              </>
            }
          />
          <NumberSetting
            label="Keep usage data for"
            unit="months"
            min={1}
            max={120}
            hint="Older daily usage is deleted from this computer."
            value={settings ? settings.retentionMonths : null}
            onCommit={(n) => change('privacy', { retentionMonths: n }, `Usage is kept for ${n} months`)}
          />
          {status('privacy')}
        </section>

        <section className="card" aria-labelledby="settings-key-events">
          <h3 id="settings-key-events">Key events</h3>
          <p className="muted">
            For funnels, Pulse keeps every occurrence of these events (other events are kept as daily counts). Use the names
            exactly as your product tool records them, in funnel order.
          </p>
          <NameListEditor
            kind={keyEventList}
            names={settings ? (value('keyEvents') ?? []) : null}
            onChange={(keyEvents, what) => change('keyEvents', { keyEvents }, what)}
          />
          {status('keyEvents')}
        </section>

        <section className="card" aria-labelledby="settings-breakdowns">
          <h3 id="settings-breakdowns">Breakdown properties</h3>
          <p className="muted">
            Events and funnels on account pages can be broken down by these event or user properties (Amplitude and Mixpanel).
            Only listed properties are kept; a change applies from the next sync (run a full sync to re-cut history).
          </p>
          <NameListEditor
            kind={breakdownPropertyList}
            names={settings ? (value('breakdownProperties') ?? []) : null}
            onChange={(breakdownProperties, what) => change('breakdowns', { breakdownProperties }, what)}
          />
          {status('breakdowns')}
        </section>

        <section className="card" aria-labelledby="settings-appearance">
          <h3 id="settings-appearance">Appearance</h3>
          <p className="muted">“System” follows your computer’s light or dark setting.</p>
          <Field label="Theme">
            {(control) => (
              <select
                {...control}
                value={value('theme') ?? ''}
                disabled={disabled}
                onChange={(event) => {
                  const theme = event.target.value === 'light' || event.target.value === 'dark' ? event.target.value : 'system';
                  void change('appearance', { theme }, `Theme set to ${theme}`);
                }}
              >
                {!settings ? <option value="">Loading…</option> : null}
                <option value="system">System</option>
                <option value="light">Light</option>
                <option value="dark">Dark</option>
              </select>
            )}
          </Field>
          {status('appearance')}
        </section>

        <section className="card" aria-labelledby="settings-keychain">
          <h3 id="settings-keychain">Vendor keys</h3>
          {info.value ? (
            <>
              <p>
                <StatusPill tone={info.value.keychain.available ? 'ok' : 'bad'}>
                  {info.value.keychain.available ? 'Keychain available' : 'Keychain not available'}
                </StatusPill>
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
          ) : info.status === 'error' ? (
            <Notice tone="error" title="Pulse could not check the keychain.">
              {info.error}
            </Notice>
          ) : (
            <Loading label="Checking the keychain…" lines={1} />
          )}
        </section>

        <section className="card" aria-labelledby="settings-about">
          <h3 id="settings-about">About this workspace</h3>
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
            <Loading lines={2} />
          )}
        </section>
      </div>
    </section>
  );
}

/** A search box narrowing a select of every IANA zone; Enter in the box picks the first match. */
function TimeZonePicker({ value, onChange }: { value: string | null; onChange(zone: string): void }) {
  const [query, setQuery] = useState('');
  const searchId = useId();
  const { zones, matchCount } = useMemo(() => {
    const all = allTimeZones();
    const needle = query.trim().toLowerCase().replaceAll(' ', '_');
    const matches = needle === '' ? all : all.filter((zone) => zone.toLowerCase().includes(needle));
    // the current zone stays selectable (first) even when the search does not match it
    return { zones: value && !matches.includes(value) ? [value, ...matches] : matches, matchCount: matches.length };
  }, [query, value]);
  const groups = useMemo(() => {
    const map = new Map<string, string[]>();
    for (const zone of zones) {
      const region = zone.includes('/') ? (zone.split('/')[0] ?? 'Other') : 'Other';
      map.set(region, [...(map.get(region) ?? []), zone]);
    }
    return [...map.entries()];
  }, [zones]);

  const pickFirst = (event: KeyboardEvent<HTMLInputElement>): void => {
    if (event.key !== 'Enter') return;
    event.preventDefault();
    const first = zones.find((zone) => zone !== value);
    if (first && query.trim() !== '' && matchCount > 0) onChange(first);
  };

  return (
    <div className="tz-picker">
      <div className="form-field">
        <label htmlFor={searchId}>Find a time zone</label>
        <input
          id={searchId}
          type="search"
          placeholder="City or region, e.g. Berlin"
          value={query}
          disabled={value === null}
          onChange={(event) => setQuery(event.target.value)}
          onKeyDown={pickFirst}
          aria-describedby={`${searchId}-count`}
        />
        <p className="form-hint" id={`${searchId}-count`} aria-live="polite">
          {query.trim() === ''
            ? 'Type to narrow the list; Enter picks the first match.'
            : matchCount === 1
              ? '1 zone matches.'
              : `${matchCount} zones match.`}
        </p>
      </div>
      <Field label="Reporting time zone">
        {(control) => (
          <select {...control} value={value ?? ''} disabled={value === null} onChange={(event) => onChange(event.target.value)}>
            {value === null ? <option value="">Loading…</option> : null}
            {groups.map(([region, list]) => (
              <optgroup key={region} label={region}>
                {list.map((zone) => (
                  <option key={zone} value={zone}>
                    {zone.replaceAll('_', ' ')}
                  </option>
                ))}
              </optgroup>
            ))}
          </select>
        )}
      </Field>
    </div>
  );
}

function NumberSetting({
  label,
  hint,
  unit,
  min,
  max,
  value,
  onCommit,
}: {
  label: string;
  hint: string;
  unit: string;
  min: number;
  max: number;
  value: number | null;
  onCommit(value: number): Promise<boolean>;
}) {
  const [text, setText] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const shown = text ?? (value === null ? '' : String(value));

  const commit = async (): Promise<void> => {
    if (text === null || value === null) return;
    const n = Number(text.trim());
    if (text.trim() === '' || !Number.isInteger(n) || n < min || n > max) {
      setError(`Enter a whole number from ${min} to ${max}.`);
      return;
    }
    setError(null);
    if (n !== value && !(await onCommit(n))) return;
    setText(null);
  };

  return (
    <Field label={label} hint={hint} error={error}>
      {(control) => (
        <div className="input-with-unit">
          <input
            {...control}
            type="number"
            inputMode="numeric"
            min={min}
            max={max}
            step={1}
            value={shown}
            disabled={value === null}
            onChange={(event) => setText(event.target.value)}
            onBlur={() => void commit()}
            onKeyDown={(event) => {
              if (event.key === 'Enter') void commit();
              if (event.key === 'Escape') {
                setText(null);
                setError(null);
              }
            }}
          />
          <span className="unit">{unit}</span>
        </div>
      )}
    </Field>
  );
}

function TextSetting({
  label,
  hint,
  placeholder,
  value,
  onCommit,
}: {
  label: string;
  hint: string;
  placeholder: string;
  value: string | null;
  onCommit(value: string): Promise<boolean>;
}) {
  const [text, setText] = useState<string | null>(null);
  const commit = async (): Promise<void> => {
    if (text === null || value === null) return;
    const trimmed = text.trim().slice(0, 200);
    if (trimmed !== value && !(await onCommit(trimmed))) return;
    setText(null);
  };
  return (
    <Field label={label} hint={hint} optional>
      {(control) => (
        <input
          {...control}
          type="text"
          placeholder={placeholder}
          value={text ?? value ?? ''}
          disabled={value === null}
          maxLength={200}
          onChange={(event) => setText(event.target.value)}
          onBlur={() => void commit()}
          onKeyDown={(event) => {
            if (event.key === 'Enter') void commit();
          }}
        />
      )}
    </Field>
  );
}

function ScheduleSetting({
  syncTime,
  timeZone,
  onChange,
}: {
  /** undefined while loading. */
  syncTime: string | null | undefined;
  timeZone: string;
  onChange(syncTime: string | null): void;
}) {
  const [lastTime, setLastTime] = useState('06:00');
  const on = syncTime !== null && syncTime !== undefined;
  return (
    <>
      <Checkbox
        label="Sync every day"
        checked={on}
        disabled={syncTime === undefined}
        onChange={(checked) => onChange(checked ? (syncTime ?? lastTime) : null)}
        description={on ? undefined : 'Off: connections sync only when you press Sync now.'}
      />
      {on ? (
        <Field label="Daily sync time" hint={`In ${timeZone.replaceAll('_', ' ')} time (the reporting time zone).`}>
          {(control) => (
            <input
              {...control}
              type="time"
              value={syncTime}
              required
              onChange={(event) => {
                const next = event.target.value;
                if (/^([01]\d|2[0-3]):[0-5]\d$/.test(next)) {
                  setLastTime(next);
                  onChange(next);
                }
              }}
            />
          )}
        </Field>
      ) : null}
    </>
  );
}
