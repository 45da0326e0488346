/** One piece of background work; a returned promise holds the next step until it settles. */
export type IdleStep = () => unknown;

/**
 * Runs `steps` in order after `delayMs`, each in its own idle period of the main thread
 * (requestIdleCallback; a plain timer where there is none), so work the user did not ask for never
 * runs in one long block: input between two steps is handled at once. A failing step is logged and
 * the rest still run. Resolves when every step has run.
 */
export function runInIdleSteps(steps: readonly IdleStep[], options: { delayMs: number }): Promise<void> {
  const idle = (): Promise<void> =>
    new Promise((resolve) => {
      if (typeof requestIdleCallback === 'function') requestIdleCallback(() => resolve(), { timeout: 2000 });
      else setTimeout(resolve, 0);
    });
  return new Promise<void>((resolve) => setTimeout(resolve, options.delayMs)).then(async () => {
    for (const step of steps) {
      await idle();
      try {
        await step();
      } catch (error) {
        console.warn('A background step failed (nothing else depends on it):', error);
      }
    }
  });
}
