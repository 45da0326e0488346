import type { EChartsCoreOption } from 'echarts/core';
import type { IdleStep } from '../lib/idleSteps';
import { drawDetached } from './useEChart';

/**
 * Chart code run before a page needs it. V8 compiles a function on its first call, so the first page
 * to draw a chart type pays for compiling that type's code in the task that shows the page (profiled:
 * the first account opened spent about 280 ms more in compile and cold code than the next one). Each
 * sample chart becomes one step (see runInIdleSteps): drawn once off the page and disposed.
 */
export interface SampleChart {
  /** An option from a builder in src-shared/charts (plain objects, typed per builder). */
  option: object;
  width: number;
  height: number;
}

export function chartWarmUpSteps(charts: readonly SampleChart[], theme: 'light' | 'dark'): IdleStep[] {
  return charts.map(
    ({ option, width, height }) =>
      () =>
        drawDetached(option as EChartsCoreOption, theme, { width, height }),
  );
}
