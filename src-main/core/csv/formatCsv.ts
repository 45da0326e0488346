/**
 * RFC 4180 writer. Cells that a spreadsheet would run as a formula (=, +, -, @, tab, CR at the start)
 * are prefixed with a single quote: a CSV opened in Excel must never execute what a vendor or an
 * imported file put in a name (CSV injection). Numbers are written as numbers.
 */
export function formatCsv(
  rows: ReadonlyArray<ReadonlyArray<string | number | boolean | null | undefined>>,
  options: { bom?: boolean } = {},
): string {
  const body = rows.map((row) => row.map(formatCell).join(',')).join('\r\n');
  return `${options.bom ? '\ufeff' : ''}${body}\r\n`;
}

export function formatCell(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  let text = value;
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
