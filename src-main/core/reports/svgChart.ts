import type { ReportChart } from './model';

type ECharts = typeof import('echarts');
let echartsLoading: Promise<ECharts> | null = null;

/**
 * ECharts is loaded on the first report, not when the core starts: importing it costs the core
 * worker ~17 MB of heap and ~39 MB of RSS that a sync, the screens and CSV exports never use.
 */
export function loadChartRenderer(): Promise<(chart: ReportChart, index: number) => string> {
  echartsLoading ??= import('echarts');
  return echartsLoading.then((echarts) => (chart, index) => renderChartSvg(echarts, chart, index));
}

/**
 * Draws an ECharts option (from src-shared/charts, the screen's builders) to an SVG string with
 * ECharts' server-side renderer: no DOM, no canvas, no animation. The SVG is made safe to inline
 * several times in one HTML page: namespace declarations are dropped (inline SVG in HTML needs none,
 * and they are the only URLs ECharts writes) and element ids get a per-chart prefix so clip paths
 * and gradients of one chart never resolve to another's.
 */
function renderChartSvg(echarts: ECharts, chart: ReportChart, index: number): string {
  const instance = echarts.init(null, null, { renderer: 'svg', ssr: true, width: chart.width, height: chart.height });
  try {
    instance.setOption({ ...(chart.option as Record<string, unknown>), animation: false });
    const svg = instance.renderToSVGString();
    const prefix = `c${index}-`;
    return svg
      .replace(/\s+xmlns(:\w+)?="[^"]*"/g, '')
      .replace(/\s+baseProfile="[^"]*"/g, '')
      .replace(/\bid="([^"]+)"/g, (_m, id: string) => `id="${prefix}${id}"`)
      .replace(/url\(#([^)]+)\)/g, (_m, id: string) => `url(#${prefix}${id})`)
      .replace(/href="#([^"]+)"/g, (_m, id: string) => `href="#${prefix}${id}"`)
      .replace(/^<svg /, `<svg role="img" aria-label="${escapeAttribute(chart.title)}" preserveAspectRatio="xMidYMid meet" `);
  } finally {
    instance.dispose();
  }
}

function escapeAttribute(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
}
