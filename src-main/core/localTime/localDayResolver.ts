/**
 * UTC instant → "YYYY-MM-DD" in a time zone, DST-correct (metric definitions G1: days are local
 * dates, never UTC instants plus 86 400 s). Every zone's offset is a multiple of 15 minutes, so the
 * answer is constant within a 15-minute UTC slot; caching by slot makes ingest's hot path a Map hit.
 */
export function createLocalDayResolver(timeZone: string): (ts: number) => string {
  const format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
  const cache = new Map<number, string>();
  return (ts: number) => {
    const slot = Math.floor(ts / 900_000);
    let day = cache.get(slot);
    if (day === undefined) {
      day = format.format(new Date(slot * 900_000));
      if (cache.size > 200_000) cache.clear();
      cache.set(slot, day);
    }
    return day;
  };
}
