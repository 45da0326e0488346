import { useEffect, useRef, useState } from 'react';
import { formatNumber } from '../../../src-shared/charts/format';
import type { PropertyBreakdown } from '../../../src-shared/contract/savedReports';
import { bridge } from '../../lib/bridge';
import type { Prefetch } from '../../lib/prefetch';
import { useCoreData } from '../../lib/useCoreData';

/**
 * Events and users by the value of a breakdown property (settings: Breakdown properties), with a
 * selector over the properties that have data. Hidden for sources without event-level data.
 */
export function BreakdownPanel({
  customerId,
  connectionId,
  prefetched,
}: {
  customerId: string;
  connectionId: string;
  /** The default property's breakdown, asked with the page (loadAccount). */
  prefetched?: Prefetch<PropertyBreakdown | null> | undefined;
}) {
  const [property, setProperty] = useState<string | null>(null);
  const data = useCoreData<PropertyBreakdown | null>(
    () => bridge.call('metrics.breakdown', { customer: customerId, connection: connectionId, property }),
    ['metrics', 'settings'],
    prefetched,
  );
  useReloadOnChange(property, data.reload);
  const b = data.value;
  if (!b || b.available.length === 0) return null;
  return (
    <section aria-labelledby="eng-breakdown" data-testid="breakdown-panel">
      <h3 id="eng-breakdown">
        Events by{' '}
        <select
          aria-label="Break down by property"
          value={b.property}
          onChange={(e) => setProperty(e.target.value)}
          data-testid="breakdown-property"
        >
          {b.available.map((p) => (
            <option key={p} value={p}>
              {p}
            </option>
          ))}
        </select>
        {', 30 days'}
      </h3>
      <BreakdownTable breakdown={b} />
    </section>
  );
}

function BreakdownTable({ breakdown }: { breakdown: PropertyBreakdown }) {
  const total = breakdown.values.reduce((s, v) => s + v.events, 0);
  if (breakdown.values.length === 0) return <p className="muted">No events with a {breakdown.property} in this range.</p>;
  return (
    <table className="table compact" data-testid="breakdown-table">
      <caption className="visually-hidden">Events and users by {breakdown.property}</caption>
      <thead>
        <tr>
          <th scope="col">{breakdown.property}</th>
          <th scope="col" className="numeric">
            Events
          </th>
          <th scope="col" className="numeric">
            Share
          </th>
          <th scope="col" className="numeric">
            Users
          </th>
        </tr>
      </thead>
      <tbody>
        {breakdown.values.map((v) => (
          <tr key={v.value}>
            <th scope="row">{v.value}</th>
            <td className="numeric">{formatNumber(v.events)}</td>
            <td className="numeric">{total > 0 ? `${((v.events / total) * 100).toFixed(1)}%` : '—'}</td>
            <td className="numeric">{formatNumber(v.users)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** useCoreData loads on mount and on data changes; a new choice in the selector needs its own reload. */
export function useReloadOnChange(value: unknown, reload: () => void): void {
  const first = useRef(true);
  // biome-ignore lint/correctness/useExhaustiveDependencies: reload only when the choice changes
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    reload();
  }, [value]);
}
