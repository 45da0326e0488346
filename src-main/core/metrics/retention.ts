import type {
  DayNRetention,
  MetricValue,
  RetentionCohortMode,
  RetentionCriterion,
  RetentionPeriod,
  RetentionRow,
  RetentionTable,
} from '../../../src-shared/contract/metrics';
import { addDays, addPeriods, periodStartOf, type WeekStart } from './calendar';

export interface RetentionOptions {
  period: RetentionPeriod;
  cohortMode: RetentionCohortMode;
  criterion: RetentionCriterion;
  /** Cohort periods whose start day lies in [from, to]. */
  from: string;
  to: string;
  /** Last complete day (yesterday): cells and cohorts ending after it are not complete. */
  lastComplete: string;
  /** Number of periods after the cohort period to show (row length is 1 + periods at most). */
  periods: number;
  weekStart: WeekStart;
  provisionalFrom: string | null;
  actor?: 'user' | 'account';
}

/**
 * Cohort retention over calendar periods in the reporting zone (R1-R6):
 * - cohorts: 'first-time' puts an actor only in the period of its first-ever active day (full
 *   history; actors first seen before the range are excluded altogether), 'any' (recurring) puts it in
 *   every period it was active;
 * - 'on': retained in period k if active in period k; 'on-or-after': active in period k or any later
 *   period up to the end of the data;
 * - cell 0 = cohort size (100 %); a cell whose period has not ended by `lastComplete` is null, not 0;
 * - a cohort period that has not ended yet (the running period) is left out: its size is still
 *   changing (G2);
 * - averages are pooled (Σ retained / Σ size) over cohorts whose cell is complete.
 * `activeDays` maps each actor to its sorted active days over its full history.
 */
export function retentionTable(activeDays: ReadonlyMap<string, readonly string[]>, options: RetentionOptions): RetentionTable {
  const { period, weekStart } = options;
  const startOf = (day: string) => periodStartOf(day, period, weekStart);
  const endOf = (start: string) => addDays(addPeriods(start, period, 1), -1);
  const first = startOf(options.from);
  const last = startOf(options.to);

  // Per actor: sorted distinct period starts in which it was active.
  const cohorts = new Map<string, Array<string[]>>();
  for (const days of activeDays.values()) {
    const periods: string[] = [];
    for (const day of days) {
      if (day > options.lastComplete) break;
      const p = startOf(day);
      if (periods[periods.length - 1] !== p) periods.push(p);
    }
    const entries = options.cohortMode === 'first-time' ? periods.slice(0, 1) : periods;
    for (const cohort of entries) {
      if (cohort < first || cohort > last || endOf(cohort) > options.lastComplete) continue;
      const list = cohorts.get(cohort) ?? [];
      list.push(periods);
      cohorts.set(cohort, list);
    }
  }

  const rows: RetentionRow[] = [];
  for (let cohort = first; cohort <= last; cohort = addPeriods(cohort, period, 1)) {
    if (endOf(cohort) > options.lastComplete) break;
    const members = cohorts.get(cohort) ?? [];
    const size = members.length;
    const cells: RetentionRow['cells'] = [];
    for (let k = 0; k <= options.periods; k++) {
      const target = addPeriods(cohort, period, k);
      const complete = endOf(target) <= options.lastComplete;
      const provisional = options.provisionalFrom === null || endOf(target) >= options.provisionalFrom;
      if (!complete) {
        cells.push({ period: k, retained: null, rate: null, provisional });
        continue;
      }
      let retained = 0;
      if (k === 0) retained = size;
      else
        for (const periods of members) {
          const hit = options.criterion === 'on' ? periods.includes(target) : periods.some((p) => p >= target);
          if (hit) retained++;
        }
      cells.push({ period: k, retained, rate: size === 0 ? null : retained / size, provisional });
    }
    rows.push({ cohort, size, cells });
  }

  const averages: RetentionTable['averages'] = [];
  for (let k = 0; k <= options.periods; k++) {
    let retained = 0;
    let size = 0;
    let count = 0;
    for (const row of rows) {
      const cell = row.cells[k];
      if (!cell || cell.retained === null || row.size === 0) continue;
      retained += cell.retained;
      size += row.size;
      count++;
    }
    averages.push({ period: k, rate: size === 0 ? null : retained / size, cohorts: count });
  }
  return {
    actor: options.actor ?? 'user',
    period,
    cohortMode: options.cohortMode,
    criterion: options.criterion,
    rows,
    averages,
  };
}

/**
 * D1/D7/D30: first-time day cohorts whose first day lies in [from, lastComplete], "on" day N, pooled
 * over the cohorts whose day N is complete. No such cohort → null with 'not-enough-history'.
 */
export function dayNRetention(
  activeDays: ReadonlyMap<string, readonly string[]>,
  range: { from: string; lastComplete: string },
): DayNRetention {
  const value = (n: number): MetricValue => {
    let size = 0;
    let retained = 0;
    let cohorts = 0;
    const lastCohort = addDays(range.lastComplete, -n);
    for (const days of activeDays.values()) {
      const first = days[0];
      if (first === undefined || first < range.from || first > lastCohort) continue;
      cohorts++;
      size++;
      if (days.includes(addDays(first, n))) retained++;
    }
    if (lastCohort < range.from) return { value: null, unavailable: 'not-enough-history' };
    return { value: cohorts === 0 || size === 0 ? null : retained / size, unavailable: null };
  };
  return { d1: value(1), d7: value(7), d30: value(30) };
}
