import { bandColors, bandLabels, formatDay, formatNumber, vendorLabels } from '../../../src-shared/charts';
import type { ReportBlock, ReportCell, ReportColumn, ReportModel, ReportSection, ReportTable } from './model';
import { loadChartRenderer } from './svgChart';
import { dayRangeText, moneyText, percentText, scoreText, signedPointsText } from './text';

export type PageSize = 'A4' | 'Letter';

export interface HtmlOptions {
  /** Paper for print (PDF and the browser's print dialog). */
  pageSize?: PageSize;
}

/**
 * One self-contained HTML document: inline CSS, charts as inline SVG, system fonts, no script, no
 * link, no URL of any kind, so it opens offline and prints the same everywhere. The PDF is this very
 * document printed: CSS paged media puts the period, "data as of" per source, the time zone and the
 * page number on every page, and charts and tables never split across a page break.
 */
export async function renderReportHtml(model: ReportModel, options: HtmlOptions = {}): Promise<string> {
  const pageSize = options.pageSize ?? 'A4';
  const renderChartSvg = await loadChartRenderer();
  let chartIndex = 0;
  const renderBlock = (block: ReportBlock): string => {
    switch (block.type) {
      case 'text':
        return `<p class="text ${block.tone ?? 'normal'}">${escapeHtml(block.text)}</p>`;
      case 'list':
        return `<ul class="list">${block.items.map((item) => `<li>${escapeHtml(item)}</li>`).join('')}</ul>`;
      case 'stats':
        return `<div class="stats">${block.items
          .map(
            (item) =>
              `<div class="stat"${item.band ? ` style="border-top-color:${bandColors[item.band]}"` : ''}><div class="stat-label">${escapeHtml(item.label)}</div><div class="stat-value">${escapeHtml(item.value)}</div>${
                item.detail ? `<div class="stat-detail">${escapeHtml(item.detail)}</div>` : ''
              }</div>`,
          )
          .join('')}</div>`;
      case 'table':
        return renderTable(block.table);
      case 'chart': {
        const svg = renderChartSvg(block.chart, chartIndex++);
        return `<figure class="chart" style="max-width:${block.chart.width}px">${svg}${
          block.chart.caption ? `<figcaption>${escapeHtml(block.chart.caption)}</figcaption>` : ''
        }</figure>`;
      }
      case 'empty':
        return `<div class="empty">${escapeHtml(block.reason)}</div>`;
      case 'lines':
        return `<div class="lines">${'<div class="line"></div>'.repeat(block.count)}</div>`;
      case 'columns':
        return `<div class="columns">${block.columns.map((column) => `<div class="column">${column.map(renderBlock).join('')}</div>`).join('')}</div>`;
    }
  };
  const renderSection = (section: ReportSection): string =>
    `<section class="section${section.internal ? ' internal' : ''}${section.pageBreakBefore ? ' new-page' : ''}" id="${escapeHtml(section.id)}">` +
    `<div class="section-head"><h2>${escapeHtml(section.title)}${section.internal ? ' <span class="internal-badge">INTERNAL</span>' : ''}</h2>${
      section.window ? `<div class="window">${escapeHtml(section.window)}</div>` : ''
    }</div>${section.blocks.map(renderBlock).join('')}</section>`;

  const asOf = freshnessText(model);
  const period = dayRangeText(model.period);
  const runningHead = `${model.title} · ${period} · Time zone ${model.timezone}${model.kind === 'portfolio' || model.hasInternal ? ' · INTERNAL' : ''}`;
  const runningFoot = `Data as of: ${asOf}`;
  const generated = new Date(model.generatedAt);
  const generatedText = `${formatDay(model.generatedAt.slice(0, 10))} ${model.generatedAt.slice(11, 16)} UTC`;

  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="CSCX Pulse">
<meta name="report-period" content="${model.period.from}/${model.period.to}">
<title>${escapeHtml(`${model.title} – ${model.subtitle}`)}</title>
<style>${styles(pageSize, runningHead, runningFoot)}</style>
</head>
<body>
<header class="report-head">
<div class="brand">CSCX Pulse${model.kind === 'portfolio' ? ' · <span class="internal-badge">INTERNAL</span>' : ''}</div>
<h1>${escapeHtml(model.title)}</h1>
<div class="subtitle">${escapeHtml(model.subtitle)}</div>
<dl class="meta">
<div><dt>Period</dt><dd>${escapeHtml(period)}</dd></div>
<div><dt>Time zone</dt><dd>${escapeHtml(model.timezone)}</dd></div>
<div><dt>Data as of</dt><dd>${escapeHtml(asOf)}</dd></div>
<div><dt>Generated</dt><dd><time datetime="${generated.toISOString()}">${escapeHtml(generatedText)}</time></dd></div>
</dl>
${model.kind !== 'account' || model.readableUserIds ? '' : '<div class="privacy">Users are shown by pseudonymous keys (readable ids are off in Settings → Privacy).</div>'}
</header>
<main>
${model.sections.map(renderSection).join('\n')}
</main>
<footer class="report-foot">${escapeHtml(runningHead)} · ${escapeHtml(runningFoot)}</footer>
</body>
</html>
`;
}

/** "Amplitude (demo) Mar 3, 2025 · Pendo (demo) Mar 2, 2025". */
export function freshnessText(model: ReportModel): string {
  if (model.sources.length === 0) return 'no synced source';
  return model.sources
    .map((s) => `${s.label || vendorLabels[s.vendor]} ${s.dataThrough ? formatDay(s.dataThrough) : 'not synced yet'}`)
    .join(' · ');
}

function renderTable(table: ReportTable): string {
  if (table.csvOnly) return '';
  const limit = table.htmlLimit ?? Number.POSITIVE_INFINITY;
  const rows = table.rows.slice(0, limit);
  const head = table.columns.map((c) => `<th class="${c.kind}">${escapeHtml(c.label)}</th>`).join('');
  const body = rows
    .map((row, i) => {
      const band = table.rowBand?.[i] ?? null;
      return `<tr>${table.columns
        .map((c, n) => {
          const text = formatCell(row[c.key] ?? null, c);
          const marker =
            n === 0 && band
              ? `<span class="band-dot" style="background:${bandColors[band]}" title="${bandLabels[band]}"></span>`
              : '';
          return `<td class="${c.kind}">${marker}${escapeHtml(text)}</td>`;
        })
        .join('')}</tr>`;
    })
    .join('');
  const more =
    table.rows.length > rows.length
      ? `<div class="more">${table.rows.length - rows.length} more row(s) in the CSV export.</div>`
      : '';
  return `<div class="table-wrap"><table${table.columns.length > 9 ? ' class="wide"' : ''}><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table>${more}</div>`;
}

export function formatCell(value: ReportCell, column: ReportColumn): string {
  if (value === null || value === '') return '–';
  if (typeof value === 'string') return column.kind === 'day' ? formatDay(value) : value;
  switch (column.kind) {
    case 'percent':
      return percentText(value, 1);
    case 'money':
      return moneyText(value);
    case 'score':
      return scoreText(value);
    case 'points':
      return signedPointsText(value);
    case 'int':
      return formatNumber(value, 'en-US', 0);
    default:
      return formatNumber(value, 'en-US', 2);
  }
}

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** A CSS string literal (for @page margin boxes). */
function cssString(text: string): string {
  return `"${text
    .replace(/\\/g, '\\\\')
    .replace(/"/g, '\\"')
    .replace(/[\r\n]+/g, ' ')}"`;
}

