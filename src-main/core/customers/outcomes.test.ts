import { describe, expect, it } from 'vitest';
import { parseOutcomeStatus } from './outcomes';

describe('parseOutcomeStatus', () => {
  it('reads the words CRM exports use, whatever the case and spacing', () => {
    expect(parseOutcomeStatus('Churned')).toBe('churned');
    expect(parseOutcomeStatus(' RENEWED ')).toBe('renewed');
    expect(parseOutcomeStatus('closed_lost')).toBe('churned');
    expect(parseOutcomeStatus('Closed Won')).toBe('renewed');
    expect(parseOutcomeStatus('cancelled')).toBe('churned');
  });
  it('refuses anything else instead of guessing', () => {
    expect(parseOutcomeStatus('maybe')).toBeNull();
    expect(parseOutcomeStatus('')).toBeNull();
  });
});
