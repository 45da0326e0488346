import { describe, expect, it } from 'vitest';
import type { CommandDirectoryEntry, CommandInterpretation } from '../../../src-shared/contract/commands';
import { interpretCommand, parseCommand, resolveCustomer } from './index';

const directory: CommandDirectoryEntry[] = [
  { id: 'c-acme', name: 'Acme Corp', domain: 'acme.com' },
  { id: 'c-globex', name: 'Globex Industries', domain: 'globex.io' },
  { id: 'c-initech', name: 'Initech', domain: 'initech.com' },
  { id: 'c-pied', name: 'Pied Piper Health West', domain: 'piedpiper.example' },
  { id: 'c-helix', name: 'Helix Studios Europe', domain: 'helix-eu.example' },
  { id: 'c-helix2', name: 'Helix Studios America', domain: 'helix-us.example' },
  { id: 'c-wern1', name: 'Wernham Analytics Holdings', domain: null },
  { id: 'c-wern2', name: 'Wernham Studios Cloud', domain: null },
];

const ask = (text: string, currentOwner: string | null = null) => interpretCommand(text, directory, { currentOwner });

function understood(result: CommandInterpretation) {
  if (result.kind !== 'understood') throw new Error(`not understood: ${JSON.stringify(result)}`);
  return result;
}

describe('the command bar questions', () => {
  it.each([
    ['Show Amplitude metrics for Acme', 'vendorMetrics', 'amplitude', 'engagement'],
    ["What's the retention for Acme?", 'retention', null, 'retention'],
    ['How sticky is Acme?', 'stickiness', null, 'engagement'],
    ['Show Mixpanel events for Acme', 'vendorEvents', 'mixpanel', 'engagement'],
    ["What's the funnel conversion for Acme?", 'funnel', null, 'funnels'],
    ['How is Acme using the product?', 'usageOverview', null, 'engagement'],
    ['What features is Acme not using?', 'unusedFeatures', null, 'features'],
    ['Show usage trend for Acme', 'usageTrend', null, 'engagement'],
    ['Show Pendo metrics for Acme Corp', 'vendorMetrics', 'pendo', 'engagement'],
    ['alerts for acme', 'customerAlerts', null, 'alerts'],
    ['acme', 'openAccount', null, null],
    ['Acme health', 'health', null, null],
  ])('%s', (text, intent, vendor, tab) => {
    const result = understood(ask(text));
    expect(result.intent).toBe(intent);
    expect(result.vendor).toBe(vendor);
    expect(result.customer?.id).toBe('c-acme');
    expect(result.route).toEqual({ page: 'account', customerId: 'c-acme', tab });
    expect(result.summary).toContain('Acme Corp');
  });

  it('answers "Any usage alerts for my portfolio?" with the alerts page, mine when an owner is set', () => {
    expect(understood(ask('Any usage alerts for my portfolio?')).route).toEqual({ page: 'alerts', mine: false });
    const mine = understood(ask('Any usage alerts for my portfolio?', 'Mei Chen'));
    expect(mine.intent).toBe('portfolioAlerts');
    expect(mine.route).toEqual({ page: 'alerts', mine: true });
    expect(mine.summary).toBe("Open alerts for Mei Chen's accounts");
    expect(understood(ask('any alerts?')).route).toEqual({ page: 'alerts', mine: false });
  });

  it('reads a full customer name as a name even when it contains a cue word', () => {
    const result = understood(ask("What's the retention for Pied Piper Health West?"));
    expect(result.intent).toBe('retention');
    expect(result.customer?.id).toBe('c-pied');
    expect(understood(ask('Pied Piper Health West')).intent).toBe('openAccount');
    expect(understood(ask('How is Pied Piper Health West using the product?')).intent).toBe('usageOverview');
  });

  it('finds a customer by domain', () => {
    expect(understood(ask('How sticky is globex.io?')).customer?.id).toBe('c-globex');
    expect(understood(ask('retention for initech.com')).customer?.id).toBe('c-initech');
  });
});

