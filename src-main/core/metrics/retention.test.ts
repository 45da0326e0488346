import { describe, expect, it } from 'vitest';
import { dayNRetention, retentionTable } from './retention';

const base = {
  period: 'day' as const,
  from: '2024-06-01',
  to: '2024-06-03',
  lastComplete: '2024-06-05',
  periods: 4,
  weekStart: 'monday' as const,
  provisionalFrom: '2024-06-05',
};

describe('retention (section 4)', () => {
  const actors = new Map<string, string[]>([
    ['u1', ['2024-06-01', '2024-06-02']],
    ['u2', ['2024-06-01', '2024-06-04']],
    ['old', ['2024-05-20', '2024-06-01', '2024-06-02']],
  ]);

  it('first-time cohorts exclude actors first seen before the range; cell 0 is the cohort size', () => {
    const t = retentionTable(actors, { ...base, cohortMode: 'first-time', criterion: 'on' });
    const row = t.rows[0];
    expect(row?.cohort).toBe('2024-06-01');
    expect(row?.size).toBe(2);
    expect(row?.cells.map((c) => c.retained)).toEqual([2, 1, 0, 1, 0]);
  });

  it('"any" cohorts are recurring; "on or after" counts a later return for every earlier period', () => {
    const any = retentionTable(actors, { ...base, cohortMode: 'any', criterion: 'on' });
    expect(any.rows[0]?.size).toBe(3);
    expect(any.rows[1]?.size).toBe(2); // u1 and old on 06-02
    const after = retentionTable(actors, { ...base, cohortMode: 'first-time', criterion: 'on-or-after' });
    expect(after.rows[0]?.cells.map((c) => c.retained)).toEqual([2, 2, 1, 1, 0]);
  });

  it('cells after the last complete day are null, not 0, and flagged provisional near data-through', () => {
    const t = retentionTable(actors, { ...base, cohortMode: 'first-time', criterion: 'on' });
    const row3 = t.rows[2];
    expect(row3?.cohort).toBe('2024-06-03');
    expect(row3?.size).toBe(0);
    expect(row3?.cells[0]?.rate).toBeNull(); // zero denominator
    expect(row3?.cells[3]?.retained).toBeNull(); // 06-06 is not complete
    expect(t.rows[0]?.cells[4]?.provisional).toBe(true);
  });

  it('pooled averages use only complete cells of non-empty cohorts', () => {
    const t = retentionTable(actors, { ...base, cohortMode: 'any', criterion: 'on' });
    const d1 = t.averages[1];
    // cohorts 06-01 (3 actors: 2 back on 06-02), 06-02 (2 actors: 0 back), 06-03 empty
    expect(d1).toEqual({ period: 1, rate: 2 / 5, cohorts: 2 });
  });

  it('the running week is not a cohort; weeks start on the configured day', () => {
    const weekly = retentionTable(actors, {
      ...base,
      period: 'week',
      from: '2024-05-20',
      to: '2024-06-05',
      cohortMode: 'first-time',
      criterion: 'on',
    });
    expect(weekly.rows.map((r) => r.cohort)).toEqual(['2024-05-20', '2024-05-27']);
    const sunday = retentionTable(actors, {
      ...base,
      period: 'week',
      from: '2024-05-20',
      to: '2024-06-05',
      weekStart: 'sunday',
      cohortMode: 'any',
      criterion: 'on',
    });
    expect(sunday.rows.map((r) => r.cohort)).toEqual(['2024-05-19', '2024-05-26']);
  });

  it('D1/D7/D30 are null with a reason when no cohort has a complete day N', () => {
    const r = dayNRetention(actors, { from: '2024-06-01', lastComplete: '2024-06-05' });
    expect(r.d1).toEqual({ value: 0.5, unavailable: null });
    expect(r.d7).toEqual({ value: null, unavailable: 'not-enough-history' });
  });
});
