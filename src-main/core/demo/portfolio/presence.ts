/** First and (approximate) last visit times of people and accounts, for profile metadata. */
import type { DemoCustomer, DemoPerson, Portfolio } from './model';
import { DAY_MS, HOUR_MS } from './timeline';

export function personFirstSeen(p: Portfolio, pe: DemoPerson): number {
  return pe.funnel[0] ?? p.startMs + pe.joinDay * DAY_MS + 9 * HOUR_MS + ((pe.index * 7919) % 3600) * 1000;
}

/** Approximate last visit (profile metadata only; not used for any counted truth). */
export function personLastSeen(p: Portfolio, pe: DemoPerson): number {
  const c = p.customers[pe.account];
  const end = c?.churnDate ? Date.parse(`${c.churnDate}T00:00:00Z`) - 6 * HOUR_MS : p.now;
  const back = pe.kind === 'dormant' ? 20 : pe.kind === 'casual' ? 4 : 1;
  return Math.max(personFirstSeen(p, pe), Math.min(p.now, end - back * DAY_MS + ((pe.index * 7919) % 36_000) * 1000));
}

export function accountFirstSeen(p: Portfolio, c: DemoCustomer): number {
  return p.startMs + c.createdDay * DAY_MS + 14 * HOUR_MS;
}

export function accountLastSeen(p: Portfolio, c: DemoCustomer): number {
  let last = accountFirstSeen(p, c);
  for (const i of c.members) {
    const pe = p.people[i];
    if (pe) last = Math.max(last, personLastSeen(p, pe));
  }
  return last;
}
