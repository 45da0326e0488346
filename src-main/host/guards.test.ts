import { describe, expect, it } from 'vitest';
import {
  isAllowedHostHeader,
  isAllowedOrigin,
  isLoopbackName,
  newLaunchToken,
  readBearer,
  readCookie,
  tokensMatch,
} from './guards';

describe('web host guards', () => {
  it('knows loopback names', () => {
    for (const name of ['127.0.0.1', '127.1.2.3', 'localhost', 'LOCALHOST', '::1', '[::1]'])
      expect(isLoopbackName(name), name).toBe(true);
    for (const name of ['0.0.0.0', '::', '10.0.0.1', '128.0.0.1', 'localhost.evil.example', '', '::ffff:10.0.0.1'])
      expect(isLoopbackName(name), name).toBe(false);
  });

  it('accepts only loopback Host headers with our port', () => {
    expect(isAllowedHostHeader('127.0.0.1:4000', 4000)).toBe(true);
    expect(isAllowedHostHeader('localhost:4000', 4000)).toBe(true);
    expect(isAllowedHostHeader('[::1]:4000', 4000)).toBe(true);
    expect(isAllowedHostHeader('127.0.0.1:4001', 4000)).toBe(false);
    expect(isAllowedHostHeader('127.0.0.1', 4000)).toBe(false);
    expect(isAllowedHostHeader('evil.example:4000', 4000)).toBe(false);
    expect(isAllowedHostHeader(undefined, 4000)).toBe(false);
  });

  it('makes long random tokens and compares them exactly', () => {
    const a = newLaunchToken();
    const b = newLaunchToken();
    expect(a).not.toBe(b);
    expect(Buffer.from(a, 'base64url').length).toBe(32);
    expect(tokensMatch(a, a)).toBe(true);
    expect(tokensMatch(b, a)).toBe(false);
    expect(tokensMatch(a.slice(0, -1), a)).toBe(false);
    expect(tokensMatch('', a)).toBe(false);
    expect(tokensMatch(null, a)).toBe(false);
  });

  it('reads cookies and bearer tokens', () => {
    expect(readCookie('a=1; pulse_token_80=xyz; b=2', 'pulse_token_80')).toBe('xyz');
    expect(readCookie('pulse_token_81=xyz', 'pulse_token_80')).toBeNull();
    expect(readBearer('Bearer abc')).toBe('abc');
    expect(readBearer('Basic abc')).toBeNull();
  });

  it('allows only our own Origin', () => {
    expect(isAllowedOrigin(undefined, '127.0.0.1:80')).toBe(true);
    expect(isAllowedOrigin('http://127.0.0.1:80', '127.0.0.1:80')).toBe(true);
    expect(isAllowedOrigin('http://localhost:80', '127.0.0.1:80')).toBe(false);
    expect(isAllowedOrigin('null', '127.0.0.1:80')).toBe(false);
    expect(isAllowedOrigin(undefined, '127.0.0.1:80', 'cross-site')).toBe(false);
  });
});
