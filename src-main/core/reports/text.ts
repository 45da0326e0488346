import { formatDay, formatNumber } from '../../../src-shared/charts';
import type { DayRange } from '../../../src-shared/contract/metrics';

/** Wording shared by the report builders and renderers. */

export function dayRangeText(range: DayRange): string {
  return `${formatDay(range.from)} – ${formatDay(range.to)}`;
}

export function percentText(fraction: number | null | undefined, digits = 0): string {
  if (fraction === null || fraction === undefined || !Number.isFinite(fraction)) return '–';
  return `${formatNumber(fraction * 100, 'en-US', digits)} %`;
}

export function moneyText(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '–';
  return `$${formatNumber(value, 'en-US', 0)}`;
}

export function scoreText(score: number | null | undefined): string {
  if (score === null || score === undefined || !Number.isFinite(score)) return '–';
  return formatNumber(Math.round(score), 'en-US', 0);
}

export function signedPercentText(change: number | null | undefined): string {
  if (change === null || change === undefined || !Number.isFinite(change)) return 'new';
  const value = Math.round(change * 100);
  return `${value > 0 ? '+' : value < 0 ? '−' : '±'}${Math.abs(value)} %`;
}

export function signedPointsText(delta: number | null | undefined): string {
  if (delta === null || delta === undefined || !Number.isFinite(delta)) return '–';
  const value = Math.round(delta);
  return `${value > 0 ? '+' : value < 0 ? '−' : '±'}${Math.abs(value)} pts`;
}

export function arrowText(arrow: 'up' | 'down' | 'flat' | null | undefined): string {
  return arrow === 'up' ? '▲ rising' : arrow === 'down' ? '▼ falling' : arrow === 'flat' ? '► steady' : '–';
}
