import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCore } from '../../support/coreHarness';

/**
 * The demo switches the workspace to UTC days and a back-fill as long as its generated history;
 * `demo.remove` gives the user's own values back, except those the user changed while the demo was on.
 */
let core: Awaited<ReturnType<typeof startTestCore>>;

beforeAll(async () => {
  core = await startTestCore();
});
afterAll(async () => {
  await core?.close();
});

describe('settings around the demo workspace', () => {
  it('demo.remove restores the settings the demo set, and keeps a change made meanwhile', async () => {
    const { client } = core;
    await client.call('settings.update', { patch: { timezone: 'Europe/Berlin', backfillDays: 30, lookbackDays: 5 } });

    await client.call('demo.start', { accounts: 3, days: 14 });
    expect(await client.call('settings.get', {})).toMatchObject({ timezone: 'UTC', backfillDays: 14, lookbackDays: 3 });

    // the user moves the look-back while the demo is on: that choice is theirs and stays
    await client.call('settings.update', { patch: { lookbackDays: 7 } });

    expect(await client.call('demo.remove', {})).toMatchObject({ removed: true, connections: 3 });
    expect(await client.call('settings.get', {})).toMatchObject({
      timezone: 'Europe/Berlin',
      backfillDays: 30,
      lookbackDays: 7,
    });
    expect(await client.call('demo.status', {})).toMatchObject({ active: false });
  });
});
