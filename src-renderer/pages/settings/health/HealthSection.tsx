import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { bandColors } from '../../../../src-shared/charts/palette';
import type { HealthComponentId, HealthConfig, HealthConfigState } from '../../../../src-shared/contract/health';
import { Button } from '../../../components/Button';
import { plainError } from '../../../components/errors';
import { Loading } from '../../../components/Loading';
import { Notice } from '../../../components/Notice';
import { toast } from '../../../components/Toast';
import { BridgeError, bridge } from '../../../lib/bridge';
import { AlertRulesCard } from './AlertRulesCard';
import { HealthPreviewPanel, type PreviewState } from './HealthPreviewPanel';
import {
  componentIds,
  componentInputs,
  componentLabels,
  defaultConfig,
  type HealthForm,
  readForm,
  sameConfig,
  toForm,
  weightShares,
} from './model';
import { NumberField } from './NumberField';
import './health.css';

const PREVIEW_DELAY_MS = 300;

type SaveState =
  | { kind: 'idle' }
  | { kind: 'saving' }
  | { kind: 'conflict'; message: string }
  | { kind: 'failed'; message: string };

/**
 * Health score and alerts: weights, thresholds, band cut-offs, minimum coverage and alert rules, with a
 * live preview (health.preview, debounced) of how many customers would change band before saving.
 * Saving sends the version the form started from, so a save made meanwhile elsewhere is reported
 * instead of overwritten.
 */
