import { type FormEvent, useId, useRef, useState } from 'react';
import type { ConnectionInput, ConnectionSummary, VendorName } from '../../../src-shared/contract';
import { VendorBadge } from '../../components/Badge';
import { Button } from '../../components/Button';
import { plainError } from '../../components/errors';
import { Field } from '../../components/Field';
import { Notice } from '../../components/Notice';
import { bridge } from '../../lib/bridge';
import { allTimeZones, isTimeZone, type SettingFieldSpec, vendorOrder, vendorSpecs } from './vendors';

type Errors = Record<string, string>;

const labelPattern = /^[\p{L}\p{N} ._()-]+$/u;

/**
 * Adds a Pendo, Amplitude or Mixpanel connection. Key fields are uncontrolled password inputs: their
 * text never enters React state or a DOM attribute, is sent once with connections.create, and the inputs
 * are cleared right after, whatever the outcome.
 */
export function AddConnectionForm({
  existing,
  onCreated,
  onCancel,
}: {
  existing: readonly ConnectionSummary[];
  onCreated(connection: ConnectionSummary): void;
  onCancel(): void;
}) {
  const [vendor, setVendor] = useState<VendorName>('amplitude');
  const [label, setLabel] = useState('');
  const [region, setRegion] = useState('us');
  const [baseUrl, setBaseUrl] = useState('');
  const [settings, setSettings] = useState<Record<string, string>>({});
  const [errors, setErrors] = useState<Errors>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const form = useRef<HTMLFormElement>(null);
  const zoneListId = useId();
  const spec = vendorSpecs[vendor];
  const defaultLabel = uniqueLabel(spec.name, existing);

  const chooseVendor = (next: VendorName): void => {
    setVendor(next);
    setRegion('us');
    setSettings({});
    setErrors({});
    setFailure(null);
  };

  const secretInputs = (): HTMLInputElement[] => [
    ...(form.current?.querySelectorAll<HTMLInputElement>('input[data-secret]') ?? []),
  ];

  const validate = (input: { label: string; secrets: Record<string, string> }): Errors => {
    const found: Errors = {};
    if (input.label.length > 60) found.label = 'Use at most 60 characters.';
    else if (!labelPattern.test(input.label)) found.label = 'Use letters, digits, spaces and . _ ( ) - only.';
    else if (existing.some((c) => c.label.toLowerCase() === input.label.toLowerCase()))
      found.label = `There is already a connection named “${input.label}”. Choose another name.`;
    if (baseUrl.trim() !== '') {
      try {
        const url = new URL(baseUrl.trim());
        if (url.protocol !== 'http:' && url.protocol !== 'https:')
          found.baseUrl = 'Start the address with https:// (or http://).';
      } catch {
        found.baseUrl = 'This is not a web address. Example: https://proxy.example.com/amplitude';
      }
    }
    for (const field of spec.settings) {
      const value = settings[field.key]?.trim() ?? '';
      if (field.kind === 'timeZone' && value !== '' && !isTimeZone(value))
        found[field.key] = 'Not a known time zone. Pick one from the list, e.g. Europe/Berlin.';
    }
    if (vendor === 'mixpanel') {
      const username = settings.username?.trim() ?? '';
      const projectId = settings.projectId?.trim() ?? '';
      if (username !== '' && projectId === '') found.projectId = 'A service account needs the project id.';
      if (projectId !== '' && !/^\d+$/.test(projectId)) found.projectId = 'The project id is a number.';
    }
    for (const field of spec.secrets) {
      if (!input.secrets[field.key]) found[`secret.${field.key}`] = `Enter the ${lowerFirstWord(field.label)}.`;
    }
    return found;
  };

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    setFailure(null);
    const secrets: Record<string, string> = {};
    for (const input of secretInputs()) if (input.value.trim() !== '') secrets[input.name] = input.value.trim();
    const finalLabel = label.trim() || defaultLabel;
    const found = validate({ label: finalLabel, secrets });
    setErrors(found);
    if (Object.keys(found).length > 0) {
      const first = Object.keys(found)[0];
      form.current?.querySelector<HTMLElement>(`[data-field="${first}"]`)?.focus();
      return;
    }
    const vendorSettings: Record<string, string> = {};
    for (const field of spec.settings) {
      const value = settings[field.key]?.trim() ?? '';
      if (value !== '') vendorSettings[field.key] = value;
    }
    const request: ConnectionInput = {
      vendor,
      label: finalLabel,
      region,
      baseUrl: baseUrl.trim() === '' ? null : baseUrl.trim(),
      settings: vendorSettings,
      secrets,
    };
    setSaving(true);
    try {
      const created = await bridge.call('connections.create', request);
      onCreated(created);
    } catch (error) {
      setFailure(plainError(error));
    } finally {
      // The keys leave the inputs and this closure either way; after a failure the user types them again.
      for (const input of secretInputs()) input.value = '';
      for (const key of Object.keys(secrets)) delete secrets[key];
      setSaving(false);
    }
  };

  const settingInput = (field: SettingFieldSpec) => (
    <Field key={field.key} label={field.label} hint={field.hint} error={errors[field.key]} optional={!field.required}>
      {(control) => (
        <input
          {...control}
          data-field={field.key}
          type="text"
          autoComplete="off"
          spellCheck={false}
          list={field.kind === 'timeZone' ? zoneListId : undefined}
          placeholder={field.placeholder}
          value={settings[field.key] ?? ''}
          onChange={(event) => setSettings((previous) => ({ ...previous, [field.key]: event.target.value }))}
        />
      )}
    </Field>
  );

  return (
    <form ref={form} className="card add-connection" aria-labelledby="add-connection-title" onSubmit={submit} noValidate>
      <div className="card-head">
        <h3 id="add-connection-title">Add a connection</h3>
      </div>
      <fieldset className="vendor-picker">
        <legend>Vendor</legend>
        {vendorOrder.map((name) => (
          <label key={name} className={`vendor-option${vendor === name ? ' selected' : ''}`}>
            <input type="radio" name="vendor" value={name} checked={vendor === name} onChange={() => chooseVendor(name)} />
            <VendorBadge vendor={name} />
            <span className="vendor-option-blurb">{vendorSpecs[name].blurb}</span>
          </label>
        ))}
      </fieldset>

      <div className="form-grid">
        <Field label="Name" hint="How this connection is listed in Pulse." error={errors.label} optional>
          {(control) => (
            <input
              {...control}
              data-field="label"
              type="text"
              autoComplete="off"
              placeholder={defaultLabel}
              maxLength={60}
              value={label}
              onChange={(event) => setLabel(event.target.value)}
            />
          )}
        </Field>
        <Field label="Region" hint={`Where your ${spec.name} data is hosted.`}>
          {(control) => (
            <select {...control} data-field="region" value={region} onChange={(event) => setRegion(event.target.value)}>
              {spec.regions.map((option) => (
                <option key={option.value} value={option.value}>
                  {option.label}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field
          label="Base URL"
          optional
          className="span-2"
          hint={`Leave empty to reach ${spec.name} directly. Set it only for a company proxy or the demo sandbox.`}
          error={errors.baseUrl}
        >
          {(control) => (
            <input
              {...control}
              data-field="baseUrl"
              type="url"
              inputMode="url"
              autoComplete="off"
              spellCheck={false}
              placeholder="https://…"
              value={baseUrl}
              onChange={(event) => setBaseUrl(event.target.value)}
            />
          )}
        </Field>
      </div>

      <h4 className="form-section-title">{spec.name} settings</h4>
      <div className="form-grid">{spec.settings.map(settingInput)}</div>

      <h4 className="form-section-title">Keys</h4>
      <p className="muted form-section-lead">
        Keys go straight to this computer’s keychain. Pulse never shows them again: to change a key, remove the connection and add
        it again.
      </p>
      <div className="form-grid" key={vendor}>
        {spec.secrets.map((field) => (
          <Field key={field.key} label={field.label} hint={field.hint} error={errors[`secret.${field.key}`]}>
            {(control) => (
              <input
                {...control}
                data-field={`secret.${field.key}`}
                data-secret=""
                name={field.key}
                type="password"
                autoComplete="new-password"
                spellCheck={false}
                defaultValue=""
              />
            )}
          </Field>
        ))}
      </div>

      <datalist id={zoneListId}>
        {allTimeZones().map((zone) => (
          <option key={zone} value={zone} />
        ))}
      </datalist>

      {failure ? (
        <Notice tone="error" title="The connection was not saved.">
          {failure}
        </Notice>
      ) : null}
      <div className="button-row form-actions">
        <Button type="submit" variant="primary" busy={saving} busyLabel="Saving…">
          Save connection
        </Button>
        <Button onClick={onCancel} disabled={saving}>
          Cancel
        </Button>
      </div>
    </form>
  );
}

function uniqueLabel(base: string, existing: readonly ConnectionSummary[]): string {
  const taken = new Set(existing.map((c) => c.label.toLowerCase()));
  if (!taken.has(base.toLowerCase())) return base;
  for (let i = 2; ; i++) if (!taken.has(`${base} ${i}`.toLowerCase())) return `${base} ${i}`;
}

/** "API key" stays, "Secret key" becomes "secret key". */
function lowerFirstWord(label: string): string {
  const [first = '', ...rest] = label.split(' ');
  const word = first === first.toUpperCase() ? first : first.toLowerCase();
  return [word, ...rest].join(' ');
}
