import { describe, expect, it } from 'vitest';
import { hrefFor, parseHash } from './router';

describe('hash router', () => {
  it('defaults to the portfolio', () => {
    for (const hash of ['', '#', '#/', '#/portfolio', '#/portfolio/']) expect(parseHash(hash)).toEqual({ name: 'portfolio' });
  });

  it('parses every route', () => {
    expect(parseHash('#/alerts')).toEqual({ name: 'alerts' });
    expect(parseHash('#/sync')).toEqual({ name: 'sync' });
    expect(parseHash('#/settings')).toEqual({ name: 'settings' });
    expect(parseHash('#/account/acme%20inc')).toEqual({ name: 'account', id: 'acme inc' });
  });

  it('sends anything else to not found', () => {
    expect(parseHash('#/account')).toEqual({ name: 'notFound', path: '/account' });
    expect(parseHash('#/account/a/b')).toMatchObject({ name: 'notFound' });
    expect(parseHash('#/account/acme/retention')).toEqual({ name: 'account', id: 'acme', tab: 'retention' });
    expect(hrefFor({ name: 'account', id: 'a b', tab: 'funnels' })).toBe('#/account/a%20b/funnels');
    expect(parseHash('#/account/%E0%A4%A')).toMatchObject({ name: 'notFound' });
    expect(parseHash('#/nope')).toEqual({ name: 'notFound', path: '/nope' });
  });

  it('round-trips hrefs', () => {
    for (const route of [{ name: 'portfolio' }, { name: 'alerts' }, { name: 'account', id: 'a/b c' }] as const) {
      expect(parseHash(hrefFor(route))).toEqual(route);
    }
  });
});
