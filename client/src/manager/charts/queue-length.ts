import { AnalyticsQueueLengthDocument, type AnalyticsQueueLengthQuery } from '../../../../generated/client-operations';
import { request } from '../../shared/api';
import type { ChartSpec } from './chart-card';
import { clockOf, count, rangeCaption } from './units';
import { untilReady } from './delivery';

type Point = AnalyticsQueueLengthQuery['queueLength']['points'][number];

/** Paid orders waiting per quarter hour today: the most at once, and how many were left at its end. */
export const queueLength: ChartSpec<Point[]> = {
  id: 'chart-queue-length',
  title: 'Queue length today',
  caption: (range) => `Paid orders waiting, per quarter hour, ${rangeCaption({ from: range.to, to: range.to })}`,
  load: (range, progress) =>
    untilReady((executionId) => request(AnalyticsQueueLengthDocument, { from: range.to, to: range.to, executionId }).then((answer) => answer.queueLength), progress).then((series) => series.points),
  isEmpty: (points) => points.length === 0,
  emptyText: 'No paid orders have waited today yet.',
  option(points) {
    return {
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 40, right: 16, top: 56, bottom: 32 },
      xAxis: { type: 'category', boundaryGap: false, data: points.map((point) => clockOf(point.at)) },
      yAxis: { type: 'value', minInterval: 1 },
      series: [
        { name: 'Most waiting', type: 'line', step: 'end', areaStyle: { opacity: 0.15 }, symbol: 'none', data: points.map((point) => point.maxLength) },
        { name: 'Waiting at the end', type: 'line', step: 'end', symbol: 'none', lineStyle: { type: 'dashed' }, data: points.map((point) => point.endLength) },
      ],
    };
  },
  summary(points) {
    const longest = [...points].sort((a, b) => b.maxLength - a.maxLength)[0];
    const last = points[points.length - 1];
    if (!longest || !last) return 'No queue today.';
    return `Longest queue ${count(longest.maxLength, 'order')}, at ${clockOf(longest.at)}; ${last.endLength} waiting at the end of the quarter from ${clockOf(last.at)}.`;
  },
};
