import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

let collect: (() => void) | null | undefined;

/**
 * A full, compacting garbage collection of this thread's heap, now: returns how long it took, or null
 * where V8 does not let us ask (then nothing happened).
 *
 * Why: a sync's windows leave the core thread's heap with ~50 MB of dead parse and aggregate buffers
 * that V8 would collect only when it next needs room; the health recompute that follows starts a second
 * thread and grows its own working set on top of them, and the sync's peak RSS was that sum
 * (319-336 MB for 2M events, against 269-287 MB with one collection in between: 1,200 accounts x 45
 * days). One collection there costs ~30 ms. `gc` is V8's own function, reachable only through a context
 * created after `--expose-gc` is set; the flag is process-wide but only adds `gc` to new contexts.
 */
export function collectGarbageNow(): number | null {
  if (collect === undefined) {
    try {
      setFlagsFromString('--expose-gc');
      const gc = runInNewContext('gc') as unknown;
      collect = typeof gc === 'function' ? (gc as () => void) : null;
    } catch {
      collect = null;
    }
  }
  if (!collect) return null;
  const started = performance.now();
  collect();
  return performance.now() - started;
}