describe('typos', () => {
  it.each([
    ['How stiky is Acmee?', 'stickiness', 'c-acme'],
    ["What's the retenton for Acem Corp?", 'retention', 'c-acme'],
    ['Show Amplitud metrics for Globx', 'vendorMetrics', 'c-globex'],
    ['show mixpanl events for initec', 'vendorEvents', 'c-initech'],
    ['funnel conversion for pied piper', 'funnel', 'c-pied'],
    ['How is Helix Studois Europe using the product?', 'usageOverview', 'c-helix'],
    ['what features is wernham analytcs not using', 'unusedFeatures', 'c-wern1'],
    ['usage trend for globex industires', 'usageTrend', 'c-globex'],
  ])('%s', (text, intent, id) => {
    const result = understood(ask(text));
    expect(result.intent).toBe(intent);
    expect(result.customer?.id).toBe(id);
  });

  it('never guesses between two equally close customers', () => {
    const result = ask('How sticky is Helix Studios?');
    expect(result.kind).toBe('needsCustomer');
    if (result.kind !== 'needsCustomer') return;
    expect(result.candidates.map((c) => c.id).sort()).toEqual(['c-helix', 'c-helix2']);
    expect(result.message).toContain('Did you mean');
  });

  it('says when no customer matches', () => {
    const result = ask('How sticky is Zyxwv?');
    expect(result.kind).toBe('needsCustomer');
    if (result.kind !== 'needsCustomer') return;
    expect(result.candidates).toEqual([]);
    expect(result.message).toBe('No customer matches "zyxwv".');
  });

  it('asks for a customer when the question names none', () => {
    const result = ask('How sticky?');
    expect(result.kind).toBe('needsCustomer');
    if (result.kind !== 'needsCustomer') return;
    expect(result.message).toMatch(/^Which customer\?/);
  });
});

describe('unknown input', () => {
  it.each(['', '   ', 'what is the weather in Paris', '???', 'asdf qwerty'])('%j gets suggestions', (text) => {
    const result = ask(text);
    expect(result.kind).toBe('unknown');
    if (result.kind !== 'unknown') return;
    expect(result.suggestions).toHaveLength(9);
    expect(result.suggestions[0]).toBe('How is Acme Corp using the product?');
    expect(result.suggestions).toContain('Any usage alerts for my portfolio?');
  });

  it('is deterministic', () => {
    const texts = ['How stiky is Acmee?', 'Show Mixpanel events for Acme', 'hello'];
    for (const text of texts) expect(ask(text)).toEqual(ask(text));
  });
});

describe('parseCommand and resolveCustomer', () => {
  it('separates intent, vendor and the customer phrase', () => {
    expect(parseCommand('Show Amplitude metrics for Acme Corp')).toEqual({
      intent: 'vendorMetrics',
      vendor: 'amplitude',
      customerPhrase: 'acme corp',
      mine: false,
    });
  });

  it('ranks exact over prefix over typo', () => {
    const { match, candidates } = resolveCustomer('wernham', directory);
    expect(match).toBeNull();
    expect(candidates.map((c) => c.id)).toEqual(['c-wern1', 'c-wern2']);
    expect(resolveCustomer('Acme Corp', directory).match?.confidence).toBe(1);
    expect(resolveCustomer('acme', directory).match?.id).toBe('c-acme');
    expect(resolveCustomer('c-initech', directory).match?.id).toBe('c-initech');
  });

  it('stays fast with 2,000 customers', () => {
    const many = Array.from({ length: 2000 }, (_, i) => ({
      id: `c${i}`,
      name: `Customer Number ${i} Holdings`,
      domain: `c${i}.example`,
    }));
    const started = performance.now();
    const result = interpretCommand('How sticky is Customer Number 1234 Holdings?', many, { currentOwner: null });
    expect(performance.now() - started).toBeLessThan(500);
    expect(result.kind === 'understood' && result.customer?.id).toBe('c1234');
  });
});