function styles(pageSize: PageSize, runningHead: string, runningFoot: string): string {
  return `
@page {
  size: ${pageSize === 'Letter' ? 'letter' : 'A4'};
  margin: 18mm 14mm 18mm 14mm;
  @top-left { content: ${cssString(runningHead)}; font: 8pt/1.2 "Helvetica Neue", Arial, "Liberation Sans", sans-serif; color: #4B5563; vertical-align: bottom; padding-bottom: 3mm; }
  @bottom-left { content: ${cssString(runningFoot)}; font: 7.5pt/1.2 "Helvetica Neue", Arial, "Liberation Sans", sans-serif; color: #4B5563; vertical-align: top; padding-top: 3mm; }
  @bottom-right { content: "Page " counter(page) " of " counter(pages); font: 8pt/1.2 "Helvetica Neue", Arial, "Liberation Sans", sans-serif; color: #111827; vertical-align: top; padding-top: 3mm; }
}
:root { color-scheme: light; }
* { box-sizing: border-box; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { margin: 0 auto; max-width: 980px; padding: 24px; font: 10.5pt/1.45 "Helvetica Neue", Arial, "Liberation Sans", "DejaVu Sans", sans-serif; color: #111827; background: #fff; }
h1 { font-size: 22pt; margin: 4px 0 2px; }
h2 { font-size: 14pt; margin: 0; }
.brand { font-size: 9pt; color: #4B5563; letter-spacing: .04em; text-transform: uppercase; }
.subtitle { color: #374151; margin-bottom: 10px; }
.report-head { border-bottom: 2px solid #111827; padding-bottom: 10px; margin-bottom: 14px; break-inside: avoid; }
.meta { display: grid; grid-template-columns: repeat(2, minmax(0, 1fr)); gap: 4px 24px; margin: 8px 0 0; }
.meta div { display: flex; gap: 8px; }
.meta dt { font-weight: 600; min-width: 84px; }
.meta dd { margin: 0; }
.privacy { margin-top: 6px; font-size: 8.5pt; color: #4B5563; }
.section { margin: 0 0 18px; }
.section-head { display: flex; justify-content: space-between; align-items: baseline; gap: 12px; border-bottom: 1px solid #D1D5DB; padding-bottom: 3px; margin-bottom: 8px; break-after: avoid; }
.window { font-size: 8.5pt; color: #4B5563; text-align: right; }
.section.internal { border: 2px solid #D55E00; padding: 8px 10px; border-radius: 4px; }
.internal-badge { display: inline-block; font-size: 8pt; font-weight: 700; color: #fff; background: #D55E00; padding: 1px 6px; border-radius: 3px; vertical-align: middle; letter-spacing: .05em; }
.text { margin: 4px 0 8px; }
.text.muted { color: #4B5563; font-size: 9pt; }
.text.callout { background: #F3F4F6; border-left: 4px solid #0072B2; padding: 6px 10px; }
.list { margin: 4px 0 10px; padding-left: 18px; }
.list li { margin: 2px 0; }
.stats { display: grid; grid-template-columns: repeat(4, minmax(0, 1fr)); gap: 8px; margin: 6px 0 12px; break-inside: avoid; }
.stat { border: 1px solid #E5E7EB; border-top: 4px solid #9CA3AF; border-radius: 4px; padding: 6px 8px; }
.stat-label { font-size: 8.5pt; color: #4B5563; }
.stat-value { font-size: 15pt; font-weight: 700; }
.stat-detail { font-size: 8.5pt; color: #374151; }
.chart { margin: 6px 0 12px; break-inside: avoid; page-break-inside: avoid; }
.chart svg { display: block; width: 100%; height: auto; }
figcaption { font-size: 8.5pt; color: #4B5563; margin-top: 2px; }
.table-wrap { margin: 6px 0 12px; }
table { width: 100%; border-collapse: collapse; font-size: 9pt; }
thead { display: table-header-group; }
tr { break-inside: avoid; page-break-inside: avoid; }
th { text-align: left; font-weight: 600; border-bottom: 1.5px solid #111827; padding: 4px 6px; background: #F9FAFB; }
td { border-bottom: 1px solid #E5E7EB; padding: 3px 6px; vertical-align: top; }
table.wide { font-size: 7.8pt; }
table.wide td:first-child { min-width: 150px; }
td:first-child .band-dot { margin-left: -2px; }
td.day, td.int, td.percent, td.money, td.score, td.points, td.number { white-space: nowrap; }
th.int, th.number, th.percent, th.money, th.score, th.points, td.int, td.number, td.percent, td.money, td.score, td.points { text-align: right; font-variant-numeric: tabular-nums; }
.band-dot { display: inline-block; width: 9px; height: 9px; border-radius: 50%; margin-right: 6px; vertical-align: baseline; }
.more { font-size: 8.5pt; color: #4B5563; margin-top: 3px; }
.empty { border: 1px dashed #9CA3AF; border-radius: 4px; padding: 10px 12px; color: #374151; background: #F9FAFB; margin: 6px 0 12px; break-inside: avoid; }
.lines { margin: 8px 0; }
.line { border-bottom: 1px solid #9CA3AF; height: 26px; }
.columns { display: grid; grid-template-columns: repeat(2, minmax(0, 1fr)); gap: 16px; break-inside: avoid; align-items: start; }
.column { min-width: 0; break-inside: avoid; }
.report-foot { margin-top: 20px; border-top: 1px solid #D1D5DB; padding-top: 6px; font-size: 8pt; color: #4B5563; }
@media print {
  body { max-width: none; padding: 0; font-size: 9.5pt; }
  .report-foot { display: none; }
  .new-page { break-before: page; }
  .section { break-inside: auto; }
}
`;
}
