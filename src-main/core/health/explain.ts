import { bandLabels } from '../../../src-shared/charts/palette';
import type { HealthChange, HealthConfig, HealthSnapshot, HealthTrend, TrendArrow } from '../../../src-shared/contract/health';
import { formatRawChange, rawNames, signedPoints } from './format';

/**
 * Explanations (metric definitions 12.2): the trend against 7 and 30 days earlier, "what changed"
 * between two snapshots, and the one-sentence headline. Pure functions over stored snapshots.
 */

/** The band as the UI names it (Healthy / Watch / At risk), never its key. */
const bandName = (snapshot: HealthSnapshot): string => (snapshot.band ? bandLabels[snapshot.band] : 'not scored');

/** Δ between two snapshots; null unless both are scored under the same configuration version. */
export function scoreDelta(now: HealthSnapshot | null, before: HealthSnapshot | null): number | null {
  if (!now || !before || now.score === null || before.score === null) return null;
  if (now.configVersion !== before.configVersion) return null;
  return now.score - before.score;
}

export function arrowFor(delta: number | null, arrowPoints: number): TrendArrow | null {
  if (delta === null) return null;
  if (Math.abs(delta) >= arrowPoints) return delta > 0 ? 'up' : 'down';
  return 'flat';
}

export function healthTrend(
  now: HealthSnapshot | null,
  weekAgo: HealthSnapshot | null,
  monthAgo: HealthSnapshot | null,
  arrowPoints: number,
): HealthTrend {
  const delta7 = scoreDelta(now, weekAgo);
  const delta30 = scoreDelta(now, monthAgo);
  return { delta7, delta30, arrow7: arrowFor(delta7, arrowPoints), arrow30: arrowFor(delta30, arrowPoints) };
}

/** Changes smaller than this (points) are not worth a line. */
const MIN_CHANGE_POINTS = 0.05;

/**
 * Δ contribution per component between two snapshots of the same configuration version, largest |Δ|
 * first, top `limit`. A component available in only one snapshot contributes its points on that side
 * and 0 on the other (its share moved to the others through renormalisation, which shows up there).
 */
export function whatChanged(now: HealthSnapshot, before: HealthSnapshot, limit = 3): HealthChange[] {
  if (now.configVersion !== before.configVersion) return [];
  const previous = new Map(before.components.map((c) => [c.id, c]));
  const changes: HealthChange[] = [];
  for (const c of now.components) {
    const p = previous.get(c.id);
    if (!p || c.weight === 0) continue;
    const delta = (c.points ?? 0) - (p.points ?? 0);
    if (Math.abs(delta) < MIN_CHANGE_POINTS) continue;
    changes.push({
      component: c.id,
      label: c.label,
      deltaPoints: delta,
      before: { raw: p.raw, points: p.points, display: p.display },
      after: { raw: c.raw, points: c.points, display: c.display },
      text: `${c.label} ${signedPoints(delta)} pts: ${rawNames[c.id]} ${formatRawChange(c.id, p.raw, c.raw)}`,
    });
  }
  // Largest |Δ| first; ties in a fixed component order so the output is stable.
  changes.sort((a, b) => Math.abs(b.deltaPoints) - Math.abs(a.deltaPoints) || a.component.localeCompare(b.component));
  return changes.slice(0, limit);
}

/** The account header's sentence, e.g. "Engagement fell 18 points: DAU/MAU 31.0 % → 19.0 %." */
export function headline(
  snapshot: HealthSnapshot | null,
  trend: HealthTrend,
  changes: readonly HealthChange[],
  config: Pick<HealthConfig, 'minCoverage' | 'trendArrowPoints'>,
): string {
  if (!snapshot) return 'No health score yet: sync a source linked to this customer.';
  if (snapshot.status === 'insufficient-data' || snapshot.score === null) {
    return `Not enough data for a health score: inputs worth ${Math.round(snapshot.coverage * 100)}% of the weight are available, ${Math.round(config.minCoverage * 100)}% needed.`;
  }
  const score = Math.round(snapshot.score);
  const top = changes[0];
  if (top && trend.delta7 !== null && Math.abs(trend.delta7) >= config.trendArrowPoints) {
    const verb = top.deltaPoints < 0 ? 'fell' : 'rose';
    const points = Math.max(1, Math.round(Math.abs(top.deltaPoints)));
    return `${top.label} ${verb} ${points} point${points === 1 ? '' : 's'}: ${rawNames[top.component]} ${formatRawChange(top.component, top.before.raw, top.after.raw)}; health ${score} (${bandName(snapshot)}), ${trend.delta7 < 0 ? 'down' : 'up'} ${Math.round(Math.abs(trend.delta7))} since last week.`;
  }
  const gap = [...snapshot.components]
    .filter((c) => c.pointsLost !== null && c.weight > 0)
    .sort((a, b) => (b.pointsLost ?? 0) - (a.pointsLost ?? 0))[0];
  const steady = trend.delta7 === null ? '' : ', steady since last week';
  if (!gap || (gap.pointsLost ?? 0) < 1) return `Health ${score} (${bandName(snapshot)})${steady}.`;
  return `Health ${score} (${bandName(snapshot)})${steady}; the biggest gap is ${gap.label.toLowerCase()} (${gap.display}, ${Math.round(gap.pointsLost ?? 0)} points lost).`;
}
