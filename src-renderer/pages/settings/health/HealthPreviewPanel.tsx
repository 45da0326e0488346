import { bandColors, bandLabels } from '../../../../src-shared/charts/palette';
import type { HealthBand, HealthPreview } from '../../../../src-shared/contract/health';

export type PreviewState =
  | { kind: 'invalid' }
  | { kind: 'loading'; value: HealthPreview | null }
  | { kind: 'ready'; value: HealthPreview }
  | { kind: 'failed'; message: string };

const bandOrder = ['red', 'yellow', 'green', 'none'] as const;
const SHOWN = 40;

function BandName({ band }: { band: HealthBand | null }) {
  if (band === null) return <span className="band-chip band-none">Insufficient data</span>;
  return (
    <span className={`band-chip band-${band}`} style={{ ['--band' as string]: bandColors[band] }}>
      {bandLabels[band]}
    </span>
  );
}

const score = (s: number | null): string => (s === null ? '–' : String(Math.round(s)));
const customers = (n: number): string => `${n} customer${n === 1 ? '' : 's'}`;

/**
 * What the settings in the form would do to today's bands, before anything is saved: how many
 * customers move band, the band counts now and proposed, and which customers move.
 */
export function HealthPreviewPanel({ state, dirty }: { state: PreviewState; dirty: boolean }) {
  const value = state.kind === 'ready' || state.kind === 'loading' ? state.value : null;
  const changedRows = value?.rows.filter((row) => row.changed) ?? [];
  const headline =
    state.kind === 'invalid'
      ? 'Fix the fields marked in red to see the effect.'
      : state.kind === 'failed'
        ? `The preview could not be computed: ${state.message}`
        : value === null
          ? 'Working out the effect…'
          : value.rows.length === 0
            ? 'No customer has a health score yet: sync a source first.'
            : value.changed === 0
              ? dirty
                ? 'No customer would change band.'
                : 'These are the saved settings: change something to see its effect.'
              : `${customers(value.changed)} would change band.`;
  return (
    <section
      className="card hs-preview"
      aria-labelledby="settings-health-preview"
      aria-busy={state.kind === 'loading' || undefined}
      data-testid="health-preview"
    >
      <div className="card-head">
        <h3 id="settings-health-preview">Preview</h3>
        <span className="muted hs-preview-state" aria-hidden="true">
          {state.kind === 'loading' ? 'Updating…' : 'Not saved yet'}
        </span>
      </div>
      <p
        className={`hs-preview-headline${value && value.changed > 0 ? ' has-changes' : ''}`}
        role="status"
        aria-live="polite"
        data-testid="health-preview-changed"
        data-count={value && state.kind === 'ready' ? value.changed : undefined}
      >
        {headline}
      </p>
      {value && value.rows.length > 0 ? (
        <>
          <table className="hs-band-table">
            <caption className="visually-hidden">Customers per band, now and with these settings</caption>
            <thead>
              <tr>
                <th scope="col">Band</th>
                <th scope="col" className="num">
                  Now
                </th>
                <th scope="col" className="num">
                  With these settings
                </th>
              </tr>
            </thead>
            <tbody>
              {bandOrder.map((band) => {
                const delta = value.proposed[band] - value.current[band];
                return (
                  <tr key={band} data-band={band}>
                    <th scope="row">
                      <BandName band={band === 'none' ? null : band} />
                    </th>
                    <td className="num">{value.current[band]}</td>
                    <td className="num">
                      <strong>{value.proposed[band]}</strong>
                      {delta !== 0 ? (
                        <span className={`hs-delta ${delta > 0 ? 'up' : 'down'}`}>
                          {' '}
                          ({delta > 0 ? '+' : '−'}
                          {Math.abs(delta)})
                        </span>
                      ) : null}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          {changedRows.length > 0 ? (
            <div className="hs-moves">
              <h4>Would change band</h4>
              <ul data-testid="health-preview-moves">
                {changedRows.slice(0, SHOWN).map((row) => (
                  <li key={row.customer.id} data-customer-id={row.customer.id}>
                    <span className="hs-move-name">{row.customer.name}</span>
                    <span className="hs-move-bands">
                      <span className="hs-move-score">{score(row.current.score)}</span>
                      <BandName band={row.current.band} />
                      <span aria-hidden="true" className="hs-arrow">
                        →
                      </span>
                      <span className="visually-hidden"> would become </span>
                      <span className="hs-move-score">{score(row.proposed.score)}</span>
                      <BandName band={row.proposed.band} />
                    </span>
                  </li>
                ))}
              </ul>
              {changedRows.length > SHOWN ? <p className="muted">and {customers(changedRows.length - SHOWN)} more.</p> : null}
            </div>
          ) : null}
        </>
      ) : null}
    </section>
  );
}
