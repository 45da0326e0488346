import { describe, expect, it } from 'vitest';
import { churnAucBarsOption } from './churnAucBars';

const row = (
  label: string,
  auc: number | null,
  extra: Partial<Parameters<typeof churnAucBarsOption>[0]['rows'][number]> = {},
) => ({
  label,
  kind: 'metric' as const,
  auc,
  separation: auc === null ? null : Math.max(auc, 1 - auc),
  direction:
    auc === null || auc === 0.5
      ? ('none' as const)
      : auc > 0.5
        ? ('lower-means-churn' as const)
        : ('higher-means-churn' as const),
  churned: 8,
  renewed: 20,
  warning: null,
  ...extra,
});

describe('churnAucBarsOption', () => {
  it('draws separation with the direction in the label, leaving out metrics without an AUC', () => {
    const option = churnAucBarsOption({
      rows: [row('Health score', 0.82, { kind: 'health' }), row('Days since last activity', 0.2), row('Guides', null)],
    });
    expect(option.yAxis.data).toEqual(['Health score', 'Days since last activity']);
    expect(option.series[0]?.data.map((d) => d.value)).toEqual([0.82, 0.8]);
    expect(option.series[0]?.label.formatter({ dataIndex: 0 })).toBe('0.82 ↓ churn');
    expect(option.series[0]?.label.formatter({ dataIndex: 1 })).toBe('0.80 ↑ churn');
    expect(option.tooltip.formatter([{ dataIndex: 1 }])).toContain('higher values meant churn');
  });

  it('fades and marks small samples', () => {
    const option = churnAucBarsOption({ rows: [row('Tiny', 0.9, { warning: 'only 2 churned', churned: 2 })] });
    expect(option.yAxis.data).toEqual(['Tiny *']);
    expect(option.series[0]?.data[0]?.itemStyle.opacity).toBe(0.4);
    expect(option.tooltip.formatter([{ dataIndex: 0 }])).toContain('Small sample');
  });
});
