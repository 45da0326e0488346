/** Index of the first of the ascending "YYYY-MM-DD" `days` on or after `day` (days.length when none). */
export function firstDayAtOrAfter(days: readonly string[], day: string): number {
  let lo = 0;
  let hi = days.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((days[mid] as string) < day) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Index of the first of the ascending "YYYY-MM-DD" `days` after `day` (days.length when none). */
export function firstDayAfter(days: readonly string[], day: string): number {
  let lo = 0;
  let hi = days.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((days[mid] as string) <= day) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
