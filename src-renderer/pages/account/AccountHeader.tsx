import { useEffect, useId, useMemo, useState } from 'react';
import { formatDay, formatNumber } from '../../../src-shared/charts/format';
import { healthHistoryOption } from '../../../src-shared/charts/healthHistory';
import { bandColors } from '../../../src-shared/charts/palette';
import type { HealthComponent, TrendArrow } from '../../../src-shared/contract/health';
import type { ReportFormat } from '../../../src-shared/contract/reports';
import { VendorBadge } from '../../components/Badge';
import { Button } from '../../components/Button';
import { plainError } from '../../components/errors';
import { ProgressBar } from '../../components/ProgressBar';
import { bridge } from '../../lib/bridge';
import { useCoreData } from '../../lib/useCoreData';
import { Chart } from './Chart';
import type { AccountData } from './loadAccount';
import { OutcomeFact } from './OutcomeControl';
import { bandText, coverageText, healthUnavailableText, money, percent, renewalText, scoreText, signedPoints } from './text';

const arrows: Record<TrendArrow, { glyph: string; word: string }> = {
  up: { glyph: '▲', word: 'rising' },
  down: { glyph: '▼', word: 'falling' },
  flat: { glyph: '▶', word: 'steady' },
};

export function AccountHeader({ data }: { data: AccountData; reload(): void }) {
  const { metrics, health } = data;
  const snapshot = health?.snapshot ?? null;
  const customer = health?.customer;
  const renewal = renewalText(metrics.today, customer?.renewalDate ?? null);
  const [open, setOpen] = useState(false);
  const breakdownId = useId();
  const band = snapshot?.band ?? null;
  const arrow = health?.trend.arrow7 ?? null;

  return (
    <section className="card account-header" aria-labelledby="account-name">
      <div className="account-header-top">
        <div className="account-title">
          <h2 id="account-name" data-testid="account-name">
            {metrics.customer.name}
          </h2>
          <p className="muted">
            {[metrics.customer.segment, metrics.customer.owner ? `Owner ${metrics.customer.owner}` : 'No owner']
              .filter(Boolean)
              .join(' · ')}
          </p>
        </div>
        <ExportButtons customerId={metrics.customer.id} timeZone={metrics.timezone} />
      </div>

      <div className="account-health-row">
        <div className={`account-score band-${band ?? 'none'}`} data-testid="health-score">
          <span className="account-score-number">{scoreText(snapshot?.score ?? null)}</span>
          <span className="account-score-label">
            <span className="band-dot" style={band ? { background: bandColors[band] } : undefined} aria-hidden="true" />
            <span data-testid="health-band">{bandText(band)}</span>
          </span>
        </div>
        <div className="account-health-text">
          <p className="account-trend" data-testid="health-trend">
            {arrow && health?.trend.delta7 !== null && health?.trend.delta7 !== undefined ? (
              <>
                <span className={`trend-arrow trend-${arrow}`} aria-hidden="true">
                  {arrows[arrow].glyph}
                </span>{' '}
                {arrows[arrow].word}: {signedPoints(health.trend.delta7)} in 7 days
                {health.trend.delta30 !== null ? `, ${signedPoints(health.trend.delta30)} in 30 days` : ''}
              </>
            ) : (
              <span className="muted">No 7-day trend yet</span>
            )}
            {snapshot ? (
              <span className="muted" data-testid="health-coverage">
                {' '}
                · {coverageText(snapshot.components)} ({percent(snapshot.coverage)} of the weight)
              </span>
            ) : null}
          </p>
          <p className="account-headline" data-testid="health-headline">
            {health ? health.headline : (data.healthError ?? 'No health score yet.')}
          </p>
          {health?.whatChanged[0] && !health.headline.includes(health.whatChanged[0].text) ? (
            <p className="muted account-change">
              Since {health.comparedWith ? formatDay(health.comparedWith) : 'last week'}: {health.whatChanged[0].text}
            </p>
          ) : null}
          {snapshot ? (
            <button
              type="button"
              className="button ghost small"
              aria-expanded={open}
              aria-controls={breakdownId}
              onClick={() => setOpen(!open)}
            >
              {open ? 'Hide the score breakdown' : 'Why this score? Component breakdown'}
            </button>
          ) : null}
        </div>
        <dl className="account-facts">
          <div>
            <dt>ARR</dt>
            <dd data-testid="account-arr">{money(customer?.arr ?? null)}</dd>
          </div>
          <div className={renewal.soon ? 'renewal-soon' : undefined}>
            <dt>Renewal</dt>
            <dd data-testid="account-renewal">
              {renewal.text}
              {renewal.soon ? <span className="renewal-flag">within 90 days</span> : null}
            </dd>
          </div>
          <div>
            <dt>Open alerts</dt>
            <dd>{health ? formatNumber(health.openAlerts) : '–'}</dd>
          </div>
          <OutcomeFact customerId={metrics.customer.id} today={metrics.today} prefetched={data.outcomes} />
        </dl>
      </div>

      <ul className="account-sources" aria-label="Sources and data as of">
        {metrics.sources.length === 0 ? <li className="muted">No linked source yet.</li> : null}
        {metrics.sources.map((source) => (
          <li key={source.connectionId} data-testid={`source-${source.vendor}`}>
            <VendorBadge vendor={source.vendor} />
            <span>
              data as of <strong>{source.dataThrough ? formatDay(source.dataThrough) : 'never synced'}</strong>
              {source.primary ? <span className="muted"> · headline numbers</span> : null}
            </span>
          </li>
        ))}
        <li className="muted">Dates in {metrics.timezone.replaceAll('_', ' ')}</li>
      </ul>

      {open && snapshot && health ? (
        <div id={breakdownId} className="account-breakdown" data-testid="health-breakdown">
          <ComponentTable components={snapshot.components} />
          {health.history.filter((p) => p.score !== null).length >= 2 ? (
            <HealthHistory history={health.history} timeZone={metrics.timezone} />
          ) : (
            <p className="muted">
              No score history yet: a daily score appears once enough inputs are available (at least {percent(0.6)} of the weight
              by default).
            </p>
          )}
          {health.whatChanged.length > 0 ? (
            <div>
              <h3>What changed since {health.comparedWith ? formatDay(health.comparedWith) : 'last week'}</h3>
              <ul className="plain-list">
                {health.whatChanged.map((change) => (
                  <li key={change.component}>{change.text}</li>
                ))}
              </ul>
            </div>
          ) : null}
        </div>
      ) : null}
    </section>
  );
}

