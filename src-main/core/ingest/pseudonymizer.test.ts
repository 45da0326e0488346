import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createPseudonymizer } from './pseudonymizer';

const expected = (secret: string, connection: string, id: string): string =>
  createHmac('sha256', secret).update(`${connection}\u0000${id}`).digest('base64url').slice(0, 22);

describe('createPseudonymizer', () => {
  it('gives the keyed HMAC of the connection and user id, the same on every call', () => {
    const key = createPseudonymizer('s3cret', 'conn-1');
    expect(key('u1')).toBe(expected('s3cret', 'conn-1', 'u1'));
    expect(key('u1')).toBe(expected('s3cret', 'conn-1', 'u1')); // remembered
    expect(key('u2')).not.toBe(key('u1'));
    expect(createPseudonymizer('s3cret', 'conn-2')('u1')).not.toBe(key('u1'));
    expect(createPseudonymizer('other', 'conn-1')('u1')).not.toBe(key('u1'));
  });

  it('stays correct past the number of remembered users', () => {
    const key = createPseudonymizer('s3cret', 'conn-1');
    for (let i = 0; i < 100_050; i++) key(`user-${i}`);
    expect(key('user-7')).toBe(expected('s3cret', 'conn-1', 'user-7'));
    expect(key('user-100049')).toBe(expected('s3cret', 'conn-1', 'user-100049'));
  });
});
