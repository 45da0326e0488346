import { describe, expect, it } from 'vitest';
import { collectGarbageNow } from './collectGarbage';

describe('collectGarbageNow', () => {
  it('runs a full collection that frees what is no longer reachable', async () => {
    const target = new WeakRef(Array.from({ length: 200 }, () => Array.from({ length: 10_000 }, (_, i) => i + 0.5)));
    // A WeakRef keeps its target alive until the job that created it ends.
    await new Promise((resolve) => setTimeout(resolve, 0));
    const ms = collectGarbageNow();
    expect(ms).not.toBeNull();
    expect(ms).toBeGreaterThanOrEqual(0);
    expect(target.deref()).toBeUndefined();
  });
});
