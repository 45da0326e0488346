import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { prefetch } from './prefetch';
import { useCoreData } from './useCoreData';

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

function Shows({ load, early }: { load: () => Promise<string>; early: ReturnType<typeof prefetch<string>> | null }) {
  const data = useCoreData(load, ['metrics'], early);
  return createElement('p', null, `${data.status}:${data.value ?? ''}`);
}

describe('prefetched core calls', () => {
  it('hands the call over once, with its answer once it arrived', async () => {
    let answer!: (value: string) => void;
    const early = prefetch(new Promise<string>((resolve) => (answer = resolve)));
    answer('outcome');
    await settle();
    const first = early.take();
    expect(first?.answer).toEqual({ value: 'outcome' });
    await expect(first?.promise).resolves.toBe('outcome');
    // A component mounting later (the tab opened again) asks the core itself.
    expect(early.take()).toBeNull();
  });

  it('has no answer while the call is out, and keeps a failure for whoever takes it', async () => {
    const pending = prefetch(new Promise<string>(() => undefined));
    expect(pending.take()?.answer).toBeNull();
    const failed = prefetch(Promise.reject(new Error('core gone')));
    await settle(); // no unhandled rejection although nobody took it yet
    const taken = failed.take();
    expect(taken?.answer).toBeNull();
    await expect(taken?.promise).rejects.toThrow('core gone');
  });

  it('lets useCoreData render an answer that is already in on its first render, without calling the core', async () => {
    const calls: string[] = [];
    const load = () => {
      calls.push('load');
      return Promise.resolve('from the core');
    };
    const early = prefetch(Promise.resolve('prefetched'));
    await settle();
    expect(renderToStaticMarkup(createElement(Shows, { load, early }))).toBe('<p>ready:prefetched</p>');
    expect(renderToStaticMarkup(createElement(Shows, { load, early: prefetch(new Promise<string>(() => undefined)) }))).toBe(
      '<p>loading:</p>',
    );
    expect(renderToStaticMarkup(createElement(Shows, { load, early: null }))).toBe('<p>loading:</p>');
    expect(calls).toEqual([]); // a server render runs no effects: nothing asked during render
  });
});
