import { formatDay, formatNumber } from '../../../src-shared/charts/format';
import { bandColors, bandLabels } from '../../../src-shared/charts/palette';
import type { HealthBand } from '../../../src-shared/contract/health';
import type { PortfolioEntry } from './model';

/** Health as a CSM reads it: the number, the band in words on its colour, and the weekly trend arrow. */
export function HealthCell({ entry }: { entry: PortfolioEntry }) {
  if (entry.status === 'insufficient-data') {
    const coverage = entry.coverage === null ? '' : ` (${Math.round(entry.coverage * 100)}% of inputs)`;
    return (
      <span className="health-cell" data-band="none" title={`Too few health inputs have data to score this customer${coverage}.`}>
        <span className="band-chip band-none">Insufficient data</span>
      </span>
    );
  }
  if (entry.status === null || entry.score === null || entry.band === null) {
    return (
      <span className="health-cell muted" data-band="none" title="No health score has been computed yet: sync a source first.">
        Not scored
      </span>
    );
  }
  return (
    <span className="health-cell" data-band={entry.band}>
      <strong className="health-score">{Math.round(entry.score)}</strong>
      <BandChip band={entry.band} />
      <TrendArrow arrow={entry.arrow7} delta={entry.delta7} />
    </span>
  );
}

export function BandChip({ band }: { band: HealthBand }) {
  return (
    <span className={`band-chip band-${band}`} style={{ ['--band' as string]: bandColors[band] }}>
      {bandLabels[band]}
    </span>
  );
}

/** ▲ +6 / ▼ −8 / ▶ 0 against a week ago; the words go to screen readers and the tooltip. */
export function TrendArrow({ arrow, delta }: { arrow: 'up' | 'down' | 'flat' | null; delta: number | null }) {
  if (arrow === null || delta === null) {
    return (
      <span className="trend trend-none" title="No score a week ago to compare with">
        <span aria-hidden="true">·</span>
        <span className="visually-hidden">no trend yet</span>
      </span>
    );
  }
  const rounded = Math.round(delta);
  const text = `${rounded > 0 ? '+' : rounded < 0 ? '−' : '±'}${Math.abs(rounded)}`;
  const words = arrow === 'up' ? 'rising' : arrow === 'down' ? 'falling' : 'steady';
  return (
    <span className={`trend trend-${arrow}`} title={`${words}: ${text} points in 7 days`}>
      <span aria-hidden="true">{arrow === 'up' ? '▲' : arrow === 'down' ? '▼' : '▶'}</span> {text}
      <span className="visually-hidden"> points in 7 days, {words}</span>
    </span>
  );
}

/**
 * The 12-week health trend as one inline SVG path (no chart instance per row: fast with thousands of
 * rows). Scale 0..100; a gap where a week was not scored; the last point marked.
 */
export function Sparkline({ points, label }: { points: ReadonlyArray<{ day: string; score: number | null }>; label: string }) {
  const scored = points.filter((p) => p.score !== null);
  if (scored.length === 0) return <span className="muted sparkline-empty">No scores yet</span>;
  const width = 96;
  const height = 24;
  const step = points.length > 1 ? width / (points.length - 1) : 0;
  const y = (score: number) => 2 + (1 - score / 100) * (height - 4);
  let d = '';
  let pen = false;
  let last: { x: number; y: number } | null = null;
  points.forEach((p, i) => {
    if (p.score === null) {
      pen = false;
      return;
    }
    const x = Math.round(i * step * 10) / 10;
    const yy = Math.round(y(p.score) * 10) / 10;
    d += `${pen ? 'L' : 'M'}${x} ${yy}`;
    pen = true;
    last = { x, y: yy };
  });
  const first = scored[0];
  const end = scored[scored.length - 1];
  const summary = `${label}: ${first ? Math.round(first.score ?? 0) : '–'} on ${first ? formatDay(first.day) : ''} to ${end ? Math.round(end.score ?? 0) : '–'} on ${end ? formatDay(end.day) : ''}`;
  const dot = last as { x: number; y: number } | null;
  return (
    <svg
      className="sparkline"
      width={width}
      height={height}
      viewBox={`-2 0 ${width + 4} ${height}`}
      role="img"
      aria-label={summary}
    >
      <title>{summary}</title>
      <line x1={0} x2={width} y1={y(50)} y2={y(50)} className="sparkline-mid" />
      <path d={d} className="sparkline-line" />
      {dot ? <circle cx={dot.x} cy={dot.y} r={2.2} className="sparkline-dot" /> : null}
    </svg>
  );
}

/** "Dec 16, 2026" with "in 20 days" underneath; within 90 days highlighted, past renewals flagged. */
export function RenewalCell({ entry }: { entry: PortfolioEntry }) {
  if (!entry.renewalDate || entry.renewalInDays === null) return <span className="muted">No date</span>;
  const days = entry.renewalInDays;
  const soon = days <= 90;
  const when = days < 0 ? `${-days} days ago` : days === 0 ? 'today' : `in ${formatNumber(days)} ${days === 1 ? 'day' : 'days'}`;
  return (
    <span className={`renewal${soon ? ' renewal-soon' : ''}`} data-soon={soon || undefined}>
      <span>{formatDay(entry.renewalDate)}</span>
      <span className="renewal-when">{soon ? <strong>{when}</strong> : when}</span>
    </span>
  );
}

// Built once: a formatter per call cost more than the rest of a row's rendering.
const money = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', maximumFractionDigits: 0 });

export function formatMoney(value: number | null): string {
  if (value === null) return '–';
  return money.format(value);
}

export function formatRatio(value: number | null): string {
  return value === null ? '–' : formatNumber(value, 'en-US', 2);
}

/** "Nov 25" and how long ago, counted in reporting-zone days. */
export function daysAgo(day: string | null, today: string): string {
  if (!day) return 'never';
  const diff = Math.round((Date.parse(`${today}T00:00:00Z`) - Date.parse(`${day}T00:00:00Z`)) / 86_400_000);
  if (diff <= 0) return 'today';
  if (diff === 1) return 'yesterday';
  return `${diff} days ago`;
}
