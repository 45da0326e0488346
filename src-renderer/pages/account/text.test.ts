import { describe, expect, it } from 'vitest';
import { sourceName } from './text';

describe('sourceName', () => {
  it('names the vendor beside a label that does not', () => {
    expect(sourceName('amplitude', 'EU workspace')).toBe('Amplitude (EU workspace)');
  });

  it('shows a label that already names the vendor once', () => {
    expect(sourceName('amplitude', 'Amplitude (demo)')).toBe('Amplitude (demo)');
    expect(sourceName('mixpanel', 'mixpanel prod')).toBe('mixpanel prod');
  });
});
