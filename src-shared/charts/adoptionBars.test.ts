import { describe, expect, it } from 'vitest';
import { adoptionBarsOption } from './adoptionBars';

describe('adoptionBarsOption', () => {
  const features = [
    { name: 'Export', adoption: 0.1, peer: 0.3, users: 1 },
    { name: 'Dashboards', adoption: 0.9, peer: 0.8, users: 9, core: true },
    { name: 'Alerts', adoption: null, peer: null, users: 0 },
  ];

  it('sorts by adoption, highest first, marks core features and draws peers as ghost bars', () => {
    const option = adoptionBarsOption({ features });
    expect(option.yAxis.data).toEqual(['★ Dashboards', 'Export', 'Alerts']);
    const own = option.series.find((s) => s.name === 'This account');
    const peer = option.series.find((s) => s.name === 'Peer median');
    expect(own?.data).toEqual([90, 10, null]);
    expect(peer?.data).toEqual([80, 30, null]);
    expect(option.xAxis.name).toBe('% of active users');
    expect(option.tooltip.formatter([{ dataIndex: 0 }])).toContain('9 users');
  });

  it('leaves out the peer series when no feature has peers, and honours the limit', () => {
    const option = adoptionBarsOption({ features: features.map((f) => ({ ...f, peer: null })), limit: 2 });
    expect(option.series.map((s) => s.name)).toEqual(['This account']);
    expect(option.yAxis.data).toHaveLength(2);
  });
});
