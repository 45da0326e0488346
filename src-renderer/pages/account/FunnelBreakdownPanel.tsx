import { useState } from 'react';
import type { FunnelResult } from '../../../src-shared/contract/metrics';
import { bridge } from '../../lib/bridge';
import { useCoreData } from '../../lib/useCoreData';
import { useReloadOnChange } from './BreakdownPanel';
import { percent } from './text';

/**
 * The onboarding funnel split by a breakdown property (each user under their latest value). Offers
 * the listed properties that have data for this source; hidden when there are none.
 */
export function FunnelBreakdownPanel({ customerId, funnel }: { customerId: string; funnel: FunnelResult }) {
  const [property, setProperty] = useState<string | null>(null);
  const connection = funnel.source.connectionId;
  const available = useCoreData(
    () =>
      bridge
        .call('metrics.breakdown', { customer: customerId, connection, property: null, range: funnel.range })
        .then((b) => b.available),
    ['metrics', 'settings'],
  );
  const chosen = property ?? available.value?.[0] ?? null;
  const split = useCoreData(
    () =>
      chosen
        ? bridge.call('metrics.funnelBreakdown', {
            customer: customerId,
            connection,
            property: chosen,
            steps: funnel.steps.map((s) => s.step),
            range: funnel.range,
          })
        : Promise.resolve(null),
    ['metrics', 'settings'],
  );
  useReloadOnChange(chosen, split.reload);
  if (!available.value || available.value.length === 0 || !chosen) return null;
  const segments = split.value?.property === chosen ? split.value.segments : [];
  return (
    <section aria-labelledby="funnel-breakdown" data-testid="funnel-breakdown">
      <h3 id="funnel-breakdown">
        By{' '}
        <select
          aria-label="Split the funnel by property"
          value={chosen}
          onChange={(e) => setProperty(e.target.value)}
          data-testid="funnel-breakdown-property"
        >
          {available.value.map((p) => (
            <option key={p} value={p}>
              {p}
            </option>
          ))}
        </select>
      </h3>
      {segments.length === 0 ? (
        <p className="muted">{split.status === 'loading' ? 'Loading…' : 'Nobody entered the funnel in this range.'}</p>
      ) : (
        <table className="table compact">
          <caption className="visually-hidden">Funnel steps by {chosen}</caption>
          <thead>
            <tr>
              <th scope="col">{chosen}</th>
              {funnel.steps.map((s) => (
                <th key={s.step} scope="col" className="numeric">
                  {s.step}
                </th>
              ))}
              <th scope="col" className="numeric">
                Conversion
              </th>
            </tr>
          </thead>
          <tbody>
            {segments.map((seg) => (
              <tr key={seg.value}>
                <th scope="row">{seg.value}</th>
                {seg.steps.map((s) => (
                  <td key={s.step} className="numeric">
                    {s.count}
                  </td>
                ))}
                <td className="numeric">{percent(seg.conversion, 1)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
