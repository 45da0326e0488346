/**
 * Breakdown values of one Mixpanel event: only the listed names (settings.breakdownProperties), read
 * from `properties[name]`, else Mixpanel's reserved `$name` (e.g. `$os`). Scalars only; lists and
 * objects are not breakdown values.
 */
export function pickMixpanelProperties(props: Record<string, unknown>, names: readonly string[]): Record<string, string> | null {
  let out: Record<string, string> | null = null;
  for (const name of names) {
    let v = props[name];
    if (v === undefined || v === null) v = props[`$${name}`];
    const text = typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : null;
    if (text === null || text === '') continue;
    out ??= {};
    out[name] = text.slice(0, 200);
  }
  return out;
}
