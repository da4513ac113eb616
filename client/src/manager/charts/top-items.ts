import { AnalyticsItemSalesDocument, type AnalyticsItemSalesQuery } from '../../../../generated/client-operations';
import { request } from '../../shared/api';
import { money } from '../../shared/format';
import type { ChartSpec } from './chart-card';
import { rangeCaption } from './units';
import { untilReady } from './delivery';

type Line = AnalyticsItemSalesQuery['itemSales']['items'][number];

/** More bars than this stop being readable on a phone; the rest are the long tail. */
const SHOWN = 10;

/** Drinks sold per item over the range, net of refunded orders, most sold first (as the API orders them). */
export const topItems: ChartSpec<Line[]> = {
  id: 'chart-top-items',
  title: 'Top items',
  caption: (range) => `Drinks sold, net of refunds, ${rangeCaption(range)}`,
  load: (range, progress) =>
    untilReady((executionId) => request(AnalyticsItemSalesDocument, { ...range, executionId }).then((answer) => answer.itemSales), progress).then((report) => report.items.slice(0, SHOWN)),
  isEmpty: (items) => items.length === 0,
  emptyText: 'Nothing sold in this range.',
  height: 300,
  option(items) {
    // ECharts draws a category axis bottom-up; reversed, the best seller sits on top.
    const shown = [...items].reverse();
    return {
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      // ECharts 6 keeps axis labels inside the grid's bounds by default (outerBoundsMode 'auto'), so long names fit.
      grid: { left: 8, right: 48, top: 8, bottom: 24 },
      xAxis: { type: 'value', minInterval: 1 },
      yAxis: { type: 'category', data: shown.map((item) => item.name) },
      series: [{ name: 'Sold', type: 'bar', barMaxWidth: 32, data: shown.map((item) => item.quantity), label: { show: true, position: 'right' } }],
    };
  },
  summary: (items) => `Most sold first: ${items.map((item) => `${item.name} ${item.quantity} sold (${money(item.revenue)})`).join('; ')}.`,
};
