/**
 * ROC AUC as the Mann–Whitney statistic: the probability that a randomly chosen positive has a higher
 * value than a randomly chosen negative, ties counting one half. Computed from mid-ranks in
 * O(n log n), so a tie between classes is exactly 0.5 of a pair however many values share it.
 * Null when either class is empty (there is no pair to compare).
 */
export function rocAuc(positives: readonly number[], negatives: readonly number[]): number | null {
  const p = positives.length;
  const n = negatives.length;
  if (p === 0 || n === 0) return null;
  const all = [...positives.map((v) => ({ v, pos: true })), ...negatives.map((v) => ({ v, pos: false }))].sort(
    (a, b) => a.v - b.v,
  );
  let rankSumPositives = 0;
  for (let i = 0; i < all.length; ) {
    let j = i;
    while (j + 1 < all.length && (all[j + 1] as { v: number }).v === (all[i] as { v: number }).v) j++;
    const midRank = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) if ((all[k] as { pos: boolean }).pos) rankSumPositives += midRank;
    i = j + 1;
  }
  const u = rankSumPositives - (p * (p + 1)) / 2;
  return u / (p * n);
}
