import type { CommandIntent, CommandVendor } from '../../../src-shared/contract/commands';

/**
 * The command bar's grammar: plain keyword rules, no model, so the same words always mean the same
 * thing (offline, deterministic). A question is split into words; the intent comes from the words
 * that name a measure ("retention", "sticky", "funnel"…), the vendor from a vendor's name (small typos
 * allowed), and whatever is left after removing those and filler words is taken as the customer's name.
 */

export interface ParsedCommand {
  intent: CommandIntent | null;
  vendor: CommandVendor | null;
  /** The words left for the customer's name, lower case, in the order typed ("" when none). */
  customerPhrase: string;
  /** "my portfolio", "my accounts" … */
  mine: boolean;
}

const vendorWords: Record<CommandVendor, string> = { amplitude: 'amplitude', mixpanel: 'mixpanel', pendo: 'pendo' };

/** Words that never belong to a customer's name in a question. */
const fillerWords = new Set([
  'a',
  'about',
  'account',
  'accounts',
  'an',
  'and',
  'any',
  'are',
  'at',
  'be',
  'by',
  'can',
  'customer',
  'data',
  'did',
  'do',
  'does',
  'doing',
  'for',
  'from',
  'give',
  'go',
  'has',
  'have',
  'how',
  'i',
  'in',
  'is',
  'it',
  'its',
  'list',
  'me',
  'much',
  'of',
  'on',
  'open',
  'please',
  'show',
  'tell',
  'the',
  'their',
  'them',
  'there',
  'they',
  'to',
  'view',
  'was',
  'what',
  'whats',
  'which',
  'with',
  'we',
  'our',
  'my',
  'mine',
  'portfolio',
  'get',
  'see',
  'currently',
  'right',
  'now',
  'lately',
  'recently',
  'page',
  'tab',
  'dashboard',
  'overview',
  'today',
  'yesterday',
  'this',
  'last',
  'week',
  'month',
  'quarter',
  'so',
  'far',
  'look',
  'looking',
  'like',
]);

/** Each intent with its cue words (stems: a word cues the intent when it starts with one of these). */
const cues: Array<{ intent: CommandIntent; words: string[]; weight: number }> = [
  { intent: 'retention', words: ['retention', 'retain', 'retained', 'churn', 'cohort', 'returning', 'comeback'], weight: 3 },
  { intent: 'stickiness', words: ['sticky', 'stickiness', 'stickyness', 'dau/mau', 'daumau', 'dau', 'mau'], weight: 3 },
  { intent: 'funnel', words: ['funnel', 'funnels', 'conversion', 'convert', 'converting', 'onboarding'], weight: 3 },
  { intent: 'unusedFeatures', words: ['unused', 'ignored', 'abandoned', 'adopting'], weight: 3 },
  { intent: 'usageTrend', words: ['trend', 'trends', 'trending', 'over time', 'growth', 'growing', 'declining'], weight: 3 },
  { intent: 'portfolioAlerts', words: ['alert', 'alerts', 'warning', 'warnings', 'risk', 'risks'], weight: 2 },
  { intent: 'health', words: ['health', 'healthy', 'score'], weight: 2 },
  { intent: 'vendorEvents', words: ['event', 'events'], weight: 2 },
  { intent: 'vendorMetrics', words: ['metric', 'metrics', 'numbers', 'stats', 'kpi', 'kpis'], weight: 2 },
  { intent: 'usageOverview', words: ['using', 'use', 'uses', 'usage', 'product', 'engagement', 'engaged', 'active'], weight: 1 },
];

/** Words that carry an intent (removed from the customer phrase). */
const intentWords = new Set([
  ...cues.flatMap((c) => c.words),
  'feature',
  'features',
  'not',
  'never',
  'dont',
  'doesnt',
  'isnt',
  'arent',
  'stopped',
  'rate',
  'rates',
  'step',
  'steps',
  'sticky',
  'how',
  'users',
  'user',
  'volume',
  'count',
  'counts',
]);