export function HealthSection() {
  const [base, setBase] = useState<HealthConfigState | null>(null);
  const [form, setForm] = useState<HealthForm | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [save, setSave] = useState<SaveState>({ kind: 'idle' });
  const [preview, setPreview] = useState<PreviewState>({ kind: 'loading', value: null });

  const read = useMemo(() => (form && base ? readForm(form, base.config) : null), [form, base]);
  const dirty = !!(form && base && (read?.config ? !sameConfig(read.config, base.config) : true));
  const dirtyRef = useRef(dirty);
  dirtyRef.current = dirty;

  const load = useCallback(async (force: boolean) => {
    try {
      const state = await bridge.call('health.config.get', {});
      setLoadError(null);
      // an edit in progress is never replaced behind the CSM's back; Save reports the conflict instead
      if (force || !dirtyRef.current) {
        setBase(state);
        setForm(toForm(state.config));
      }
    } catch (error) {
      setLoadError(plainError(error));
    }
  }, []);

  useEffect(() => {
    void load(true);
    return bridge.on('data.changed', ({ scopes }) => {
      if (scopes.includes('settings') || scopes.includes('metrics')) void load(false);
    });
  }, [load]);

  // live preview, debounced while typing; a late answer for an older form is dropped
  const configKey = read?.config ? JSON.stringify(read.config) : null;
  const hasForm = read !== null;
  const generation = useRef(0);
  useEffect(() => {
    const mine = ++generation.current;
    if (!hasForm) return;
    if (configKey === null) {
      setPreview({ kind: 'invalid' });
      return;
    }
    const config = JSON.parse(configKey) as HealthConfig;
    setPreview((previous) => ({
      kind: 'loading',
      value: previous.kind === 'ready' || previous.kind === 'loading' ? previous.value : null,
    }));
    const timer = setTimeout(() => {
      bridge.call('health.preview', { config }).then(
        (value) => {
          if (mine === generation.current) setPreview({ kind: 'ready', value });
        },
        (error: unknown) => {
          if (mine === generation.current) setPreview({ kind: 'failed', message: plainError(error) });
        },
      );
    }, PREVIEW_DELAY_MS);
    return () => clearTimeout(timer);
  }, [configKey, hasForm]);

  const edit = (change: (f: HealthForm) => HealthForm): void => {
    setForm((previous) => (previous ? change(previous) : previous));
    setSave((previous) => (previous.kind === 'failed' ? { kind: 'idle' } : previous));
  };

  const submit = async (expectedVersion: number | null): Promise<void> => {
    if (!read?.config) {
      document.querySelector<HTMLInputElement>('#section-health [aria-invalid="true"]')?.focus();
      return;
    }
    setSave({ kind: 'saving' });
    try {
      const saved = await bridge.call('health.config.set', { config: read.config, expectedVersion });
      setBase(saved);
      setForm(toForm(saved.config));
      setSave({ kind: 'idle' });
      toast('Health settings saved. Scores and alerts were recomputed.');
    } catch (error) {
      if (error instanceof BridgeError && error.code === 'CONFLICT') {
        setSave({ kind: 'conflict', message: error.message });
      } else {
        setSave({ kind: 'failed', message: plainError(error) });
      }
    }
  };

  const overwrite = async (): Promise<void> => {
    try {
      const latest = await bridge.call('health.config.get', {});
      await submit(latest.version);
    } catch (error) {
      setSave({ kind: 'failed', message: plainError(error) });
    }
  };

  const shares = form ? weightShares(form) : null;
  const errors = read?.errors ?? {};
  const atDefaults = read?.config ? sameConfig(read.config, defaultConfig) : false;
  const weighted = form ? componentIds.filter((id) => (shares?.[id] ?? 0) > 0).length : 0;

  return (
    <section className="settings-section health-settings" aria-labelledby="settings-health" id="section-health">
      <div className="section-head">
        <div>
          <h2 id="settings-health">Health score and alerts</h2>
          <p className="muted">
            How the health score is built and when alerts open. Nothing changes until you save; the preview shows the effect
            first.
          </p>
        </div>
        {base ? (
          <p className="muted hs-version" data-testid="health-config-version">
            {base.updatedAt ? `Version ${base.version}, saved ${new Date(base.updatedAt).toLocaleString()}` : 'Default settings'}
          </p>
        ) : null}
      </div>
      {loadError ? (
        <Notice tone="error" title="The health settings could not be loaded.">
          {loadError}{' '}
          <button type="button" className="button ghost" onClick={() => void load(true)}>
            Try again
          </button>
        </Notice>
      ) : null}
      {!form || !shares ? (
        loadError ? null : (
          <Loading label="Loading health settings…" />
        )
      ) : (
        <div className="hs-layout">
          <div className="hs-main">
            <section className="card" aria-labelledby="settings-health-weights">
              <h3 id="settings-health-weights">Score components</h3>
              <p className="muted">
                The score is the weighted average of these components, each scored 0 to 100 between its “bad” and “good” value.
                Weights are relative: the percentage is each one’s share of the score. Weight 0 leaves a component out.
              </p>
              <div className="hs-components">
                <div className="hs-components-head" aria-hidden="true">
                  <span>Component</span>
                  <span>Weight</span>
                  <span>Share of score</span>
                  <span>Scores 0 at (bad)</span>
                  <span>Scores 100 at (good)</span>
                </div>
                {componentIds.map((id) => (
                  <ComponentRow
                    key={id}
                    id={id}
                    form={form}
                    share={shares[id]}
                    errors={errors}
                    onWeight={(value) => edit((f) => ({ ...f, weights: { ...f.weights, [id]: value } }))}
                    onThreshold={(which, value) =>
                      edit((f) => ({
                        ...f,
                        thresholds: { ...f.thresholds, [id]: { ...f.thresholds[id], [which]: value } },
                      }))
                    }
                  />
                ))}
              </div>
              <WeightBar shares={shares} />
              {errors.weights ? (
                <p className="form-error" role="alert">
                  {errors.weights}
                </p>
              ) : weighted > 0 && weighted < 3 ? (
                <p className="form-hint hs-warning">
                  Only {weighted} component{weighted === 1 ? '' : 's'} count: one input will swing the score. Three to five are
                  easier to trust.
                </p>
              ) : null}
            </section>

            <section className="card" aria-labelledby="settings-health-bands">
              <h3 id="settings-health-bands">Bands and coverage</h3>
              <p className="muted">Where red ends and green begins, on the 0 to 100 score.</p>
              <BandBar yellow={form.bands.yellow} green={form.bands.green} />
              <div className="hs-fields">
                <NumberField
                  field="bands.yellow"
                  label="Yellow from"
                  unit="points"
                  hint="Below this is red."
                  value={form.bands.yellow}
                  error={errors['bands.yellow']}
                  onChange={(yellow) => edit((f) => ({ ...f, bands: { ...f.bands, yellow } }))}
                />
                <NumberField
                  field="bands.green"
                  label="Green from"
                  unit="points"
                  hint="From here up is green."
                  value={form.bands.green}
                  error={errors['bands.green']}
                  onChange={(green) => edit((f) => ({ ...f, bands: { ...f.bands, green } }))}
                />
                <NumberField
                  field="minCoverage"
                  label="Minimum coverage"
                  unit="%"
                  hint="Share of the weight that needs data; below it the customer shows “Insufficient data”."
                  value={form.minCoverage}
                  error={errors.minCoverage}
                  onChange={(minCoverage) => edit((f) => ({ ...f, minCoverage }))}
                />
                <NumberField
                  field="trendArrowPoints"
                  label="Trend arrow from"
                  unit="points"
                  hint="A change smaller than this shows as flat."
                  value={form.trendArrowPoints}
                  error={errors.trendArrowPoints}
                  onChange={(trendArrowPoints) => edit((f) => ({ ...f, trendArrowPoints }))}
                />
              </div>
            </section>

            <AlertRulesCard
              rules={form.rules}
              errors={errors}
              onChange={(rule, patch) => edit((f) => ({ ...f, rules: { ...f.rules, [rule]: { ...f.rules[rule], ...patch } } }))}
            />
          </div>
          <div className="hs-side">
            <HealthPreviewPanel state={preview} dirty={dirty} />
            <div className="card hs-actions">
              {save.kind === 'conflict' ? (
                <Notice tone="warning" title="Someone else saved the health settings meanwhile.">
                  Your changes are still in the form and were not saved. Load the saved version to start again from it, or save
                  yours over it.
                  <span className="button-row hs-conflict-actions">
                    <Button size="small" onClick={() => void load(true).then(() => setSave({ kind: 'idle' }))}>
                      Load the saved version
                    </Button>
                    <Button size="small" variant="danger" onClick={() => void overwrite()}>
                      Save mine over it
                    </Button>
                  </span>
                </Notice>
              ) : null}
              {save.kind === 'failed' ? (
                <Notice tone="error" title="The health settings were not saved." onDismiss={() => setSave({ kind: 'idle' })}>
                  {save.message}
                </Notice>
              ) : null}
              <p className="muted hs-save-note">
                {!read?.config
                  ? 'Some fields need fixing before you can save.'
                  : dirty
                    ? 'Saving recomputes every customer’s health history and alerts.'
                    : 'No unsaved changes.'}
              </p>
              <div className="button-row">
                <Button
                  variant="primary"
                  busy={save.kind === 'saving'}
                  busyLabel="Saving…"
                  disabled={!dirty || !read?.config}
                  onClick={() => void submit(base?.version ?? null)}
                >
                  Save health settings
                </Button>
                <Button disabled={!dirty || save.kind === 'saving'} onClick={() => base && setForm(toForm(base.config))}>
                  Discard changes
                </Button>
                <Button
                  variant="ghost"
                  disabled={atDefaults || save.kind === 'saving'}
                  onClick={() => {
                    setForm(toForm(defaultConfig));
                    toast('Defaults are in the form. Save to apply them.', 'info');
                  }}
                >
                  Reset to defaults
                </Button>
              </div>
            </div>
          </div>
        </div>
      )}
    </section>
  );
}

