import type { UserDay } from '../metrics';
import type { UserDayTable } from './userDayTable';

/**
 * Active-user retention, the health score's retention input: of the users active in the `days` days
 * before the latest window, the share still active in the latest `days` days ending `day`. The metrics
 * engine offers cohort retention (new users by first-ever day: D1/D7/D30, cohort tables), which for an
 * established account rests on the few users who joined lately; a CSM's "are the people who used it
 * still using it?" is this ratio, computed here from the engine's own user-days. Null when nobody was
 * active in the earlier window (G8).
 */
export function activeUserRetention(
  rows: ReadonlyArray<Pick<UserDay, 'user' | 'day'>>,
  window: { previous: { from: string; to: string }; current: { from: string; to: string } },
): { previousUsers: number; retainedUsers: number; rate: number | null } {
  const previous = new Set<string>();
  const current = new Set<string>();
  for (const r of rows) {
    if (r.day >= window.previous.from && r.day <= window.previous.to) previous.add(r.user);
    else if (r.day >= window.current.from && r.day <= window.current.to) current.add(r.user);
  }
  let retained = 0;
  for (const u of previous) if (current.has(u)) retained++;
  return { previousUsers: previous.size, retainedUsers: retained, rate: previous.size === 0 ? null : retained / previous.size };
}

/**
 * `activeUserRetention` over a customer's numbered user-days (the recompute's form): the same answer,
 * with integer marks instead of two sets of user keys. The windows are consecutive day ranges.
 */
export function activeUserRetentionIn(
  table: UserDayTable,
  window: { previous: { from: string; to: string }; current: { from: string; to: string } },
): { previousUsers: number; retainedUsers: number; rate: number | null } {
  const { marks, mark } = table.newMark();
  const [pStart, pEnd] = table.rowRange(window.previous.from, window.previous.to);
  let previousUsers = 0;
  for (let r = pStart; r < pEnd; r++) {
    const u = table.user[r] as number;
    if (marks[u] !== mark) {
      marks[u] = mark;
      previousUsers++;
    }
  }
  // A previous user seen in the current window moves to mark + 1: counted once.
  const [cStart, cEnd] = table.rowRange(window.current.from, window.current.to);
  let retainedUsers = 0;
  for (let r = cStart; r < cEnd; r++) {
    const u = table.user[r] as number;
    if (marks[u] === mark) {
      marks[u] = mark + 1;
      retainedUsers++;
    }
  }
  return { previousUsers, retainedUsers, rate: previousUsers === 0 ? null : retainedUsers / previousUsers };
}
