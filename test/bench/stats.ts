/** Timing and summary figures for the bench (nearest-rank percentiles: no interpolation between runs). */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1] as number;
}

/** The middle value; with an even count the mean of the two middle ones (a median of 2 runs is not the faster one). */
export function median(samples: readonly number[]): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

export async function timed<T>(work: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const started = performance.now();
  const value = await work();
  return { ms: performance.now() - started, value };
}

/** Milliseconds rounded to 0.1 (what the JSON line carries). */
export function ms(value: number): number {
  return Math.round(value * 10) / 10;
}

export interface Figure {
  key: string;
  label: string;
  value: number;
  unit: string;
  /** Upper bound the issue sets (lower is better), if any. */
  target?: number;
  /** Free text beside the figure (a ratio, what it compares with). */
  note?: string;
}

/** "label ...... value unit  (target X: 0.42× of target, OK)". */
export function formatFigure(f: Figure): string {
  const value = Number.isFinite(f.value) ? `${f.value.toLocaleString('en-US', { maximumFractionDigits: 1 })} ${f.unit}` : 'n/a';
  const parts: string[] = [];
  if (f.target !== undefined && Number.isFinite(f.value)) {
    const ratio = f.value / f.target;
    parts.push(
      `target < ${f.target.toLocaleString('en-US')} ${f.unit}: ${ratio.toFixed(2)}× of target, ${ratio < 1 ? 'OK' : 'MISSED'}`,
    );
  }
  if (f.note) parts.push(f.note);
  return `  ${f.label.padEnd(58, '.')} ${value.padStart(12)}${parts.length ? `  (${parts.join('; ')})` : ''}`;
}
