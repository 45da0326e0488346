/** Time helpers for Amplitude: export hour parameters, UTC day windows, and the wire timestamp format. */

export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;
/** Amplitude makes exported data available about 2 hours after it was received. */
export const EXPORT_LAG_MS = 2 * HOUR_MS;

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** "YYYY-MM-DD" of a UTC instant. */
export function utcDay(ms: number): string {
  const d = new Date(ms);
  return `${d.getUTCFullYear()}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())}`;
}

/** "YYYYMMDD" of a UTC instant (Dashboard REST dates). */
export function compactDay(day: string): string {
  return day.replaceAll('-', '');
}

/** Export `start`/`end` parameter "YYYYMMDDTHH" of the UTC hour containing `ms`. */
export function exportHour(ms: number): string {
  const d = new Date(ms);
  return `${d.getUTCFullYear()}${pad2(d.getUTCMonth() + 1)}${pad2(d.getUTCDate())}T${pad2(d.getUTCHours())}`;
}

/** Epoch ms of the UTC midnight starting day "YYYY-MM-DD"; null when the text is not a real date. */
export function parseDay(day: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!m) return null;
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  return utcDay(ms) === day ? ms : null;
}

export function floorTo(ms: number, unit: number): number {
  return Math.floor(ms / unit) * unit;
}

function digits(s: string, at: number, count: number): number {
  let v = 0;
  for (let i = at; i < at + count; i++) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    v = v * 10 + c;
  }
  return v;
}

/**
 * Amplitude's event timestamps: "YYYY-MM-DD HH:MM:SS.ffffff" (UTC, the real wire form), also the "T"
 * form, with or without a fraction, optionally followed by "Z" or a ±HH:MM offset. Epoch ms, or null.
 */
export function parseAmplitudeTime(s: string): number | null {
  if (s.length < 19) return null;
  const sep = s.charCodeAt(10);
  if (s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45 || (sep !== 32 && sep !== 84 && sep !== 116)) return null;
  if (s.charCodeAt(13) !== 58 || s.charCodeAt(16) !== 58) return null;
  const year = digits(s, 0, 4);
  const month = digits(s, 5, 2);
  const day = digits(s, 8, 2);
  const hour = digits(s, 11, 2);
  const minute = digits(s, 14, 2);
  const second = digits(s, 17, 2);
  if (year < 0 || month < 1 || month > 12 || day < 1 || day > 31 || hour < 0 || hour > 23 || minute < 0 || minute > 59)
    return null;
  if (second < 0 || second > 60) return null;
  let i = 19;
  let ms = 0;
  if (s.charCodeAt(i) === 46) {
    i++;
    let scale = 100;
    const start = i;
    while (i < s.length) {
      const c = s.charCodeAt(i) - 48;
      if (c < 0 || c > 9) break;
      if (scale >= 1) ms += c * scale;
      scale /= 10;
      i++;
    }
    if (i === start) return null;
  }
  let offsetMs = 0;
  if (i < s.length) {
    const c = s.charCodeAt(i);
    if ((c === 90 || c === 122) && i === s.length - 1) {
      // Z
    } else if ((c === 43 || c === 45) && (s.length - i === 6 || s.length - i === 5)) {
      const oh = digits(s, i + 1, 2);
      const om = s.length - i === 6 ? digits(s, i + 4, 2) : digits(s, i + 3, 2);
      if (oh < 0 || om < 0) return null;
      offsetMs = (c === 43 ? 1 : -1) * (oh * 60 + om) * 60_000;
    } else {
      return null;
    }
  }
  const base = Date.UTC(year, month - 1, day, hour, minute, second, ms);
  if (new Date(base).getUTCDate() !== day) return null;
  return base - offsetMs;
}
