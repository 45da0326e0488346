/**
 * Removes credentials from any text before it is logged, stored in a run record or shown. Two layers:
 * every secret value the core has handled (exact match), and the shapes credentials take in HTTP
 * (Basic/Bearer headers, Pendo's key header, key-like query parameters, user:pass@ in URLs).
 */
export class SecretScrubber {
  private readonly known = new Set<string>();

  remember(secret: string): void {
    // Very short values would redact ordinary words; vendor keys are long.
    if (secret.length >= 6) {
      this.known.add(secret);
      this.known.add(Buffer.from(secret).toString('base64'));
    }
  }

  rememberBasicAuth(user: string, password: string): void {
    this.remember(Buffer.from(`${user}:${password}`).toString('base64'));
  }

  scrub(text: string): string {
    let out = text;
    for (const secret of this.known) {
      if (out.includes(secret)) out = out.split(secret).join('[redacted]');
    }
    return out
      .replace(/\b(Basic|Bearer|Api-Key)\s+[A-Za-z0-9+/=._~-]{6,}/gi, '$1 [redacted]')
      .replace(/(x-pendo-integration-key["']?\s*[:=]\s*["']?)[^\s"',}]+/gi, '$1[redacted]')
      .replace(/([?&](?:api_key|apikey|secret|token|key|password)=)[^&\s"']+/gi, '$1[redacted]')
      .replace(/(\/\/)[^/@\s:]+:[^/@\s]+@/g, '$1[redacted]@');
  }

  scrubValue<T>(value: T): T {
    if (typeof value === 'string') return this.scrub(value) as T;
    if (Array.isArray(value)) return value.map((item) => this.scrubValue(item)) as T;
    if (value && typeof value === 'object') {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, this.scrubValue(v)])) as T;
    }
    return value;
  }
}
