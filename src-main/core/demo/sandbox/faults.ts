/**
 * Fault toggles for reliability tests. A fault applies to the next `count` matching requests (vendor and
 * optional path substring); several faults can apply to one request (e.g. delay + truncate).
 * Settable programmatically (FaultBoard.set/add/clear) and over HTTP (POST/DELETE /__sandbox/faults).
 */
import { z } from 'zod';

export const FAULT_KINDS = [
  /** 429 Too Many Requests, with Retry-After when retryAfterSeconds is set. */
  'rateLimit',
  /** A 5xx answer (status, default 503). */
  'serverError',
  /** Wait delayMs before answering. */
  'delay',
  /** Never answer (the socket stays open until the client gives up or the sandbox closes). */
  'hang',
  /** End the body cleanly after `bytes` bytes (truncated JSON / gzip / zip). */
  'truncate',
  /** Destroy the connection after `bytes` bytes (a reset mid-stream). */
  'drop',
  /** Insert an unparsable line (JSONL bodies) or break the JSON (Pendo). */
  'malformed',
  /** An HTML error page with status 200. */
  'html200',
  /** Valid JSON of the wrong shape with status 200. */
  'wrongShape',
  /** Mixpanel export: end with the literal line "terminated early". */
  'terminatedEarly',
  /** Mixpanel export: split one record across two physical lines. */
  'splitLine',
] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

export const faultSpecSchema = z.object({
  kind: z.enum(FAULT_KINDS),
  vendor: z.enum(['amplitude', 'mixpanel', 'pendo', 'all']).default('all'),
  /** Only requests whose path (after the vendor prefix) and query contain this string, e.g. "/export" or "from_date=2025-03-01". */
  path: z.string().optional(),
  /** How many matching requests it applies to; -1 = until cleared. */
  count: z.number().int().default(1),
  status: z.number().int().optional(),
  retryAfterSeconds: z.number().nonnegative().optional(),
  delayMs: z.number().nonnegative().optional(),
  bytes: z.number().int().nonnegative().optional(),
});
export type FaultSpec = z.input<typeof faultSpecSchema>;
type ParsedFault = z.output<typeof faultSpecSchema>;

export const faultRequestSchema = z.union([
  z.object({ faults: z.array(faultSpecSchema), replace: z.boolean().optional() }),
  faultSpecSchema,
]);

export interface ActiveFaults {
  rateLimit?: ParsedFault;
  serverError?: ParsedFault;
  delay?: ParsedFault;
  hang?: ParsedFault;
  truncate?: ParsedFault;
  drop?: ParsedFault;
  malformed?: ParsedFault;
  html200?: ParsedFault;
  wrongShape?: ParsedFault;
  terminatedEarly?: ParsedFault;
  splitLine?: ParsedFault;
}

export class FaultBoard {
  private faults: { spec: ParsedFault; remaining: number }[] = [];

  /** Replace all faults. */
  set(faults: FaultSpec[]): void {
    this.faults = faults.map((f) => {
      const spec = faultSpecSchema.parse(f);
      return { spec, remaining: spec.count };
    });
  }

  add(fault: FaultSpec): void {
    const spec = faultSpecSchema.parse(fault);
    this.faults.push({ spec, remaining: spec.count });
  }

  clear(): void {
    this.faults = [];
  }

  list(): (ParsedFault & { remaining: number })[] {
    return this.faults.map((f) => ({ ...f.spec, remaining: f.remaining }));
  }

  /** Consumes the faults that apply to this request (one of each kind at most). */
  take(vendor: string, path: string): ActiveFaults {
    const active: ActiveFaults = {};
    for (const f of this.faults) {
      if (f.remaining === 0) continue;
      if (f.spec.vendor !== 'all' && f.spec.vendor !== vendor) continue;
      if (f.spec.path !== undefined && !path.includes(f.spec.path)) continue;
      if (active[f.spec.kind]) continue;
      active[f.spec.kind] = f.spec;
      if (f.remaining > 0) f.remaining--;
    }
    this.faults = this.faults.filter((f) => f.remaining !== 0);
    return active;
  }
}
