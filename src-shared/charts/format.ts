/** Number and date formatting shared by chart axes, tooltips and report tables. */

// Building an Intl formatter costs far more than formatting with one (it dominated the portfolio
// page's render profile: ~5 per row), so each (locale, options) pair is built once.
const numberFormats = new Map<string, Intl.NumberFormat>();
const dayFormats = new Map<string, Intl.DateTimeFormat>();

function numberFormat(locale: string, maxFractionDigits: number): Intl.NumberFormat {
  const key = `${locale}|${maxFractionDigits}`;
  let format = numberFormats.get(key);
  if (!format) {
    format = new Intl.NumberFormat(locale, { maximumFractionDigits: maxFractionDigits });
    numberFormats.set(key, format);
  }
  return format;
}

function dayFormat(locale: string, withYear: boolean): Intl.DateTimeFormat {
  const key = `${locale}|${withYear}`;
  let format = dayFormats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, {
      timeZone: 'UTC',
      month: 'short',
      day: 'numeric',
      ...(withYear ? { year: 'numeric' } : {}),
    });
    dayFormats.set(key, format);
  }
  return format;
}

/** 12,345 / 0.31 / 1,234.5: thousands separators, at most `maxFractionDigits` decimals. */
export function formatNumber(value: number | null | undefined, locale = 'en-US', maxFractionDigits = 2): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '–';
  return numberFormat(locale, maxFractionDigits).format(value);
}

/** A value with its unit ("1,234 users", "42 %"); the unit is left out when empty. */
export function formatWithUnit(value: number | null | undefined, unit: string, locale = 'en-US'): string {
  const number = formatNumber(value, locale);
  if (number === '–' || unit === '') return number;
  return unit === '%' ? `${number} %` : `${number} ${unit}`;
}

/**
 * Formats a calendar day ("2025-03-14", already cut in the reporting time zone) as "Mar 14, 2025".
 * The day is a label, not an instant, so it is formatted in UTC to keep it from shifting.
 */
export function formatDay(day: string, locale = 'en-US', withYear = true): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!match) return day;
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  return dayFormat(locale, withYear).format(date);
}
