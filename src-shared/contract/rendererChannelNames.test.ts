import { describe, expect, it } from 'vitest';
import { eventNames, rendererChannels } from './channels';
import { bridgeEventNames, isBridgeEventName, isRendererChannel, rendererChannelNames } from './rendererChannelNames';

describe('zod-free bridge names', () => {
  it('lists exactly the renderer channels of the contract', () => {
    expect([...rendererChannelNames].sort()).toEqual([...rendererChannels].sort());
  });

  it('lists exactly the contract events', () => {
    expect([...bridgeEventNames].sort()).toEqual([...eventNames].sort());
  });

  it('does not count internal channels or lookalikes as renderer channels', () => {
    expect(isRendererChannel('diagnostics.crash')).toBe(false);
    expect(isRendererChannel('toString')).toBe(false);
    expect(isRendererChannel(undefined)).toBe(false);
    expect(isRendererChannel('settings.get')).toBe(true);
    expect(isBridgeEventName('__proto__')).toBe(false);
    expect(isBridgeEventName('data.changed')).toBe(true);
  });
});
