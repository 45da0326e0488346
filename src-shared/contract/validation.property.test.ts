import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Channel, channels } from './channels';
import { CoreError } from './errors';
import { parseRequest } from './validation';

/**
 * Every channel, whatever a compromised renderer or a web page sends: the request is parsed or refused
 * with BAD_REQUEST before any handler runs, never another exception. (Senders and origins are checked
 * by the IPC bridge and the web host: src-main/electron/bridgeIpc.test.ts, src-main/host/webHost.test.ts.)
 */
const all = Object.keys(channels) as Channel[];

function outcome(channel: string, payload: unknown): 'parsed' | 'BAD_REQUEST' | 'UNKNOWN_CHANNEL' {
  try {
    parseRequest(channel, payload);
    return 'parsed';
  } catch (error) {
    expect(error).toBeInstanceOf(CoreError);
    const code = (error as CoreError).code;
    expect(['BAD_REQUEST', 'UNKNOWN_CHANNEL']).toContain(code);
    return code as 'BAD_REQUEST' | 'UNKNOWN_CHANNEL';
  }
}

describe('every channel refuses malformed payloads', () => {
  it('non-object payloads are BAD_REQUEST on every channel', () => {
    for (const channel of all) {
      for (const payload of [42, 'text', true, [], [{}], Number.NaN]) {
        expect(outcome(channel, payload), `${channel} ${JSON.stringify(payload)}`).toBe('BAD_REQUEST');
      }
    }
  });

  it('random payloads are parsed or BAD_REQUEST on every channel, never another error', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...all),
        fc.anything({ maxDepth: 3, withObjectString: true, withNullPrototype: true }),
        (channel, payload) => {
          outcome(channel, payload);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('unknown and prototype-polluting channel names are UNKNOWN_CHANNEL', () => {
    for (const name of ['__proto__', 'constructor', 'toString', 'app.info ', 'APP.INFO', '']) {
      expect(outcome(name, {})).toBe('UNKNOWN_CHANNEL');
    }
  });
});
