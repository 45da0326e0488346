import { dayBarsOption } from '../../../src-shared/charts/dayBars';
import { gaugeChartOption } from '../../../src-shared/charts/gauge';
import { lineChartOption } from '../../../src-shared/charts/lineSeries';
import { seriesColors } from '../../../src-shared/charts/palette';
import { chartWarmUpSteps, type SampleChart } from '../../charts/warmUp';
import { runInIdleSteps } from '../../lib/idleSteps';
import { accountPage } from './lazyAccountPage';

/**
 * Charts like the Engagement tab's (the same builders; made-up days, the last ones provisional, so the
 * dashed and hollow paths run too): what the first account opened would otherwise compile.
 */
export function engagementSampleCharts(): SampleChart[] {
  const days = Array.from({ length: 45 }, (_, i) => new Date(Date.UTC(2026, 0, 1 + i)).toISOString().slice(0, 10));
  const provisionalFrom = days[days.length - 3] ?? null;
  const wave = (base: number, i: number) => Math.round(base * (1 + 0.3 * Math.sin(i / 3)));
  const points = (base: number) => days.map((day, i) => ({ day, value: wave(base, i) }));
  return [
    {
      option: lineChartOption({
        unit: 'users',
        timeZone: 'UTC',
        series: [
          { name: 'DAU', points: points(10), provisionalFrom, color: seriesColors[0] },
          { name: 'WAU', points: points(25), provisionalFrom, color: seriesColors[1] },
          { name: 'MAU', points: points(40), provisionalFrom, color: seriesColors[2] },
        ],
      }),
      width: 600,
      height: 280,
    },
    { option: gaugeChartOption({ value: 0.24, benchmark: 0.2 }), width: 300, height: 230 },
    {
      option: dayBarsOption({ name: 'Events', unit: 'events', timeZone: 'UTC', provisionalFrom, points: points(300) }),
      width: 450,
      height: 240,
    },
  ];
}

let chunkAsked = false;
let chartsStarted = false;

/**
 * Loads the Account page's chunk in the first idle moment, so opening a row does not suspend (see
 * lazyPage.ts: a suspended page is held back 300 ms). Called once the portfolio shows its rows (asked
 * earlier, its downloads would queue with the portfolio's own calls). Once per window.
 */
export function preloadAccountPage(): void {
  if (chunkAsked) return;
  chunkAsked = true;
  void runInIdleSteps([() => accountPage.preload()], { delayMs: 0 });
}

/**
 * Draws each chart type the Engagement tab draws once off the page, one step per idle period, so the
 * first account opened costs what later ones do. Once per window, and not stopped by leaving the
 * portfolio: a row opened at once still gets the remaining steps in the idle time while its data
 * loads. `delayMs` keeps it clear of the portfolio's own first render.
 */
export function warmUpAccountCharts(theme: 'light' | 'dark', delayMs: number): void {
  if (chartsStarted) return;
  chartsStarted = true;
  void runInIdleSteps(chartWarmUpSteps(engagementSampleCharts(), theme), { delayMs });
}
