import type { Clock } from '../ports';
import type { TimerPort } from '../scheduler';

/**
 * When a caller last asked the core anything. Work that serves no one now (tomorrow's results, computed
 * ahead) waits for a quiet moment with it, so a page opened meanwhile is not kept waiting behind a step
 * that cannot pause.
 */
export class RequestActivity {
  private last: number;

  constructor(
    private readonly clock: Clock,
    private readonly timer: TimerPort,
  ) {
    this.last = clock.now();
  }

  touch(): void {
    this.last = this.clock.now();
  }

  /**
   * Resolves true once `quietMs` have passed without a request; false as soon as `stillWanted()` is
   * false, or when no such moment came within `giveUpMs`.
   */
  async waitForQuiet(quietMs: number, stillWanted: () => boolean, giveUpMs = 60 * 60_000): Promise<boolean> {
    const started = this.clock.now();
    for (;;) {
      if (!stillWanted()) return false;
      const now = this.clock.now();
      const idle = now - this.last;
      if (idle >= quietMs) return true;
      if (now - started >= giveUpMs) return false;
      await new Promise<void>((resolve) => this.timer.set(quietMs - idle, resolve));
    }
  }
}

/** The same handlers, each call first noted in `activity`. */
export function noteRequests<H extends Record<string, unknown>>(handlers: H, activity: RequestActivity): H {
  const noted: Record<string, unknown> = {};
  for (const [channel, handler] of Object.entries(handlers)) {
    noted[channel] =
      typeof handler === 'function'
        ? (...args: unknown[]) => {
            activity.touch();
            return (handler as (...a: unknown[]) => unknown)(...args);
          }
        : handler;
  }
  return noted as H;
}
