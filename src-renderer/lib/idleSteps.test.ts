import { afterEach, describe, expect, it, vi } from 'vitest';
import { runInIdleSteps } from './idleSteps';

afterEach(() => vi.restoreAllMocks());

describe('background work in idle steps', () => {
  it('runs the steps in order, a step that returns a promise holding the next one until it settles', async () => {
    const log: string[] = [];
    const steps = [
      () => {
        log.push('chunk asked');
        return new Promise<void>((resolve) =>
          setTimeout(() => {
            log.push('chunk loaded');
            resolve();
          }, 5),
        );
      },
      () => log.push('line chart'),
      () => log.push('gauge'),
    ];
    const done = runInIdleSteps(steps, { delayMs: 0 });
    expect(log).toEqual([]); // nothing runs in the caller's task
    await done;
    expect(log).toEqual(['chunk asked', 'chunk loaded', 'line chart', 'gauge']);
  });

  it('gives each step its own task, so work queued meanwhile runs in between', async () => {
    const log: string[] = [];
    await runInIdleSteps(
      [
        () => {
          log.push('step 1');
          setTimeout(() => log.push('a click'), 0);
        },
        () => log.push('step 2'),
      ],
      { delayMs: 0 },
    );
    expect(log).toEqual(['step 1', 'a click', 'step 2']);
  });

  it('logs a failing step and still runs the rest', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const log: string[] = [];
    await runInIdleSteps(
      [
        () => {
          throw new Error('no chunk');
        },
        () => Promise.reject(new Error('no chart')),
        () => log.push('last'),
      ],
      { delayMs: 0 },
    );
    expect(log).toEqual(['last']);
    expect(warn).toHaveBeenCalledTimes(2);
    expect(String(warn.mock.calls[0]?.[1])).toContain('no chunk');
  });
});
