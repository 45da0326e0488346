import type { FunnelOrder, FunnelStepResult } from '../../../src-shared/contract/metrics';

export interface FunnelEvent {
  name: string;
  ts: number;
}

export interface FunnelSpec {
  steps: readonly string[];
  order: FunnelOrder;
  /** Conversion window in ms, inclusive at its end (pitfall 9). */
  windowMs: number;
  /** Whether an event may open an attempt (its day lies in the entry range). */
  canEnter: (ts: number) => boolean;
}

/** The credited attempt of one actor: the timestamps of each reached step, in step order. */
export type ActorPath = number[];

/**
 * One actor's best attempt (F3: every opening occurrence is tried, the attempt that gets furthest is
 * credited, the earliest one breaks ties; its times are reported). `events` sorted by ts.
 * - ordered: step k+1 at or after step k (ties allowed, F4), other events in between allowed, each
 *   event used once (A → A → B needs two A's);
 * - strict: step k+1 is the very next key event of the actor. Among equal timestamps the order is
 *   unknowable, so ties are ordered in the funnel's favour (by step position). Only key events are
 *   stored, so "the next event" means the next KEY event: events not kept as key events cannot break
 *   a strict attempt;
 * - any: any step event opens the attempt; the steps done within [open, open + window] in any order
 *   count ("completed k of n"); path times are the matched events' times, ascending.
 */
export function bestPath(events: readonly FunnelEvent[], spec: FunnelSpec): ActorPath {
  const { steps, order } = spec;
  const sorted =
    order === 'strict'
      ? [...events].sort((a, b) => a.ts - b.ts || rank(steps, a.name) - rank(steps, b.name))
      : [...events].sort((a, b) => a.ts - b.ts);
  let best: ActorPath = [];
  for (let i = 0; i < sorted.length; i++) {
    const opener = sorted[i] as FunnelEvent;
    if (!spec.canEnter(opener.ts)) continue;
    let path: ActorPath;
    if (order === 'any') {
      if (!steps.includes(opener.name)) continue;
      path = anyOrderAttempt(sorted, i, spec);
    } else {
      if (opener.name !== steps[0]) continue;
      path = order === 'strict' ? strictAttempt(sorted, i, spec) : orderedAttempt(sorted, i, spec);
    }
    if (path.length > best.length) best = path;
    if (best.length === steps.length) break;
  }
  return best;
}

function rank(steps: readonly string[], name: string): number {
  const i = steps.indexOf(name);
  return i === -1 ? steps.length : i;
}

function orderedAttempt(sorted: readonly FunnelEvent[], open: number, spec: FunnelSpec): ActorPath {
  const t0 = (sorted[open] as FunnelEvent).ts;
  const end = t0 + spec.windowMs;
  const used = new Set<number>([open]);
  const path = [t0];
  let prevTs = t0;
  // Ties are allowed, so candidates start at the first event with the previous step's timestamp.
  let from = open;
  while (from > 0 && (sorted[from - 1] as FunnelEvent).ts === t0) from--;
  for (let k = 1; k < spec.steps.length; k++) {
    let found = -1;
    for (let j = from; j < sorted.length; j++) {
      const e = sorted[j] as FunnelEvent;
      if (e.ts > end) break;
      if (e.ts < prevTs || used.has(j) || e.name !== spec.steps[k]) continue;
      found = j;
      break;
    }
    if (found === -1) break;
    used.add(found);
    prevTs = (sorted[found] as FunnelEvent).ts;
    path.push(prevTs);
    while (from < sorted.length && (sorted[from] as FunnelEvent).ts < prevTs) from++;
  }
  return path;
}

function strictAttempt(sorted: readonly FunnelEvent[], open: number, spec: FunnelSpec): ActorPath {
  const t0 = (sorted[open] as FunnelEvent).ts;
  const path = [t0];
  for (let k = 1, j = open + 1; k < spec.steps.length; k++, j++) {
    const e = sorted[j];
    if (!e || e.name !== spec.steps[k] || e.ts > t0 + spec.windowMs) break;
    path.push(e.ts);
  }
  return path;
}

function anyOrderAttempt(sorted: readonly FunnelEvent[], open: number, spec: FunnelSpec): ActorPath {
  const t0 = (sorted[open] as FunnelEvent).ts;
  const end = t0 + spec.windowMs;
  const used = new Set<number>();
  const times: number[] = [];
  let from = open;
  while (from > 0 && (sorted[from - 1] as FunnelEvent).ts === t0) from--;
  // The opener fills its own step first; the remaining steps take the earliest unused event each.
  const pending = [...spec.steps];
  const openerName = (sorted[open] as FunnelEvent).name;
  pending.splice(pending.indexOf(openerName), 1);
  used.add(open);
  times.push(t0);
  for (const step of pending) {
    for (let j = from; j < sorted.length; j++) {
      const e = sorted[j] as FunnelEvent;
      if (e.ts > end) break;
      if (used.has(j) || e.name !== step) continue;
      used.add(j);
      times.push(e.ts);
      break;
    }
  }
  return times.sort((a, b) => a - b);
}

export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

function mean(values: readonly number[]): number | null {
  return values.length === 0 ? null : values.reduce((a, b) => a + b, 0) / values.length;
}

/** F6 outputs from the credited paths of every actor who entered. */
export function funnelSteps(paths: readonly ActorPath[], steps: readonly string[]): FunnelStepResult[] {
  const entered = paths.filter((p) => p.length > 0);
  const first = entered.length;
  const out: FunnelStepResult[] = [];
  steps.forEach((step, k) => {
    const reached = entered.filter((p) => p.length > k);
    const count = reached.length;
    const previous = k === 0 ? count : (out[k - 1]?.count ?? 0);
    const gaps = k === 0 ? [] : reached.map((p) => ((p[k] as number) - (p[k - 1] as number)) / 1000);
    out.push({
      step,
      count,
      overall: first === 0 ? null : count / first,
      fromPrevious: k === 0 || previous === 0 ? null : count / previous,
      dropOff: previous - count,
      medianSeconds: median(gaps),
      meanSeconds: mean(gaps),
    });
  });
  return out;
}

/** The step losing the most actors from its previous step (earliest on ties), or null. */
export function dropOffStep(steps: readonly FunnelStepResult[]): string | null {
  let worst: FunnelStepResult | null = null;
  for (const step of steps.slice(1)) if (step.dropOff > 0 && (!worst || step.dropOff > worst.dropOff)) worst = step;
  return worst?.step ?? null;
}

export function secondsToConvert(paths: readonly ActorPath[], stepCount: number): number[] {
  return paths
    .filter((p) => p.length === stepCount && stepCount > 0)
    .map((p) => ((p[stepCount - 1] as number) - (p[0] as number)) / 1000);
}
