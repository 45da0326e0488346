import type { HealthComponentId } from '../../../src-shared/contract/health';

/**
 * How each component's raw input reads in words. One place, so the account header, "what changed",
 * the CLI and the QBR report say the same thing ("DAU/MAU 31.0 % → 19.0 %").
 */
export const rawNames: Record<HealthComponentId, string> = {
  engagement: 'DAU/MAU',
  adoption: 'Core features used',
  retention: 'Active users retained',
  trajectory: 'Usage trend',
  guides: 'Guide completion',
};

export function formatRaw(id: HealthComponentId, raw: number | null): string {
  if (raw === null || !Number.isFinite(raw)) return '—';
  switch (id) {
    case 'engagement':
      // DAU/MAU reads as a percentage everywhere in the UI ("34.2 %"), never as a ratio
      return `${(raw * 100).toFixed(1)} %`;
    case 'trajectory': {
      const pct = Math.round(raw * 100);
      return pct > 0 ? `+${pct}%` : pct < 0 ? `−${Math.abs(pct)}%` : '0%';
    }
    default:
      return `${Math.round(raw * 100)}%`;
  }
}

/**
 * A raw input before and after, e.g. "31.0 % → 19.0 %". A side with no value is said in words rather than
 * shown as a dash: "95% (new)" when there was no earlier value, "95% → no data" when the value went away.
 */
export function formatRawChange(id: HealthComponentId, before: number | null, after: number | null): string {
  const known = (raw: number | null) => raw !== null && Number.isFinite(raw);
  if (!known(before) && !known(after)) return 'no data';
  if (!known(before)) return `${formatRaw(id, after)} (new)`;
  if (!known(after)) return `${formatRaw(id, before)} → no data`;
  return `${formatRaw(id, before)} → ${formatRaw(id, after)}`;
}

export function displayRaw(id: HealthComponentId, raw: number | null): string {
  return `${rawNames[id]} ${formatRaw(id, raw)}`;
}

/** Signed points with a real minus sign, one decimal: "+3.2", "−7.4". */
export function signedPoints(delta: number): string {
  const rounded = Math.round(delta * 10) / 10;
  if (rounded === 0) return '0.0';
  return rounded > 0 ? `+${rounded.toFixed(1)}` : `−${Math.abs(rounded).toFixed(1)}`;
}
