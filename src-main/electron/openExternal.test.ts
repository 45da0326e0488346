import { describe, expect, it, vi } from 'vitest';
import { createOpenExternal, isSafeExternalUrl } from './openExternal';

describe('isSafeExternalUrl', () => {
  it.each(['https://www.pendo.io/', 'http://example.com/path?q=1#x', 'https://amplitude.com/docs', 'HTTPS://EXAMPLE.COM'])(
    'allows %s',
    (url) => {
      expect(isSafeExternalUrl(url)).toBe(true);
    },
  );

  it.each([
    'file:///etc/passwd',
    'file://C:/Windows/System32/calc.exe',
    'javascript:alert(1)',
    'JavaScript:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    'vbscript:msgbox',
    'ms-msdt:/id PCWDiagnostic',
    'smb://attacker/share',
    'slack://open',
    'mailto:a@b.c',
    'app://pulse/index.html',
    'ftp://example.com',
    'about:blank',
    'chrome://settings',
    'https://user:pass@example.com/',
    'https://',
    ' https://example.com',
    'https://exa mple.com',
    'https://example.com/\n',
    'not a url',
    '',
    `https://example.com/${'a'.repeat(3000)}`,
  ])('refuses %s', (url) => {
    expect(isSafeExternalUrl(url)).toBe(false);
  });

  it('refuses values that are not strings', () => {
    for (const value of [undefined, null, 42, {}, { href: 'https://example.com' }, ['https://example.com']]) {
      expect(isSafeExternalUrl(value)).toBe(false);
    }
  });
});

describe('createOpenExternal', () => {
  it('hands only checked http(s) URLs to the shell', async () => {
    const shell = { openExternal: vi.fn(async () => {}) };
    const log = vi.fn();
    const open = createOpenExternal(shell, log);
    expect(await open('https://example.com/a b'.replace(' ', '%20'))).toBe(true);
    expect(await open('file:///etc/passwd')).toBe(false);
    expect(await open('javascript:alert(1)')).toBe(false);
    expect(await open('ms-settings:')).toBe(false);
    expect(shell.openExternal).toHaveBeenCalledTimes(1);
    expect(shell.openExternal).toHaveBeenCalledWith('https://example.com/a%20b');
    expect(log).toHaveBeenCalledTimes(3);
  });

  it('reports false when the OS cannot open the link', async () => {
    const open = createOpenExternal({ openExternal: async () => Promise.reject(new Error('no handler')) });
    expect(await open('https://example.com')).toBe(false);
  });
});