function ComponentRow({
  id,
  form,
  share,
  errors,
  onWeight,
  onThreshold,
}: {
  id: HealthComponentId;
  form: HealthForm;
  share: number | null;
  errors: Record<string, string>;
  onWeight(value: string): void;
  onThreshold(which: 'bad' | 'good', value: string): void;
}) {
  const label = componentLabels[id];
  const unit = componentInputs[id].unit === 'percent' ? '%' : undefined;
  return (
    <div className="hs-component" data-component={id}>
      <div className="hs-component-name">
        <strong>{label}</strong>
        <span className="muted">{componentInputs[id].measure}</span>
      </div>
      <NumberField
        field={`weights.${id}`}
        label={`${label} weight`}
        hideLabel
        value={form.weights[id]}
        error={errors[`weights.${id}`]}
        onChange={onWeight}
      />
      <span className="hs-share" data-testid={`weight-share-${id}`}>
        {share === null ? '–' : `${Math.round(share * 100)}%`}
        <span className="visually-hidden"> of the score</span>
      </span>
      <NumberField
        field={`thresholds.${id}.bad`}
        label={`${label}: scores 0 at`}
        hideLabel
        unit={unit}
        value={form.thresholds[id].bad}
        error={errors[`thresholds.${id}.bad`]}
        onChange={(value) => onThreshold('bad', value)}
      />
      <NumberField
        field={`thresholds.${id}.good`}
        label={`${label}: scores 100 at`}
        hideLabel
        unit={unit}
        value={form.thresholds[id].good}
        error={errors[`thresholds.${id}.good`]}
        onChange={(value) => onThreshold('good', value)}
      />
    </div>
  );
}

/** The weights as one stacked bar, labelled, so the split can be read at a glance. */
function WeightBar({ shares }: { shares: Record<HealthComponentId, number | null> }) {
  const parts = componentIds.filter((id) => (shares[id] ?? 0) > 0);
  if (parts.length === 0) return null;
  return (
    <div className="hs-weight-bar" aria-hidden="true">
      {parts.map((id, i) => (
        <span key={id} className={`hs-weight-part part-${i}`} style={{ flexGrow: shares[id] ?? 0 }}>
          {componentLabels[id]} {Math.round((shares[id] ?? 0) * 100)}%
        </span>
      ))}
    </div>
  );
}

/** Red / yellow / green along 0..100 at the typed cut-offs (nothing drawn while they are invalid). */
function BandBar({ yellow, green }: { yellow: string; green: string }) {
  const y = Number(yellow);
  const g = Number(green);
  if (!(Number.isFinite(y) && Number.isFinite(g) && y >= 0 && g <= 100 && y < g)) return null;
  return (
    <div className="hs-band-bar" aria-hidden="true">
      <span style={{ width: `${y}%`, background: bandColors.red }} />
      <span style={{ width: `${g - y}%`, background: bandColors.yellow }} />
      <span style={{ width: `${100 - g}%`, background: bandColors.green }} />
    </div>
  );
}
