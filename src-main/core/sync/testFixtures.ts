import type { Sleep } from './rateLimiter';

/** A clock that only moves when the code under test sleeps; the sleeps are recorded (limiter tests). */
export function manualTime() {
  let now = 1_000_000;
  const sleeps: number[] = [];
  const sleep: Sleep = async (ms) => {
    sleeps.push(ms);
    now += ms;
  };
  return { clock: { now: () => now }, sleep, sleeps };
}
