import { describe, expect, it } from 'vitest';
import { buildEntries, filterEntries, noFilters, type PortfolioEntry, portfolioHealthTrend, sortEntries } from './model';

function entry(id: string, over: Partial<PortfolioEntry>): PortfolioEntry {
  return {
    id,
    name: id,
    domain: null,
    owner: null,
    segment: null,
    arr: null,
    renewalDate: null,
    renewalInDays: null,
    score: null,
    band: null,
    status: 'scored',
    coverage: 1,
    delta7: null,
    arrow7: null,
    sparkline: [],
    activeUsers: null,
    dauMau: null,
    lastActivityDay: null,
    openAlerts: 0,
    vendor: null,
    dataThrough: null,
    events30d: null,
    eventsChange: null,
    ...over,
  };
}

const rows = [
  entry('green-soon', { band: 'green', score: 90, renewalDate: '2025-01-10', renewalInDays: 5, arr: 100 }),
  entry('red-late', { band: 'red', score: 20, renewalDate: '2025-09-01', renewalInDays: 200, arr: 300, owner: 'Mei' }),
  entry('yellow-soon', { band: 'yellow', score: 60, renewalDate: '2025-02-01', renewalInDays: 27, arr: 200, domain: 'acme.com' }),
  entry('none', { band: null, status: 'insufficient-data', arr: null }),
];

describe('portfolio model', () => {
  it('sorts red and yellow first by renewal soonest, then the rest', () => {
    expect(sortEntries(rows, { key: 'risk', direction: 'asc' }).map((e) => e.id)).toEqual([
      'yellow-soon',
      'red-late',
      'green-soon',
      'none',
    ]);
  });

  it('sorts any column both ways with missing values last', () => {
    expect(sortEntries(rows, { key: 'arr', direction: 'desc' }).map((e) => e.id)).toEqual([
      'red-late',
      'yellow-soon',
      'green-soon',
      'none',
    ]);
    expect(sortEntries(rows, { key: 'arr', direction: 'asc' }).map((e) => e.id)).toEqual([
      'green-soon',
      'yellow-soon',
      'red-late',
      'none',
    ]);
  });

  it('filters by band (insufficient data apart), owner, renewal window and searches domains', () => {
    expect(filterEntries(rows, { ...noFilters, band: 'insufficient' }).map((e) => e.id)).toEqual(['none']);
    expect(filterEntries(rows, { ...noFilters, owner: 'Mei' }).map((e) => e.id)).toEqual(['red-late']);
    expect(filterEntries(rows, { ...noFilters, renewalWithin: 30 }).map((e) => e.id)).toEqual(['green-soon', 'yellow-soon']);
    expect(filterEntries(rows, { ...noFilters, search: 'ACME' }).map((e) => e.id)).toEqual(['yellow-soon']);
  });

  it('joins usage and health per customer and averages the weekly scores', () => {
    const entries = buildEntries(
      {
        today: '2025-01-05',
        window: { from: '2024-12-05', to: '2025-01-04' },
        rows: [
          {
            customerId: 'a',
            name: 'A',
            owner: 'o',
            segment: null,
            arr: 10,
            renewalDate: '2025-02-04',
            connectionId: 'c',
            vendor: 'pendo',
            activeUsers30d: 7,
            dauMau: 0.2,
            lastActivityDay: '2025-01-04',
            events30d: 5,
            eventsTrend: { current: 5, previous: 4, change: 0.25 },
            dataThrough: '2025-01-04',
          },
        ],
      },
      null,
      [{ id: 'a', name: 'A', domain: 'a.io' }],
      '2025-01-05',
    );
    expect(entries[0]).toMatchObject({ id: 'a', activeUsers: 7, renewalInDays: 30, domain: 'a.io', status: null });
    const trend = portfolioHealthTrend([
      entry('x', {
        sparkline: [
          { day: '2025-01-01', score: 40 },
          { day: '2025-01-08', score: null },
        ],
      }),
      entry('y', {
        sparkline: [
          { day: '2025-01-01', score: 60 },
          { day: '2025-01-08', score: 70 },
        ],
      }),
    ]);
    expect(trend).toEqual([
      { day: '2025-01-01', value: 50, scored: 2 },
      { day: '2025-01-08', value: 70, scored: 1 },
    ]);
  });

  it('averages the portfolio trend per week even when customers were last scored on different days', () => {
    // x is scored through Wednesday, y (another source, a day behind) through Tuesday, z stopped three weeks ago.
    const trend = portfolioHealthTrend([
      entry('x', {
        sparkline: [
          { day: '2024-12-18', score: null },
          { day: '2024-12-25', score: null },
          { day: '2025-01-01', score: 40 },
          { day: '2025-01-08', score: 50 },
          { day: '2025-01-15', score: 60 },
        ],
      }),
      entry('y', {
        sparkline: [
          { day: '2024-12-31', score: 80 },
          { day: '2025-01-07', score: 90 },
          { day: '2025-01-14', score: 100 },
        ],
      }),
      entry('z', {
        sparkline: [
          { day: '2024-12-11', score: 10 },
          { day: '2024-12-18', score: 20 },
          { day: '2024-12-25', score: null },
        ],
      }),
    ]);
    // One point per week ending on the latest day, each customer counted once: no saw-tooth between
    // Tuesday's and Wednesday's customers. z's week ending 12-11 is before the chart's five weeks.
    expect(trend).toEqual([
      { day: '2024-12-18', value: 20, scored: 1 },
      { day: '2024-12-25', value: null, scored: 0 },
      { day: '2025-01-01', value: 60, scored: 2 },
      { day: '2025-01-08', value: 70, scored: 2 },
      { day: '2025-01-15', value: 80, scored: 2 },
    ]);
    expect(portfolioHealthTrend([entry('n', { sparkline: [] })])).toEqual([]);
  });
});
