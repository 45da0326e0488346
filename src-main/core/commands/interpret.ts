import type {
  AccountTab,
  CommandCustomer,
  CommandDirectoryEntry,
  CommandIntent,
  CommandInterpretation,
  CommandVendor,
} from '../../../src-shared/contract/commands';
import { resolveCustomer } from './match';
import { normalize, parseCommand } from './parse';

const vendorNames: Record<CommandVendor, string> = { amplitude: 'Amplitude', mixpanel: 'Mixpanel', pendo: 'Pendo' };

/** Where each intent lands on the account page. */
const tabOf: Record<Exclude<CommandIntent, 'portfolioAlerts'>, AccountTab | null> = {
  vendorMetrics: 'engagement',
  vendorEvents: 'engagement',
  retention: 'retention',
  stickiness: 'engagement',
  funnel: 'funnels',
  usageOverview: 'engagement',
  unusedFeatures: 'features',
  usageTrend: 'engagement',
  health: null,
  customerAlerts: 'alerts',
  openAccount: null,
};

function describe(intent: CommandIntent, vendor: CommandVendor | null, name: string): string {
  const v = vendor ? vendorNames[vendor] : null;
  switch (intent) {
    case 'vendorMetrics':
      return `${v ?? 'Usage'} metrics for ${name}`;
    case 'vendorEvents':
      return `${v ? `${v} events` : 'Events'} for ${name}`;
    case 'retention':
      return `Retention for ${name}`;
    case 'stickiness':
      return `Stickiness (DAU/MAU) of ${name}`;
    case 'funnel':
      return `Onboarding funnel conversion for ${name}`;
    case 'usageOverview':
      return `How ${name} uses the product`;
    case 'unusedFeatures':
      return `Features ${name} is not using`;
    case 'usageTrend':
      return `Usage trend for ${name}`;
    case 'health':
      return `Health of ${name}`;
    case 'customerAlerts':
      return `Alerts for ${name}`;
    case 'openAccount':
      return `Open ${name}`;
    case 'portfolioAlerts':
      return 'Open alerts across the portfolio';
  }
}

/** The questions the command bar understands, with a real customer's name when there is one. */
export function exampleQuestions(directory: readonly CommandDirectoryEntry[]): string[] {
  const name = shortName(directory[0]?.name ?? 'Acme');
  return [
    `How is ${name} using the product?`,
    `What's the retention for ${name}?`,
    `How sticky is ${name}?`,
    `What's the funnel conversion for ${name}?`,
    `What features is ${name} not using?`,
    `Show usage trend for ${name}`,
    `Show Amplitude metrics for ${name}`,
    `Show Mixpanel events for ${name}`,
    'Any usage alerts for my portfolio?',
  ];
}

/** The name as the examples use it: in full, so every example resolves to exactly one customer. */
function shortName(name: string): string {
  return name;
}

export interface InterpretOptions {
  /** settings.currentOwner: "my portfolio" means this owner's customers when set. */
  currentOwner: string | null;
}

/**
 * Turns a typed question into what to show: the intent, the customer (fuzzy), where to navigate.
 * Pure: the directory of customers is passed in.
 */
export function interpretCommand(
  text: string,
  directory: readonly CommandDirectoryEntry[],
  options: InterpretOptions,
): CommandInterpretation {
  // A customer's full name typed as is wins before any word is read as a cue ("Pied Piper Health West"
  // is a name, not a health question).
  const verbatim = findVerbatim(text, directory);
  const parsed = parseCommand(verbatim ? verbatim.rest : text);
  const { vendor } = parsed;
  let intent = parsed.intent;
  if (verbatim && intent === null) intent = 'openAccount';
  if (verbatim && intent === 'portfolioAlerts') intent = 'customerAlerts';
  if (intent === null) {
    return {
      kind: 'unknown',
      message:
        text.trim() === ''
          ? 'Ask about a customer, for example:'
          : `Pulse did not understand "${text.trim()}". Try one of these:`,
      suggestions: exampleQuestions(directory),
    };
  }
  if (!verbatim && parsed.customerPhrase === '' && (intent === 'portfolioAlerts' || intent === 'customerAlerts')) {
    const mine = parsed.mine && options.currentOwner !== null;
    return {
      kind: 'understood',
      intent: 'portfolioAlerts',
      vendor: null,
      customer: null,
      route: { page: 'alerts', mine },
      summary: mine ? `Open alerts for ${options.currentOwner}'s accounts` : 'Open alerts across the portfolio',
    };
  }
  if (!verbatim && parsed.customerPhrase === '' && parsed.mine) {
    return { kind: 'understood', intent, vendor, customer: null, route: { page: 'portfolio' }, summary: 'Your portfolio' };
  }
  const resolution = verbatim
    ? { match: verbatim.customer, candidates: [verbatim.customer] }
    : resolveCustomer(parsed.customerPhrase, directory);
  const finalIntent: Exclude<CommandIntent, 'portfolioAlerts'> = intent === 'portfolioAlerts' ? 'customerAlerts' : intent;
  if (!resolution.match) {
    if (parsed.customerPhrase === '') {
      return {
        kind: 'needsCustomer',
        intent: finalIntent,
        vendor,
        typed: '',
        candidates: [],
        message: `Which customer? Add a name, e.g. "${exampleFor(finalIntent, vendor, shortName(directory[0]?.name ?? 'Acme'))}".`,
      };
    }
    if (resolution.candidates.length === 0 && finalIntent === 'openAccount') {
      return {
        kind: 'unknown',
        message: `No customer or question matches "${text.trim()}". Try one of these:`,
        suggestions: exampleQuestions(directory),
      };
    }
    return {
      kind: 'needsCustomer',
      intent: finalIntent,
      vendor,
      typed: parsed.customerPhrase,
      candidates: resolution.candidates,
      message:
        resolution.candidates.length > 0
          ? `"${parsed.customerPhrase}" could mean several customers. Did you mean:`
          : `No customer matches "${parsed.customerPhrase}".`,
    };
  }
  const customer: CommandCustomer = resolution.match;
  return {
    kind: 'understood',
    intent: finalIntent,
    vendor,
    customer,
    route: { page: 'account', customerId: customer.id, tab: tabOf[finalIntent] },
    summary: describe(finalIntent, vendor, customer.name),
  };
}

/** The longest customer name (or domain) found word-bounded in the text, and the text without it. */
function findVerbatim(
  text: string,
  directory: readonly CommandDirectoryEntry[],
): { customer: CommandCustomer; rest: string } | null {
  const normal = ` ${normalize(text)} `;
  let best: { customer: CommandCustomer; needle: string } | null = null;
  for (const entry of directory) {
    for (const raw of [entry.name, entry.domain]) {
      if (!raw) continue;
      const needle = normalize(raw);
      if (needle.length < 3 || !normal.includes(` ${needle} `)) continue;
      if (!best || needle.length > best.needle.length) best = { customer: { ...entry, confidence: 1 }, needle };
    }
  }
  if (!best) return null;
  return { customer: best.customer, rest: normal.replace(` ${best.needle} `, ' ').trim() };
}

function exampleFor(intent: CommandIntent, vendor: CommandVendor | null, name: string): string {
  const example = describe(intent, vendor, name);
  return example;
}
