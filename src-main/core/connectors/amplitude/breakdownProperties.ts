/**
 * Breakdown values of one Amplitude export line: only the listed names (settings.breakdownProperties),
 * looked up in `event_properties`, then `user_properties`, then anywhere else in the line (top-level
 * fields such as `platform`, `country`, `os_name`, or group properties). Each lookup is a native
 * `indexOf` of `"name":` followed by a scalar; nothing else of the line is parsed, so the cost stays
 * small next to the event parser (measured in the report: a few µs per line).
 */

const QUOTE = 34;
const BACKSLASH = 92;

/** End (exclusive) of the JSON string starting at i (s[i] === '"'), or -1. */
function stringEnd(s: string, i: number): number {
  let j = i + 1;
  for (;;) {
    const q = s.indexOf('"', j);
    if (q < 0) return -1;
    let k = q - 1;
    while (s.charCodeAt(k) === BACKSLASH) k--;
    if (((q - 1 - k) & 1) === 0) return q + 1;
    j = q + 1;
  }
}

/** [start, end) of the object value of `"key":`, or null. */
function objectSpan(s: string, key: string): [number, number] | null {
  const at = s.indexOf(key);
  if (at < 0) return null;
  let i = at + key.length;
  while (s.charCodeAt(i) === 32) i++;
  if (s.charCodeAt(i) !== 123) return null;
  let depth = 0;
  for (let j = i; j < s.length; j++) {
    const c = s.charCodeAt(j);
    if (c === QUOTE) {
      const e = stringEnd(s, j);
      if (e < 0) return null;
      j = e - 1;
    } else if (c === 123 || c === 91) depth++;
    else if (c === 125 || c === 93) {
      depth--;
      if (depth === 0) return [i, j + 1];
    }
  }
  return null;
}

/** The scalar after the first `"name":` in [from, to) that has one (text, or null when absent or not a scalar). */
function scalarAfter(s: string, needle: string, from: number, to: number): string | null {
  let at = s.indexOf(needle, from);
  while (at >= 0 && at < to) {
    let i = at + needle.length;
    while (s.charCodeAt(i) === 32) i++;
    const c = s.charCodeAt(i);
    let text: string | null = null;
    if (c === QUOTE) {
      const e = stringEnd(s, i);
      if (e > 0 && e <= to) {
        const raw = s.slice(i + 1, e - 1);
        if (raw.indexOf('\\') === -1) text = raw;
        else {
          try {
            text = JSON.parse(s.slice(i, e)) as string;
          } catch {
            text = null;
          }
        }
      }
    } else if (c === 45 || (c >= 48 && c <= 57) || c === 116 || c === 102) {
      let j = i + 1;
      while (j < to) {
        const d = s.charCodeAt(j);
        if (d === 44 || d === 125 || d === 93 || d === 32) break;
        j++;
      }
      const token = s.slice(i, j);
      text = token === 'true' || token === 'false' || Number.isFinite(Number(token)) ? token : null;
    }
    if (text !== null && text !== '') return text.slice(0, 200);
    at = s.indexOf(needle, at + needle.length);
  }
  return null;
}

export interface AmplitudePropertyReader {
  read(line: string): Record<string, string> | null;
}

/** A reader for the listed names (built once per window). */
export function amplitudePropertyReader(names: readonly string[]): AmplitudePropertyReader {
  const needles = names.map((name) => [name, `${JSON.stringify(name)}:`] as const);
  return {
    read(line) {
      const eventProps = objectSpan(line, '"event_properties":');
      const userProps = objectSpan(line, '"user_properties":');
      let out: Record<string, string> | null = null;
      for (const [name, needle] of needles) {
        const first = line.indexOf(needle);
        if (first < 0) continue;
        const text =
          (eventProps ? scalarAfter(line, needle, eventProps[0], eventProps[1]) : null) ??
          (userProps ? scalarAfter(line, needle, userProps[0], userProps[1]) : null) ??
          scalarAfter(line, needle, first, line.length);
        if (text === null) continue;
        out ??= {};
        out[name] = text;
      }
      return out;
    },
  };
}