function HealthHistory({ history, timeZone }: { history: Array<{ day: string; score: number | null }>; timeZone: string }) {
  // The band cut-offs are the workspace's (Settings → Health); loaded only when the breakdown opens.
  const config = useCoreData(() => bridge.call('health.config.get', {}), ['settings', 'metrics']);
  const cutoffs = config.value?.config.bands ?? { yellow: 50, green: 75 };
  const option = useMemo(() => healthHistoryOption({ points: history, cutoffs, timeZone }), [history, cutoffs, timeZone]);
  return <Chart option={option} label="Health score over the last 90 days" height={200} />;
}

function ComponentTable({ components }: { components: HealthComponent[] }) {
  return (
    <table className="table account-components">
      <caption className="visually-hidden">Health score components</caption>
      <thead>
        <tr>
          <th scope="col">Component</th>
          <th scope="col">Input</th>
          <th scope="col" className="numeric">
            Score (0-100)
          </th>
          <th scope="col" className="numeric">
            Weight
          </th>
          <th scope="col" className="numeric">
            Points
          </th>
          <th scope="col" className="numeric">
            Points lost
          </th>
        </tr>
      </thead>
      <tbody>
        {components.map((c) => (
          <tr key={c.id} data-component={c.id} className={c.unavailable ? 'muted' : undefined}>
            <th scope="row">{c.label}</th>
            <td>{c.unavailable ? `Not used: ${healthUnavailableText(c.unavailable)}` : c.display}</td>
            <td className="numeric">{c.score === null ? '–' : formatNumber(c.score, 'en-US', 0)}</td>
            <td className="numeric">
              {c.weight === 0 ? 'info only' : c.share === null ? `${c.weight} (not counted)` : percent(c.share)}
            </td>
            <td className="numeric">{c.points === null ? '–' : formatNumber(c.points, 'en-US', 1)}</td>
            <td className="numeric">{c.pointsLost === null ? '–' : formatNumber(c.pointsLost, 'en-US', 1)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

type ExportState =
  | { phase: 'idle' }
  | { phase: 'running'; format: ReportFormat; message: string }
  | { phase: 'saved'; format: ReportFormat; path: string }
  | { phase: 'failed'; format: ReportFormat; message: string };

function ExportButtons({ customerId }: { customerId: string; timeZone: string }) {
  const [state, setState] = useState<ExportState>({ phase: 'idle' });
  useEffect(
    () =>
      bridge.on('reports.progress', (progress) => {
        setState((previous) => (previous.phase === 'running' ? { ...previous, message: progress.message } : previous));
      }),
    [],
  );
  const run = async (format: ReportFormat) => {
    setState({ phase: 'running', format, message: 'Building the report…' });
    try {
      const result = await bridge.call('reports.export', { kind: 'account', customer: customerId, format });
      if (result.status === 'saved') setState({ phase: 'saved', format, path: result.entry.path });
      else
        setState({
          phase: 'failed',
          format,
          message: 'This window cannot print PDFs: export HTML and print it, or use the desktop app or `pulse report`.',
        });
    } catch (error) {
      setState({ phase: 'failed', format, message: plainError(error) });
    }
  };
  const busy = state.phase === 'running';
  return (
    <div className="account-export">
      <fieldset className="account-export-buttons" aria-label="Export the account QBR report">
        <span className="muted">QBR report</span>
        {(['pdf', 'html', 'csv'] as const).map((format) => (
          <Button
            key={format}
            size="small"
            busy={busy && state.format === format}
            disabled={busy}
            onClick={() => void run(format)}
          >
            {format.toUpperCase()}
          </Button>
        ))}
      </fieldset>
      {state.phase === 'running' ? (
        <div className="account-export-status" role="status">
          <ProgressBar value={null} max={null} label="Exporting the QBR report" />
          <span className="muted">{state.message}</span>
        </div>
      ) : null}
      {state.phase === 'saved' ? (
        <p className="account-export-status" role="status">
          Saved {state.format.toUpperCase()} to <span className="mono break">{state.path}</span>
        </p>
      ) : null}
      {state.phase === 'failed' ? (
        <p className="account-export-status form-error" role="alert">
          {state.format.toUpperCase()} export failed: {state.message}
        </p>
      ) : null}
    </div>
  );
}
