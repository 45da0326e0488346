import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CsvError, formatCsv, parseCsv } from '.';

describe('parseCsv', () => {
  it('reads quotes, embedded commas, newlines, CRLF and a BOM', () => {
    expect(parseCsv('\ufeffname,note\r\n"Acme, Inc.","said ""hi""\nthen left"\r\nGlobex,\r\n')).toEqual([
      ['name', 'note'],
      ['Acme, Inc.', 'said "hi"\nthen left'],
      ['Globex', ''],
    ]);
  });
  it('names the line of an unclosed quote', () => {
    expect(() => parseCsv('a,b\n1,"oops\n2,3')).toThrow(CsvError);
    expect(() => parseCsv('a,b\n1,"oops\n2,3')).toThrow(/line 2/);
  });
  it('round-trips anything formatCsv writes (except neutralised formulas)', () => {
    fc.assert(
      fc.property(fc.array(fc.array(fc.string(), { minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 8 }), (rows) => {
        const safe = rows.map((r) => r.map((c) => (/^[=+\-@\t\r]/.test(c) ? `x${c}` : c)));
        const nonEmpty = safe.filter((r) => !(r.length === 1 && r[0] === ''));
        expect(parseCsv(formatCsv(nonEmpty))).toEqual(nonEmpty);
      }),
    );
  });
});

describe('formatCsv', () => {
  it('neutralises cells a spreadsheet would execute', () => {
    expect(formatCsv([['=HYPERLINK("http://x")', '+1', '-2', '@SUM(A1)', 'ok', 42]])).toBe(
      `"'=HYPERLINK(""http://x"")",'+1,'-2,'@SUM(A1),ok,42\r\n`,
    );
  });
  it('adds a BOM for Excel only when asked', () => {
    expect(formatCsv([['a']], { bom: true }).startsWith('\ufeff')).toBe(true);
    expect(formatCsv([['a']]).startsWith('\ufeff')).toBe(false);
  });
});
