/**
 * The scheduler's only way to wait. Injected so tests drive it with a manual clock; the system
 * adapter is unref'd so a pending wake never keeps a CLI process alive.
 */
export interface TimerPort {
  set(ms: number, fire: () => void): unknown;
  clear(handle: unknown): void;
}

export const systemTimer: TimerPort = {
  set: (ms, fire) => {
    const handle = setTimeout(fire, ms);
    handle.unref?.();
    return handle;
  },
  clear: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};