/** Lower case, apostrophes dropped ("what's" → "whats"), punctuation to spaces; keeps dots inside domains. */
export function normalize(text: string): string {
  return text
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/['’`]/g, '')
    .replace(/dau\s*\/\s*mau/g, 'daumau')
    .replace(/[^a-z0-9.\-&\s]/g, ' ')
    .replace(/(^|\s)[.-]+|[.-]+(?=\s|$)/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Edit distance counting a swap of two neighbours as one typo (optimal string alignment). */
export function editDistance(a: string, b: string): number {
  const rows: number[][] = [Array.from({ length: b.length + 1 }, (_, j) => j)];
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      const above = rows[i - 1] as number[];
      let d = Math.min((above[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, (above[j - 1] ?? 0) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        d = Math.min(d, ((rows[i - 2] as number[])[j - 2] ?? 0) + 1);
      row[j] = d;
    }
    rows.push(row);
  }
  return (rows[a.length] as number[])[b.length] ?? 0;
}

function vendorOf(word: string): CommandVendor | null {
  for (const [vendor, name] of Object.entries(vendorWords) as Array<[CommandVendor, string]>) {
    if (word === name) return vendor;
    if (word.length >= 4 && editDistance(word, name) <= (name.length >= 8 ? 2 : 1)) return vendor;
  }
  return null;
}

function cueMatches(word: string, cue: string): boolean {
  if (cue.includes(' ')) return false;
  if (word === cue) return true;
  // "retention" / "retentoin": one typo on longer cue words
  return cue.length >= 6 && word.length >= 5 && editDistance(word, cue) <= 1;
}

export function parseCommand(text: string): ParsedCommand {
  const normal = normalize(text);
  const words = normal.split(' ').filter(Boolean);
  let vendor: CommandVendor | null = null;
  const score = new Map<CommandIntent, number>();
  const add = (intent: CommandIntent, points: number) => score.set(intent, (score.get(intent) ?? 0) + points);
  const keep: string[] = [];
  const mine = /\bmy (portfolio|accounts|customers|book)\b|\bportfolio\b|\ball (my )?(accounts|customers)\b/.test(normal);

  for (const word of words) {
    const v = vendorOf(word);
    if (v) {
      vendor = v;
      continue;
    }
    let isIntentWord = intentWords.has(word);
    for (const cue of cues) {
      if (cue.words.some((w) => cueMatches(word, w))) {
        add(cue.intent, cue.weight);
        isIntentWord = true;
      }
    }
    if (isIntentWord || fillerWords.has(word)) continue;
    keep.push(word);
  }
  for (const cue of cues) for (const w of cue.words) if (w.includes(' ') && normal.includes(w)) add(cue.intent, cue.weight);

  // Phrases that change the meaning of single words.
  const notUsing =
    /\b(not|never|dont|doesnt|isnt|arent|stopped|no longer)\b.*\b(using|use|used|adopt|adopted|adopting|touch|touched)\b/.test(
      normal,
    );
  const mentionsFeatures = /\bfeatures?\b/.test(normal);
  if (mentionsFeatures && (notUsing || score.has('unusedFeatures'))) add('unusedFeatures', 6);
  else if (mentionsFeatures) add('unusedFeatures', 1);
  if (/\bhow (is|are|does|do) .* (using|use|doing)\b/.test(normal)) add('usageOverview', 3);
  if (/\busage\b.*\btrend|\btrend.*\busage\b/.test(normal)) add('usageTrend', 2);
  if (/\bhow sticky\b/.test(normal)) add('stickiness', 2);

  let intent: CommandIntent | null = null;
  let best = 0;
  for (const [candidate, points] of score) {
    if (points > best) {
      best = points;
      intent = candidate;
    }
  }
  // Alerts about one customer vs the whole portfolio.
  if (intent === 'portfolioAlerts' && keep.length > 0 && !mine) intent = 'customerAlerts';
  // A vendor named with no other measure: that vendor's headline numbers.
  if (vendor && (intent === null || intent === 'usageOverview')) intent = 'vendorMetrics';
  // Events without a vendor are still "events on the primary source".
  if (intent === null && keep.length > 0) intent = 'openAccount';

  return { intent, vendor, customerPhrase: keep.join(' '), mine };
}
