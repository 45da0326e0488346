import type { EChartsCoreOption } from 'echarts/core';
import { type ReactNode, useMemo } from 'react';
import { useEChart } from '../../charts/useEChart';
import { useTheme } from '../../lib/theme';

/**
 * One chart on the Account page: a labelled figure around the shared hook, with a caption that says
 * what is dashed or hollow. Builders in src-shared/charts pick colours for the printed (light) report;
 * `forTheme` adjusts the few hard-coded light colours so the dark theme stays readable.
 */
export function Chart({
  option,
  label,
  height = 280,
  caption,
  testId,
}: {
  option: object;
  label: string;
  height?: number;
  caption?: ReactNode;
  testId?: string;
}) {
  const theme = useTheme();
  const themed = useMemo(() => forTheme(option, theme === 'dark'), [option, theme]);
  const ref = useEChart(themed as EChartsCoreOption);
  return (
    <figure className="account-chart" data-testid={testId}>
      <div ref={ref} className="account-chart-canvas" style={{ height }} role="img" aria-label={label} />
      {caption ? <figcaption className="muted">{caption}</figcaption> : null}
    </figure>
  );
}

const darkText = '#e7eaee';
const darkMuted = '#9ba5b2';
const darkSurface = '#191d23';
const lightOnly: Record<string, string> = {
  '#111827': darkText,
  '#374151': darkMuted,
  '#E5E7EB': '#2d343e',
  '#D1D5DB': '#4b5563',
  '#F3F4F6': '#2a3038',
  '#FFFFFF': darkSurface,
};

/** Swaps the builders' light-only greys for dark-theme equivalents (deep copy; functions kept). */
export function forTheme<T>(option: T, dark: boolean): T {
  if (!dark) return option;
  const walk = (value: unknown): unknown => {
    if (typeof value === 'string') return lightOnly[value] ?? value;
    if (Array.isArray(value)) return value.map(walk);
    if (value && typeof value === 'object') {
      const out: Record<string, unknown> = {};
      for (const [key, inner] of Object.entries(value)) out[key] = walk(inner);
      return out;
    }
    return value;
  };
  return walk(option) as T;
}
