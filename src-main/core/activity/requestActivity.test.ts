import { describe, expect, it } from 'vitest';
import type { TimerPort } from '../scheduler';
import { noteRequests, RequestActivity } from './requestActivity';

/** A clock whose timers fire when the test moves time. */
class ManualTime implements TimerPort {
  at = 1_000_000;
  private timers: Array<{ due: number; fire: () => void }> = [];
  now = () => this.at;
  set(ms: number, fire: () => void) {
    const timer = { due: this.at + ms, fire };
    this.timers.push(timer);
    return timer;
  }
  clear(handle: unknown) {
    this.timers = this.timers.filter((t) => t !== handle);
  }
  async advance(ms: number) {
    this.at += ms;
    const due = this.timers.filter((t) => t.due <= this.at);
    this.timers = this.timers.filter((t) => t.due > this.at);
    for (const t of due) t.fire();
    await new Promise((resolve) => setImmediate(resolve));
  }
}

describe('RequestActivity', () => {
  it('waits until a whole quiet period has passed since the last request', async () => {
    const time = new ManualTime();
    const activity = new RequestActivity({ now: time.now }, time);
    const handlers = noteRequests({ 'metrics.portfolio': (n: number) => n * 2 }, activity);
    let quiet: boolean | null = null;
    void activity
      .waitForQuiet(60_000, () => true)
      .then((v) => {
        quiet = v;
      });
    await time.advance(40_000);
    expect(handlers['metrics.portfolio'](21)).toBe(42); // a page asks: the quiet period starts again
    await time.advance(20_000);
    expect(quiet).toBeNull();
    await time.advance(39_000);
    expect(quiet).toBeNull();
    await time.advance(1_000);
    expect(quiet).toBe(true);
  });

  it('gives up when no longer wanted, or when no quiet moment comes', async () => {
    const time = new ManualTime();
    const activity = new RequestActivity({ now: time.now }, time);
    let wanted = true;
    let first: boolean | null = null;
    void activity
      .waitForQuiet(60_000, () => wanted)
      .then((v) => {
        first = v;
      });
    wanted = false;
    await time.advance(60_000);
    expect(first).toBe(false);

    activity.touch();
    let second: boolean | null = null;
    void activity
      .waitForQuiet(60_000, () => true, 150_000)
      .then((v) => {
        second = v;
      });
    for (let i = 0; i < 4; i++) {
      await time.advance(50_000);
      activity.touch();
    }
    expect(second).toBe(false);
  });
});
