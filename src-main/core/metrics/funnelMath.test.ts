import { describe, expect, it } from 'vitest';
import { bestPath, type FunnelEvent, funnelSteps, median } from './funnelMath';

const H = 3_600_000;
const always = () => true;
const spec = (order: 'ordered' | 'strict' | 'any', steps = ['A', 'B', 'C'], windowMs = 14 * 24 * H) => ({
  steps,
  order,
  windowMs,
  canEnter: always,
});
const ev = (name: string, hour: number): FunnelEvent => ({ name, ts: hour * H });

describe('funnel attempts (section 6)', () => {
  it('ordered allows other events between steps; strict does not', () => {
    const events = [ev('A', 0), ev('X', 1), ev('B', 2), ev('C', 3)];
    expect(bestPath(events, spec('ordered')).length).toBe(3);
    expect(bestPath(events, spec('strict')).length).toBe(1);
  });

  it('equal timestamps count as in order, whatever the stored order (F4)', () => {
    const events = [ev('B', 5), ev('A', 5), ev('C', 5)];
    expect(bestPath(events, spec('ordered')).length).toBe(3);
    expect(bestPath(events, spec('strict')).length).toBe(3);
  });

  it('the conversion window is inclusive at its end (pitfall 9)', () => {
    const w = 10 * H;
    expect(bestPath([ev('A', 0), ev('B', 10)], spec('ordered', ['A', 'B'], w)).length).toBe(2);
    expect(bestPath([ev('A', 0), { name: 'B', ts: 10 * H + 1 }], spec('ordered', ['A', 'B'], w)).length).toBe(1);
  });

  it('credits the attempt that gets furthest (a later step-1 re-opens)', () => {
    const events = [ev('A', 0), ev('A', 100), ev('B', 101), ev('C', 102)];
    const path = bestPath(events, spec('ordered', ['A', 'B', 'C'], 10 * H));
    expect(path).toEqual([100 * H, 101 * H, 102 * H]);
  });

  it('repeated steps need distinct occurrences', () => {
    expect(bestPath([ev('A', 0), ev('B', 1)], spec('ordered', ['A', 'A', 'B'])).length).toBe(1);
    expect(bestPath([ev('A', 0), ev('A', 1), ev('B', 2)], spec('ordered', ['A', 'A', 'B'])).length).toBe(3);
  });

  it('any order: any step opens, completed k of n', () => {
    expect(bestPath([ev('C', 0), ev('A', 1), ev('B', 2)], spec('any')).length).toBe(3);
    expect(bestPath([ev('C', 0), ev('B', 1)], spec('any')).length).toBe(2);
    expect(bestPath([ev('C', 0), ev('B', 1)], spec('ordered')).length).toBe(0);
  });

  it('only events in the entry range open attempts', () => {
    const path = bestPath([ev('A', 0), ev('B', 1)], { ...spec('ordered', ['A', 'B']), canEnter: (ts) => ts > 0 });
    expect(path).toEqual([]);
  });

  it('step results: overall, relative, drop-off, median times; zero entrants give null', () => {
    const steps = funnelSteps([[0, 1000], [0, 3000], [0], []], ['A', 'B']);
    expect(steps[0]).toMatchObject({ count: 3, overall: 1, fromPrevious: null, dropOff: 0 });
    expect(steps[1]).toMatchObject({ count: 2, fromPrevious: 2 / 3, dropOff: 1, medianSeconds: 2, meanSeconds: 2 });
    expect(funnelSteps([], ['A', 'B'])[1]).toMatchObject({ count: 0, overall: null, fromPrevious: null });
    expect(median([1, 2, 3, 10])).toBe(2.5);
  });
});
