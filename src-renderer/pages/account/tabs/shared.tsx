import type { ReactNode } from 'react';

/** One headline number with its label and an optional note underneath. */
export function Kpi({
  label,
  value,
  note,
  testId,
}: {
  label: string;
  value: string;
  note?: string | undefined;
  testId?: string;
}) {
  return (
    <div className="kpi" data-testid={testId}>
      <span className="kpi-label">{label}</span>
      <span className="kpi-value">{value}</span>
      {note ? <span className="kpi-note muted">{note}</span> : null}
    </div>
  );
}

/** A framed sentence in place of a chart or table: says why there is nothing to show. */
export function NoData({ title, children, testId }: { title: string; children: ReactNode; testId?: string }) {
  return (
    <div className="no-data" role="note" data-testid={testId}>
      <strong>{title}</strong>
      <p>{children}</p>
    </div>
  );
}
