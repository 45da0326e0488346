import { describe, expect, it } from 'vitest';
import { lineChartOption } from '../../../src-shared/charts';
import { parseCsv } from '../csv';
import { renderReportCsv } from './csv';
import { renderReportHtml } from './html';
import type { ReportModel } from './model';

const model: ReportModel = {
  kind: 'account',
  customerId: 'c1',
  customerName: 'Acme',
  title: 'Acme: quarterly business review',
  subtitle: 'test',
  fileStem: 'qbr-acme',
  period: { from: '2025-01-01', to: '2025-03-31' },
  generatedAt: '2025-04-01T08:00:00.000Z',
  timezone: 'Europe/Berlin',
  sources: [{ label: 'Amplitude', vendor: 'amplitude', dataThrough: '2025-03-31' }],
  hasInternal: true,
  readableUserIds: false,
  sections: [
    {
      id: 'usage',
      title: 'Usage <&>',
      blocks: [
        {
          type: 'chart',
          chart: {
            id: 'a',
            title: 'Active users',
            width: 400,
            height: 200,
            option: lineChartOption({
              series: [
                {
                  name: 'DAU',
                  points: [
                    { day: '2025-03-01', value: 3 },
                    { day: '2025-03-02', value: 5 },
                  ],
                },
              ],
              unit: 'users',
              timeZone: 'UTC',
            }),
          },
        },
        {
          type: 'chart',
          chart: {
            id: 'b',
            title: 'Again',
            width: 400,
            height: 200,
            option: lineChartOption({
              series: [{ name: 'DAU', points: [{ day: '2025-03-01', value: 1 }] }],
              unit: 'users',
              timeZone: 'UTC',
            }),
          },
        },
        {
          type: 'table',
          table: {
            id: 'features',
            title: 'Features',
            columns: [
              { key: 'feature', label: 'Feature', kind: 'text' },
              { key: 'adoption', label: 'Adoption', kind: 'percent' },
            ],
            rows: [
              { feature: '=HYPERLINK("http://evil")', adoption: 0.123456789 },
              { feature: 'Café, "quoted"', adoption: null },
            ],
          },
        },
      ],
    },
    { id: 'money', title: 'Commercials', internal: true, blocks: [{ type: 'empty', reason: 'No ARR' }] },
  ],
};

describe('report renderers', () => {
  it('HTML: self-contained, escaped, unique SVG ids, running head and page numbers in @page', async () => {
    const html = await renderReportHtml(model, { pageSize: 'Letter' });
    expect(html).not.toMatch(/<script|<link|@import|@font-face/i);
    expect(html).not.toMatch(/\b(src|href)\s*=\s*["']?[a-z][a-z0-9+.-]*:/i);
    expect(html).not.toMatch(/url\(\s*(?!#)/i);
    expect(html).toContain('Usage &lt;&amp;&gt;');
    expect(html).toContain('size: letter');
    expect(html).toContain('counter(page)');
    expect(html).toContain('Data as of: Amplitude Mar 31, 2025');
    expect(html).toContain('INTERNAL');
    const ids = [...html.matchAll(/\bid="(c\d+-[^"]+)"/g)].map((m) => m[1]);
    expect(new Set(ids).size).toBe(ids.length);
    expect(html).toContain('12.3 %');
  });

  it('CSV: one file per table, raw numbers, formula text neutralised, BOM on request', () => {
    const files = renderReportCsv(model, { bom: true });
    expect(files.map((f) => f.name)).toEqual(['report-info.csv', 'features.csv']);
    const features = files[1]?.text ?? '';
    expect(features.startsWith('\ufeff')).toBe(true);
    const rows = parseCsv(features.slice(1));
    expect(rows[0]).toEqual(['feature', 'adoption']);
    expect(rows[1]).toEqual(['\'=HYPERLINK("http://evil")', '0.123456789']);
    expect(rows[2]).toEqual(['Café, "quoted"', '']);
    expect(files[0]?.text).toContain('data_as_of:Amplitude,2025-03-31');
  });
});
