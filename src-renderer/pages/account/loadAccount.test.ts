import { describe, expect, it } from 'vitest';
import type { Requests, Responses } from '../../../src-shared/contract';
import type { RendererChannel } from '../../../src-shared/contract/bridgeTypes';
import { type Bridge, BridgeError } from '../../lib/bridge';
import { loadAccount } from './loadAccount';

/**
 * A core whose answers the test releases one by one, recording when each call was asked: what the
 * page asks, and in which order relative to the answers, is the behaviour under test.
 */
function heldCore() {
  const log: string[] = [];
  const pending = new Map<string, { resolve(value: unknown): void; reject(error: unknown): void }>();
  const call = (<C extends RendererChannel>(channel: C, _request: Requests[C]) => {
    log.push(`ask ${channel}`);
    return new Promise<Responses[C]>((resolve, reject) => {
      pending.set(channel, { resolve: resolve as (value: unknown) => void, reject });
    });
  }) as Bridge['call'];
  const settle = () => new Promise((resolve) => setTimeout(resolve, 0));
  return {
    log,
    call,
    async answer(channel: string, value: unknown) {
      log.push(`answer ${channel}`);
      pending.get(channel)?.resolve(value);
      await settle();
    },
    async fail(channel: string, error: unknown) {
      log.push(`fail ${channel}`);
      pending.get(channel)?.reject(error);
      await settle();
    },
  };
}

const metrics = (vendor: 'amplitude' | 'pendo' | null) => ({
  customer: { id: 'cust-1', name: 'Acme', segment: null, owner: null },
  source: vendor ? { connectionId: `conn-${vendor}`, vendor } : null,
});
const portfolio = { rows: [{ dauMau: 0.2 }, { dauMau: 0.4 }] };
const outcomes = [{ customerId: 'cust-1', status: 'renewed', date: '2026-10-01' }];

describe('loading the account page', () => {
  it('asks everything the page shows at once, the breakdown as soon as the metrics name the source', async () => {
    const core = heldCore();
    const loaded = loadAccount('cust-1', core.call, { engagementPanels: true });
    expect(core.log).toEqual([
      'ask metrics.account',
      'ask health.get',
      'ask alerts.list',
      'ask metrics.portfolio',
      'ask customers.outcomes',
      'ask savedReports.forCustomer',
    ]);
    await core.answer('metrics.account', metrics('amplitude'));
    expect(core.log.at(-1)).toBe('ask metrics.breakdown'); // before health, alerts and the rest answered
    await core.answer('health.get', { headline: 'ok' });
    await core.answer('alerts.list', []);
    await core.answer('metrics.portfolio', portfolio);
    await core.answer('customers.outcomes', outcomes);

    // The page does not wait for the Engagement panels: they take their answers when they arrive.
    const result = await loaded;
    expect(result.missing).toBeNull();
    const data = result.data;
    if (!data) throw new Error('no data');
    expect(data.portfolioAverage).toBeCloseTo(0.3);
    expect(data.outcomes.take()?.answer).toEqual({ value: outcomes });
    const breakdown = data.engagement?.breakdown.take();
    expect(breakdown?.answer).toBeNull();
    await core.answer('metrics.breakdown', { property: 'plan', available: ['plan'] });
    await expect(breakdown?.promise).resolves.toEqual({ property: 'plan', available: ['plan'] });
    const saved = data.engagement?.savedReports.take();
    await core.answer('savedReports.forCustomer', { reports: [] });
    await expect(saved?.promise).resolves.toEqual({ reports: [] });
  });

  it('asks no breakdown for a source without event-level data, and no panels off the Engagement tab', async () => {
    const pendo = heldCore();
    const loaded = loadAccount('cust-1', pendo.call, { engagementPanels: true });
    await pendo.answer('metrics.account', metrics('pendo'));
    for (const channel of ['health.get', 'alerts.list', 'metrics.portfolio', 'customers.outcomes'])
      await pendo.answer(channel, channel === 'metrics.portfolio' ? portfolio : []);
    const data = (await loaded).data;
    await expect(data?.engagement?.breakdown.take()?.promise).resolves.toBeNull();
    expect(pendo.log).not.toContain('ask metrics.breakdown');

    const retention = heldCore();
    const other = loadAccount('cust-1', retention.call, { engagementPanels: false });
    await retention.answer('metrics.account', metrics('amplitude'));
    for (const channel of ['health.get', 'alerts.list', 'metrics.portfolio', 'customers.outcomes'])
      await retention.answer(channel, channel === 'metrics.portfolio' ? portfolio : []);
    expect((await other).data?.engagement).toBeNull();
    expect(retention.log.filter((l) => l.startsWith('ask'))).toEqual([
      'ask metrics.account',
      'ask health.get',
      'ask alerts.list',
      'ask metrics.portfolio',
      'ask customers.outcomes',
    ]);
  });

  it('shows the page when health, alerts or the outcome fail, and says so for an unknown customer', async () => {
    const core = heldCore();
    const loaded = loadAccount('cust-1', core.call, { engagementPanels: false });
    await core.answer('metrics.account', metrics('amplitude'));
    await core.fail('health.get', new BridgeError('INTERNAL', 'health broke'));
    await core.fail('alerts.list', new BridgeError('INTERNAL', 'alerts broke'));
    await core.fail('metrics.portfolio', new BridgeError('INTERNAL', 'portfolio broke'));
    await core.fail('customers.outcomes', new BridgeError('INTERNAL', 'outcomes broke'));
    const data = (await loaded).data;
    expect(data?.health).toBeNull();
    expect(data?.healthError).toBe('health broke');
    expect(data?.alertsError).toBe('alerts broke');
    expect(data?.portfolioAverage).toBeUndefined();
    await expect(data?.outcomes.take()?.promise).rejects.toThrow('outcomes broke');

    const unknown = heldCore();
    const missing = loadAccount('nobody', unknown.call, { engagementPanels: true });
    await unknown.fail('metrics.account', new BridgeError('NOT_FOUND', 'No customer "nobody".'));
    for (const channel of ['health.get', 'alerts.list', 'metrics.portfolio', 'customers.outcomes'])
      await unknown.fail(channel, new BridgeError('NOT_FOUND', 'No customer "nobody".'));
    expect(await missing).toEqual({ missing: 'No customer "nobody".', data: null });
  });
});
