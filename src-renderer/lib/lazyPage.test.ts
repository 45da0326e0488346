import { createElement, Suspense } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { lazyPage } from './lazyPage';

function Greeting({ name }: { name: string }) {
  return createElement('h2', null, `Account ${name}`);
}

const inBoundary = (element: ReturnType<typeof createElement>) =>
  renderToStaticMarkup(createElement(Suspense, { fallback: createElement('p', null, 'Opening the page…') }, element));

describe('lazily loaded pages', () => {
  it('suspends to the fallback before its chunk is loaded, and renders at once after preload', async () => {
    let loads = 0;
    const page = lazyPage(() => {
      loads++;
      return Promise.resolve(Greeting);
    });
    expect(inBoundary(createElement(page.Page, { name: 'Acme' }))).toBe('<p>Opening the page…</p>');
    await page.preload();
    expect(inBoundary(createElement(page.Page, { name: 'Acme' }))).toBe('<h2>Account Acme</h2>');
    await page.preload();
    expect(loads).toBe(1); // one download, shared by the route and the preload
  });

  it('tries the download again after a failed one', async () => {
    let attempt = 0;
    const page = lazyPage(() => (++attempt === 1 ? Promise.reject(new Error('chunk failed')) : Promise.resolve(Greeting)));
    await expect(page.preload()).rejects.toThrow('chunk failed');
    await page.preload();
    expect(attempt).toBe(2);
    expect(inBoundary(createElement(page.Page, { name: 'Beta' }))).toBe('<h2>Account Beta</h2>');
  });
});
