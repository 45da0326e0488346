import { CoreError } from '../../../src-shared/contract';
import type { CustomerMatch } from '../../../src-shared/contract/metrics';
import type { MetricsContext } from './context';

/**
 * Resolves a CUSTOMER argument: exact id, then case-insensitive name, then a unique name prefix or
 * substring, then the closest name within a small edit distance (typos). Several equally good
 * candidates are reported as ambiguous with their names, never guessed.
 */
export function findCustomer(ctx: Pick<MetricsContext, 'store'>, query: string): CustomerMatch {
  // Pages ask by id: one primary-key seek instead of reading every customer.
  const exact = ctx.store.sqlite.prepare('select id, name from customers where id = ?').get(query.trim()) as
    | CustomerMatch
    | undefined;
  if (exact) return exact;
  const all = ctx.store.sqlite.prepare('select id, name from customers order by name').all() as CustomerMatch[];
  const q = query.trim();
  const lower = q.toLowerCase();
  const byId = all.find((c) => c.id === q);
  if (byId) return byId;
  const tiers: Array<(c: CustomerMatch) => boolean> = [
    (c) => c.name.toLowerCase() === lower,
    (c) => c.name.toLowerCase().startsWith(lower),
    (c) => c.name.toLowerCase().includes(lower),
  ];
  for (const tier of tiers) {
    const hits = all.filter(tier);
    if (hits.length === 1) return hits[0] as CustomerMatch;
    if (hits.length > 1) throw ambiguous(q, hits);
  }
  const maxDistance = Math.max(1, Math.min(3, Math.floor(lower.length / 4)));
  let best: CustomerMatch[] = [];
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const c of all) {
    const d = editDistance(lower, c.name.toLowerCase());
    if (d < bestDistance) {
      bestDistance = d;
      best = [c];
    } else if (d === bestDistance) best.push(c);
  }
  if (bestDistance <= maxDistance && best.length === 1) return best[0] as CustomerMatch;
  if (bestDistance <= maxDistance) throw ambiguous(q, best);
  throw new CoreError('NOT_FOUND', `No customer matches "${q}". Use a customer id or a name (\`pulse customers\` lists them).`);
}

function ambiguous(query: string, hits: CustomerMatch[]): CoreError {
  const shown = hits.slice(0, 8).map((c) => `${c.name} (${c.id})`);
  const more = hits.length > 8 ? ` and ${hits.length - 8} more` : '';
  return new CoreError(
    'CONFLICT',
    `"${query}" matches ${hits.length} customers: ${shown.join(', ')}${more}. Be more specific or use the id.`,
  );
}

/** Levenshtein distance, two rows. */
export function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      cur[j] = Math.min((prev[j] ?? 0) + 1, (cur[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost);
    }
    prev = cur;
  }
  return prev[b.length] ?? 0;
}
