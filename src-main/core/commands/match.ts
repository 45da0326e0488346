import type { CommandCustomer, CommandDirectoryEntry } from '../../../src-shared/contract/commands';
import { editDistance, normalize } from './parse';

/**
 * Fuzzy customer matching for the command bar: "acme", "Acme Corp", "acme.com", "acmee" and
 * "acm corp" all find "Acme Corp". Names are compared without legal suffixes (Inc, Corp, GmbH…),
 * word by word, with a typo budget that grows with the word's length. Deterministic: ties are broken
 * by name, then id.
 */

const legalSuffixes = new Set([
  'inc',
  'inc.',
  'corp',
  'corp.',
  'corporation',
  'co',
  'co.',
  'company',
  'ltd',
  'ltd.',
  'limited',
  'llc',
  'gmbh',
  'ag',
  'sa',
  'sas',
  'bv',
  'plc',
  'pty',
  'srl',
  'oy',
  'ab',
  'group',
]);

function words(text: string): string[] {
  return normalize(text)
    .split(' ')
    .filter((w) => w && !legalSuffixes.has(w));
}

/** Typos allowed in a word of this length. */
function budget(length: number): number {
  if (length <= 3) return 0;
  if (length <= 5) return 1;
  return 2;
}

/** How well one typed word matches one name word, 0..1. */
function wordScore(typed: string, name: string): number {
  if (typed === name) return 1;
  if (typed.length >= 3 && name.startsWith(typed)) return 0.9 * (0.6 + 0.4 * (typed.length / name.length));
  const distance = editDistance(typed, name);
  if (distance <= budget(Math.max(typed.length, name.length))) return 0.85 - 0.1 * distance;
  // a typo inside a prefix ("helx" for "helix")
  if (typed.length >= 4 && name.length > typed.length) {
    const head = name.slice(0, typed.length);
    const d = editDistance(typed, head);
    if (d <= budget(typed.length)) return 0.7 - 0.1 * d;
  }
  return 0;
}

/** Score of a typed phrase against a customer, 0..1. */
export function customerScore(phrase: string, entry: CommandDirectoryEntry): number {
  const typed = words(phrase);
  if (typed.length === 0) return 0;
  const typedJoined = typed.join(' ');
  const name = words(entry.name);
  const nameJoined = name.join(' ');
  if (typedJoined === nameJoined || normalize(phrase) === normalize(entry.name)) return 1;
  const domain = entry.domain ? normalize(entry.domain).replace(/^www\./, '') : null;
  if (domain) {
    const bare = domain.replace(/\.[a-z.]+$/, '');
    if (typedJoined === domain || typedJoined === bare) return 1;
  }
  // Whole-string typo ("helixstudios", "advnture works health cloud").
  const compactTyped = typed.join('');
  const compactName = name.join('');
  const whole = editDistance(compactTyped, compactName);
  let best = whole <= budget(compactName.length) + Math.floor(compactName.length / 12) ? 0.95 - 0.05 * whole : 0;

  // Word by word: each typed word must match a distinct name word, in order; unmatched name words cost a little.
  let total = 0;
  let used = -1;
  for (const t of typed) {
    let found = 0;
    let at = -1;
    for (let i = used + 1; i < name.length; i++) {
      const s = wordScore(t, name[i] ?? '');
      if (s > found) {
        found = s;
        at = i;
      }
    }
    if (found === 0) {
      total = 0;
      break;
    }
    total += found;
    used = at;
  }
  if (total > 0) {
    const coverage = typed.length / name.length;
    const wordwise = (total / typed.length) * (0.75 + 0.25 * coverage);
    best = Math.max(best, wordwise);
  }
  return Math.round(best * 1000) / 1000;
}

export interface CustomerResolution {
  /** The one customer meant, when it is clear. */
  match: CommandCustomer | null;
  /** The best candidates, best first (for "did you mean"). */
  candidates: CommandCustomer[];
}

const minimumScore = 0.5;

/** Finds the customer a phrase means. Ambiguous (two equally good) → no match, candidates listed. */
export function resolveCustomer(phrase: string, directory: readonly CommandDirectoryEntry[]): CustomerResolution {
  if (normalize(phrase) === '') return { match: null, candidates: [] };
  const exactId = directory.find((c) => c.id === phrase.trim());
  if (exactId) return { match: { ...exactId, confidence: 1 }, candidates: [{ ...exactId, confidence: 1 }] };
  const scored = directory
    .map((entry) => ({ ...entry, confidence: customerScore(phrase, entry) }))
    .filter((c) => c.confidence >= minimumScore)
    .sort((a, b) => b.confidence - a.confidence || a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
  const candidates = scored.slice(0, 5);
  const [first, second] = candidates;
  if (!first) return { match: null, candidates: [] };
  const clear = !second || first.confidence === 1 || first.confidence - second.confidence >= 0.05;
  return { match: clear ? first : null, candidates };
}
