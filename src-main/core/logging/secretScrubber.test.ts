import { describe, expect, it } from 'vitest';
import { SecretScrubber } from './secretScrubber';

describe('SecretScrubber', () => {
  it('removes remembered secrets and their base64 forms', () => {
    const scrubber = new SecretScrubber();
    scrubber.remember('amp-secret-42424242');
    const b64 = Buffer.from('amp-secret-42424242').toString('base64');
    expect(scrubber.scrub(`failed with amp-secret-42424242 and ${b64}`)).toBe('failed with [redacted] and [redacted]');
  });

  it('removes credentials in the shapes HTTP carries them', () => {
    const scrubber = new SecretScrubber();
    expect(scrubber.scrub('Authorization: Basic YWJjOmRlZmdoaWpr')).toBe('Authorization: Basic [redacted]');
    expect(scrubber.scrub('{"x-pendo-integration-key": "abc-123-def"}')).toBe('{"x-pendo-integration-key": "[redacted]"}');
    expect(scrubber.scrub('GET /x?api_key=abcdef&y=1')).toBe('GET /x?api_key=[redacted]&y=1');
    expect(scrubber.scrub('https://user:pa55word@mixpanel.com/api')).toBe('https://[redacted]@mixpanel.com/api');
  });

  it('leaves ordinary text alone and ignores very short values', () => {
    const scrubber = new SecretScrubber();
    scrubber.remember('abc');
    expect(scrubber.scrub('abc is a fine word; Acme grew 20%')).toBe('abc is a fine word; Acme grew 20%');
  });
});
