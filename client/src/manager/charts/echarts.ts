import { BarChart, FunnelChart, HeatmapChart, LineChart, type BarSeriesOption, type FunnelSeriesOption, type HeatmapSeriesOption, type LineSeriesOption } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent, VisualMapComponent, type GridComponentOption, type LegendComponentOption, type TooltipComponentOption, type VisualMapComponentOption } from 'echarts/components';
import { type ComposeOption, init, use, type ECharts } from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';

/**
 * The one place the manager's page meets ECharts: only the four charts and four components the
 * analytics view draws are registered, through `echarts/core`, so Vite's build carries those and
 * not the whole library; the SVG renderer keeps text crisp at any zoom and real <text> in the DOM.
 */
use([LineChart, BarChart, FunnelChart, HeatmapChart, GridComponent, LegendComponent, TooltipComponent, VisualMapComponent, SVGRenderer]);

export type ChartOption = ComposeOption<
  LineSeriesOption | BarSeriesOption | FunnelSeriesOption | HeatmapSeriesOption | GridComponentOption | LegendComponentOption | TooltipComponentOption | VisualMapComponentOption
>;

export type { ECharts };

/** Colours from the page's palette (client/src/shared/styles.css), darkest first; each keeps AA contrast on white. */
export const PALETTE = ['#6b3e1f', '#1a56db', '#1d5e32', '#8a4b00', '#a11d1d', '#5b524c'];

const reducedMotion = (): boolean => window.matchMedia('(prefers-reduced-motion: reduce)').matches;

export function drawChart(element: HTMLElement): ECharts {
  return init(element, undefined, { renderer: 'svg' });
}

/** Every chart's option passes through here: the shared palette, font, and no animation for those who asked for less motion. */
export function withDefaults(option: ChartOption): ChartOption {
  return { color: PALETTE, textStyle: { fontFamily: 'system-ui, sans-serif' }, animation: !reducedMotion(), ...option };
}
