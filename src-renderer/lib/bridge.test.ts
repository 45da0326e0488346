import { describe, expect, it } from 'vitest';
import { BridgeError, errorMessage, readCallReply } from './bridge';

describe('web transport replies', () => {
  it('passes values and contract errors through', () => {
    expect(readCallReply(200, { ok: true, value: { echo: 'x' } })).toEqual({ ok: true, value: { echo: 'x' } });
    expect(readCallReply(400, { ok: false, error: { code: 'BAD_REQUEST', message: 'bad' } })).toEqual({
      ok: false,
      error: { code: 'BAD_REQUEST', message: 'bad' },
    });
  });

  it('turns a lost session into a plain FORBIDDEN message', () => {
    const reply = readCallReply(401, null);
    expect(reply.ok).toBe(false);
    if (!reply.ok) {
      expect(reply.error.code).toBe('FORBIDDEN');
      expect(reply.error.message).toMatch(/pulse serve/);
    }
  });

  it('never trusts an odd body: unknown codes and extra fields become INTERNAL', () => {
    for (const body of [null, 'text', { ok: false, error: { code: 'WHATEVER', message: 'x' } }, { ok: false }, { ok: 'yes' }]) {
      const reply = readCallReply(500, body);
      expect(reply.ok).toBe(false);
      if (!reply.ok) expect(reply.error.code).toBe('INTERNAL');
    }
    const withStack = readCallReply(500, { ok: false, error: { code: 'INTERNAL', message: 'm', stack: 'at x.ts:1' } });
    expect(withStack).toEqual({ ok: false, error: { code: 'INTERNAL', message: 'm' } });
  });

  it('shows BridgeError messages and hides anything else', () => {
    expect(errorMessage(new BridgeError('NOT_FOUND', 'No such customer.'))).toBe('No such customer.');
    expect(errorMessage(new Error('/home/me/secret path'))).not.toContain('secret');
  });
});
