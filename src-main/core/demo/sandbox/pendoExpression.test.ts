import { describe, expect, it } from 'vitest';
import { compileExpression } from './pendoExpression';

describe('pendo expressions', () => {
  const now = (): number => 1_000_000;
  it('compares strings and numbers, combines with && and ||', () => {
    const f = compileExpression('visitorId>"abc" && day>=10 || accountId=="x"', now);
    expect(f({ visitorId: 'abd', day: 10 })).toBe(true);
    expect(f({ visitorId: 'abb', day: 10, accountId: 'x' })).toBe(true);
    expect(f({ visitorId: 'abb', day: 10, accountId: 'y' })).toBe(false);
  });
  it('reads nested paths and evaluates now() arithmetic', () => {
    expect(compileExpression('metadata.auto.lastupdated>=5', now)({ metadata: { auto: { lastupdated: 7 } } })).toBe(true);
    expect(compileExpression('now() - 30 * 1000', now)({})).toBe(970_000);
    expect(compileExpression('!isNull(x)', now)({ x: 1 })).toBe(true);
  });
});
