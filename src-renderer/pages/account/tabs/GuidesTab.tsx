import { useCallback } from 'react';
import { formatDay, formatNumber } from '../../../../src-shared/charts/format';
import type { AccountMetrics, GuideMetrics } from '../../../../src-shared/contract/metrics';
import { Loading } from '../../../components/Loading';
import { Notice } from '../../../components/Notice';
import { bridge } from '../../../lib/bridge';
import { useCoreData } from '../../../lib/useCoreData';
import { metricUnavailableText, percent } from '../text';
import { NoData } from './shared';

/** Guides exist only in Pendo: from the account call when Pendo is the primary source, else one call for the Pendo source. */
export function GuidesTab({ metrics }: { metrics: AccountMetrics }) {
  const pendo = metrics.sources.find((s) => s.vendor === 'pendo') ?? null;
  if (!pendo) {
    return (
      <NoData title="No Pendo data for this account" testId="guides-unavailable">
        Guides come from Pendo, and this account has no Pendo source. Link it to a Pendo account in Settings → Account mapping to
        see guide reach and completion.
      </NoData>
    );
  }
  if (metrics.source?.connectionId === pendo.connectionId && metrics.guides) return <GuidesView guides={metrics.guides} />;
  return <PendoGuides customer={metrics.customer.id} connection={pendo.connectionId} />;
}

function PendoGuides({ customer, connection }: { customer: string; connection: string }) {
  const load = useCallback(
    () => bridge.call('metrics.account', { customer, connection }).then((m) => m.guides),
    [customer, connection],
  );
  const guides = useCoreData(load, ['metrics']);
  if (guides.status === 'loading') return <Loading label="Loading Pendo guides…" lines={3} />;
  if (guides.value === undefined || (guides.status === 'error' && guides.value === null)) {
    return (
      <Notice tone="error" title="Guides could not be loaded.">
        {guides.error}
      </Notice>
    );
  }
  if (!guides.value) return <NoData title="No guide data">{metricUnavailableText('no-guides-in-source')}</NoData>;
  return <GuidesView guides={guides.value} />;
}

function GuidesView({ guides }: { guides: GuideMetrics }) {
  if (!guides.available) {
    return <NoData title="No guide data">{metricUnavailableText(guides.unavailable ?? 'no-guides-in-source', 'pendo')}</NoData>;
  }
  if (guides.guides.length === 0) {
    return (
      <NoData title="No guides seen" testId="guides-empty">
        No user of this account saw a Pendo guide between {formatDay(guides.window.from)} and {formatDay(guides.window.to)}.
      </NoData>
    );
  }
  const rows = [...guides.guides].sort((a, b) => b.reach - a.reach || a.name.localeCompare(b.name));
  return (
    <div className="account-tab-body" data-testid="guides-tab">
      <p className="muted">
        Pendo guides seen by this account's users, {formatDay(guides.window.from)} – {formatDay(guides.window.to)}. Completion =
        advanced on the last step ÷ saw step 1; dismissal = users who dismissed ÷ users reached.
      </p>
      <table className="table compact" data-testid="guides-table">
        <caption className="visually-hidden">Guides</caption>
        <thead>
          <tr>
            <th scope="col">Guide</th>
            <th scope="col" className="numeric">
              Users reached
            </th>
            <th scope="col" className="numeric">
              Views
            </th>
            <th scope="col" className="numeric">
              Completion
            </th>
            <th scope="col" className="numeric">
              Saw last step
            </th>
            <th scope="col" className="numeric">
              Dismissal
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((g) => (
            <tr key={g.guideId} data-guide={g.guideId}>
              <th scope="row">{g.name}</th>
              <td className="numeric">{formatNumber(g.reach)}</td>
              <td className="numeric">{formatNumber(g.views)}</td>
              <td className="numeric">
                <Meter value={g.completion} />
              </td>
              <td className="numeric">{formatNumber(g.reachedLastStep)}</td>
              <td className="numeric">
                <Meter value={g.dismissal} tone="warn" />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** A percentage with a small inline bar; the number carries the meaning, the bar only helps scanning. */
function Meter({ value, tone = 'info' }: { value: number | null; tone?: 'info' | 'warn' }) {
  if (value === null) return <span className="muted">–</span>;
  return (
    <span className="meter">
      <span className={`meter-bar meter-${tone}`} aria-hidden="true">
        <span style={{ width: `${Math.round(Math.min(1, value) * 100)}%` }} />
      </span>
      {percent(value)}
    </span>
  );
}
