import { describe, expect, it } from 'vitest';
import { CliUsageError } from '../command';
import { parseHorizon } from './churnAnalysis';

describe('parseHorizon', () => {
  it('reads days and weeks', () => {
    expect(parseHorizon('60d')).toBe(60);
    expect(parseHorizon('45')).toBe(45);
    expect(parseHorizon('8w')).toBe(56);
  });
  it('refuses anything else with the accepted forms and range', () => {
    expect(() => parseHorizon('soon')).toThrow(CliUsageError);
    expect(() => parseHorizon('0d')).toThrow(/1 … 365 days; got "0d"/);
    expect(() => parseHorizon('400d')).toThrow(/--horizon takes days like 60d/);
  });
});
