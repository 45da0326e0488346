import { BarChart, GaugeChart, HeatmapChart, LineChart } from 'echarts/charts';
import {
  AriaComponent,
  DatasetComponent,
  GridComponent,
  LegendComponent,
  MarkAreaComponent,
  TitleComponent,
  TooltipComponent,
  VisualMapComponent,
} from 'echarts/components';
import { type EChartsCoreOption, type EChartsType, init, use } from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import { type RefObject, useEffect, useRef } from 'react';
import { useTheme } from '../lib/theme';

// Only what the screens draw: tree-shaken, no full echarts bundle.
use([
  LineChart,
  BarChart,
  HeatmapChart,
  GaugeChart,
  GridComponent,
  TooltipComponent,
  LegendComponent,
  MarkAreaComponent,
  VisualMapComponent,
  TitleComponent,
  DatasetComponent,
  AriaComponent,
  SVGRenderer,
]);

/**
 * The one way the renderer draws a chart. Give it an option (from a builder in src-shared/charts) and
 * put the returned ref on a sized element. The chart follows the app theme (re-created on change),
 * resizes with its container, and is disposed on unmount. `null` draws nothing: the page shows an
 * empty state that says why instead.
 */
export function useEChart<T extends HTMLElement = HTMLDivElement>(option: EChartsCoreOption | null): RefObject<T | null> {
  const ref = useRef<T | null>(null);
  const chart = useRef<EChartsType | null>(null);
  const latestOption = useRef(option);
  latestOption.current = option;
  const theme = useTheme();

  // One instance per element and theme, drawn with the latest option; disposed on change and unmount.
  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    const instance = init(element, theme === 'dark' ? 'dark' : undefined, { renderer: 'svg' });
    chart.current = instance;
    draw(instance, latestOption.current, { animation: false });
    // A ResizeObserver reports once as soon as it observes, and ECharts' resize() lays out and draws
    // the whole chart again even at the same size (profiled: a second full draw of every chart on
    // opening a page). Only a size other than the one the chart was drawn at redraws.
    const observer = new ResizeObserver(() => {
      const drawnAt = { width: instance.getWidth(), height: instance.getHeight() };
      if (sizeChanged(drawnAt, { width: element.clientWidth, height: element.clientHeight })) instance.resize();
    });
    observer.observe(element);
    return () => {
      observer.disconnect();
      instance.dispose();
      if (chart.current === instance) chart.current = null;
    };
  }, [theme]);

  // New data for the same instance.
  useEffect(() => {
    if (chart.current) draw(chart.current, option);
  }, [option]);

  return ref;
}

/**
 * Draws `option` once as the hook's first draw does, on an element that is never attached to the page
 * (size given, nothing measured or laid out), then disposes it: runs, and so compiles, the code that
 * option's chart type needs (see warmUp.ts).
 */
export function drawDetached(option: EChartsCoreOption, theme: 'light' | 'dark', size: ChartSize): void {
  const instance = init(document.createElement('div'), theme === 'dark' ? 'dark' : undefined, { renderer: 'svg', ...size });
  try {
    draw(instance, option, { animation: false });
  } finally {
    instance.dispose();
  }
}

export interface ChartSize {
  width: number;
  height: number;
}

/**
 * Whether the element's size (clientWidth/clientHeight, what ECharts measures on an element without
 * padding) differs from the size the chart was drawn at (an element with padding always redraws).
 */
export function sizeChanged(drawn: ChartSize, now: ChartSize): boolean {
  return drawn.width !== now.width || drawn.height !== now.height;
}

/**
 * The first draw of an instance is not animated: the entry animation kept the main thread busy for
 * most of a second after the page had its data (profiled on the account page). Later data for the
 * same instance animates as the builder says.
 */
function draw(instance: EChartsType, option: EChartsCoreOption | null, first: { animation?: false } = {}): void {
  if (option) instance.setOption({ backgroundColor: 'transparent', ...option, ...first }, { notMerge: true });
  else instance.clear();
}
