import { afterEach, describe, expect, it } from 'vitest';
import { type TinyWorkspace, tinyWorkspace } from '../metrics/__fixtures__/tinyWorkspace';
import type { MetricScope } from '../metrics/context';
import { FeatureSeriesRunCache, FeatureUsageSeries, windowEnding } from './featureUsageSeries';

let ws: TinyWorkspace | undefined;
afterEach(async () => {
  await ws?.close();
  ws = undefined;
});

const LAST = '2024-06-30';
const feature = (n: number) => `F${String(n).padStart(2, '0')}`;

/**
 * Twelve features without core flags: in June F01-F10 are the ten most used on the connection, in
 * May F03-F12 were (F01 and F02 unused then). The customer used F01 and F11 in May.
 */
async function workspace() {
  ws = await tinyWorkspace();
  ws.connection('c1', 'amplitude', LAST);
  ws.customer('acme', 'Acme');
  ws.link('c1', 'a1', 'acme');
  for (let n = 1; n <= 12; n++) {
    const mayUsers = n <= 2 ? 0 : 3 + n;
    const juneUsers = n <= 10 ? 20 - n : 1;
    for (let u = 0; u < mayUsers; u++)
      ws.item({ connection: 'c1', account: 'other', kind: 'event', item: feature(n), user: `m${u}`, day: '2024-05-20' });
    for (let u = 0; u < juneUsers; u++)
      ws.item({ connection: 'c1', account: 'other', kind: 'event', item: feature(n), user: `j${u}`, day: '2024-06-20' });
  }
  ws.item({ connection: 'c1', account: 'a1', kind: 'event', item: 'F01', user: 'me', day: '2024-05-18' });
  ws.item({ connection: 'c1', account: 'a1', kind: 'event', item: 'F11', user: 'me', day: '2024-05-18' });
  const scope: MetricScope = {
    customerId: 'acme',
    connectionId: 'c1',
    vendor: 'amplitude',
    accountIds: ['a1'],
    eventLevel: true,
    dataThrough: LAST,
    provisionalFrom: null,
  };
  return { ws, scope };
}

describe('FeatureUsageSeries without core flags', () => {
  it("ranks every window's core features as of the last complete day, so a breadth history measures one set", async () => {
    const { ws, scope } = await workspace();
    const run = new FeatureSeriesRunCache();
    const series = new FeatureUsageSeries(ws.ctx, scope, '2024-04-01', LAST, run);
    const juneTop = new Set(Array.from({ length: 10 }, (_, i) => feature(i + 1)));
    const may = series.usage(windowEnding('2024-05-31', 30));
    expect(may.coreBasis).toBe('top-used');
    expect(may.core).toEqual(juneTop);
    // F01 is core (June's ranking), F11 is not: one of ten core features used in May.
    expect(may.coreUsed).toBe(1);
    expect(may.breadth).toBe(0.1);
    expect(series.usage(windowEnding(LAST, 30)).core).toEqual(juneTop);
    // A window of another length is ranked over that many days up to the last day: May 2 to June 30,
    // where F03-F10 have 23 users each, F01 19, F02 18, F12 16 and F11 15.
    const sixty = series.usage(windowEnding('2024-05-31', 60));
    expect(sixty.core).toEqual(juneTop);
    expect(sixty.coreUsed).toBe(1);
  });
});
