import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAccountRow, parseBucketRow, parseCatalogItem, parseGuideRow, parseVisitorRow } from './rows';

const repoRoot = join(__dirname, '..', '..', '..', '..');
const samples = join(repoRoot, '..', 'shared', 'vendor-samples', 'pendo');
const results = (file: string): unknown[] =>
  (JSON.parse(readFileSync(join(samples, file), 'utf8')) as { results: unknown[] }).results;
const NY = 'America/New_York';

describe('Pendo row parsers on real sample payloads', () => {
  it('featureEvents rows become feature buckets on the subscription-zone local date', () => {
    const parsed = results('feature-events-response.json').map((r) => parseBucketRow(r, 'featureEvents', NY));
    expect(parsed).toEqual([
      {
        dayMs: 1540008000000,
        bucket: {
          accountId: 'tempAccount',
          userId: 'temp',
          readableUserId: null,
          day: '2018-10-20',
          kind: 'feature',
          itemId: 'uQZVeRyEAODXLqvQJYvN51Ffsek',
          events: 5,
          minutes: 1,
        },
      },
      expect.objectContaining({
        bucket: expect.objectContaining({
          accountId: 'Epsilon united',
          userId: '4',
          day: '2018-07-09',
          itemId: '4qxwyooqP_s_hHt8meR8lWDxSfo',
        }),
      }),
      expect.objectContaining({ bucket: expect.objectContaining({ itemId: 'ES7309bHFmdH799EB_M9FVJSw2s', events: 1 }) }),
    ]);
  });

  it('pageEvents rows (several per visitor/account/day: different IPs) each become a page bucket', () => {
    const parsed = results('page-events-response.json').map((r) => parseBucketRow(r, 'pageEvents', NY));
    expect(parsed).toHaveLength(3);
    for (const p of parsed) {
      if (typeof p === 'string') throw new Error(p);
      expect(p.bucket).toMatchObject({
        accountId: 'tempAccount',
        userId: 'temp',
        day: '2018-12-02',
        kind: 'page',
        itemId: '4nB8NFtp6zpThsvts93XukexIDc',
        events: 1,
      });
    }
  });

  it('the same rows as activity buckets ignore the item id', () => {
    const p = parseBucketRow(results('page-events-response.json')[0], 'events', NY);
    expect(p).toMatchObject({ bucket: { kind: 'activity', itemId: null } });
  });

  it('a visitors row maps email and account ids from lowercase metadata', () => {
    const user = parseVisitorRow(results('visitors-response.json')[0]);
    expect(user).toMatchObject({
      userId: '0',
      readableUserId: 'metus.urna.convallis@odiosempercursus.net',
      accountIds: ['Acme Corp'],
    });
    if (typeof user === 'string') throw new Error(user);
    expect(user.properties['auto.lastvisit']).toBe(1515771385415);
    expect(user.properties['auto__323232.firstvisit']).toBe(0);
  });

  it('accounts rows after a select (flat fields) and with metadata', () => {
    const [a] = results('accounts-select-response.json').map(parseAccountRow);
    expect(a).toMatchObject({ accountId: '444001f746ca5', name: 'AcmeCorp', domain: null });
    const b = parseAccountRow({
      accountId: 42,
      metadata: { agent: { name: ' Acme ', domain: 'acme.example' }, auto: { lastvisit: 5 } },
    });
    expect(b).toMatchObject({
      accountId: '42',
      name: 'Acme',
      domain: 'acme.example',
      properties: { 'agent.name': ' Acme ', 'auto.lastvisit': 5 },
    });
    const c = parseAccountRow({ accountId: 'x', metadata: { custom: { name: 'From custom', website: 'x.example' } } });
    expect(c).toMatchObject({ name: 'From custom', domain: 'x.example' });
  });

  it('rejects malformed rows with a reason that names the field, never the values', () => {
    const base = {
      visitorId: 'secret@example.com',
      accountId: 'A',
      day: 1540008000000,
      numEvents: 1,
      numMinutes: 1,
      featureId: 'f',
    };
    const cases: [unknown, string][] = [
      [null, 'not a JSON object'],
      [[1], 'not a JSON object'],
      [{ ...base, visitorId: '' }, 'no visitorId'],
      [{ ...base, day: '2018-10-20' }, 'no numeric day'],
      [{ ...base, numEvents: -1 }, 'no valid numEvents'],
      [{ ...base, numEvents: '3' }, 'no valid numEvents'],
      [{ ...base, numMinutes: 'x' }, 'invalid numMinutes'],
      [{ ...base, featureId: null }, 'no featureId'],
      [{ ...base, accountId: { id: 1 } }, 'accountId that is not a string'],
    ];
    for (const [row, reason] of cases) {
      const r = parseBucketRow(row, 'featureEvents', NY);
      expect(r).toEqual(expect.stringContaining(reason));
      expect(String(r)).not.toContain('secret@');
    }
    expect(parseBucketRow({ ...base, numMinutes: undefined, accountId: null }, 'events', NY)).toMatchObject({
      bucket: { minutes: 0, accountId: null },
    });
    expect(parseBucketRow({ ...base, accountId: '' }, 'events', NY)).toMatchObject({ bucket: { accountId: null } });
  });

  it('guide rows', () => {
    const row = {
      type: 'guideAdvanced',
      guideId: 'g1',
      guideStepId: 's2',
      visitorId: 'v',
      accountId: 'A',
      browserTime: 1_700_000_000_000,
    };
    expect(parseGuideRow(row)).toEqual({
      accountId: 'A',
      userId: 'v',
      ts: 1_700_000_000_000,
      guideId: 'g1',
      stepId: 's2',
      type: 'guideAdvanced',
    });
    expect(parseGuideRow({ ...row, guideStepId: '' })).toMatchObject({ stepId: null });
    expect(parseGuideRow({ ...row, accountId: undefined })).toMatchObject({ accountId: null });
    expect(parseGuideRow({ ...row, type: '' })).toContain('no type');
    expect(parseGuideRow({ ...row, guideId: null })).toContain('no guideId');
    expect(parseGuideRow({ ...row, visitorId: undefined })).toContain('no visitorId');
    expect(parseGuideRow({ ...row, browserTime: 'yesterday' })).toContain('browserTime');
    expect(parseGuideRow({ ...row, guideStepId: 3 })).toContain('guideStepId');
  });

  it('catalogue items: group name, core flag, guide steps in rank order', () => {
    const guide = parseCatalogItem('guide', {
      id: 'g',
      name: 'Welcome',
      state: 'public',
      isMultiStep: true,
      steps: [
        { id: 's3', rank: 2 },
        { id: 's1', rank: 0, pageId: 'p' },
        { id: 's2', rank: 1 },
      ],
    });
    expect(guide).toMatchObject({
      kind: 'guide',
      itemId: 'g',
      name: 'Welcome',
      group: null,
      isCore: false,
      details: { stepIds: ['s1', 's2', 's3'], state: 'public' },
    });
    const feature = parseCatalogItem('feature', {
      id: 'f',
      name: 'Export',
      group: { id: 'x', name: 'Reports' },
      isCoreEvent: true,
      pageId: 'p',
    });
    expect(feature).toMatchObject({ kind: 'feature', group: 'Reports', isCore: true, details: { pageId: 'p' } });
    expect(parseCatalogItem('page', { id: 'p' })).toMatchObject({ name: 'p' });
    expect(parseCatalogItem('page', { name: 'no id' })).toBeNull();
    // the real id/name lookup sample
    const items = results('features-id-name-response.json').map((r) => parseCatalogItem('feature', r));
    expect(items.map((i) => i?.name)).toEqual([
      'Form Upload Tab',
      'Generate PDF of Invoice',
      'Date Selection',
      'Menu Toggle Open/Closed',
    ]);
  });
});
