import { AnalyticsPrepTimesByHourDocument, AnalyticsPrepTimesByItemDocument, type AnalyticsPrepTimesByHourQuery, type AnalyticsPrepTimesByItemQuery } from '../../../../generated/client-operations';
import { request } from '../../shared/api';
import type { ChartSpec } from './chart-card';
import type { ChartOption } from './echarts';
import { count, durationLabel, hourLabel, rangeCaption } from './units';
import { untilReady } from './delivery';

type Hour = AnalyticsPrepTimesByHourQuery['prepTimesByHour']['hours'][number];
type Item = AnalyticsPrepTimesByItemQuery['prepTimesByItem']['items'][number];
type Timed = Pick<Hour, 'prep' | 'wait'>;

/** The four lines of both charts: how long the bar took (paid→ready) and how long the order then waited (ready→collected). */
const MEASURES = [
  { name: 'Paid→ready p50', pick: (row: Timed) => row.prep.p50 },
  { name: 'Paid→ready p90', pick: (row: Timed) => row.prep.p90 },
  { name: 'Ready→collected p50', pick: (row: Timed) => row.wait.p50 },
  { name: 'Ready→collected p90', pick: (row: Timed) => row.wait.p90 },
] as const;

/** The API counts seconds; a chart of coffee reads in minutes. Untimed stays a gap, not a zero. */
const minutes = (seconds: number | null | undefined): number | null => (seconds === null || seconds === undefined ? null : Math.round((seconds / 60) * 10) / 10);

const tooltip = { trigger: 'axis', valueFormatter: (value: unknown) => (value === null || value === undefined ? 'no data' : `${String(value)} min`) } as const;

function timedSummary(label: string, row: Timed): string {
  return `${label}: paid to ready p50 ${durationLabel(row.prep.p50)}, p90 ${durationLabel(row.prep.p90)}; ready to collected p50 ${durationLabel(row.wait.p50)}, p90 ${durationLabel(row.wait.p90)}.`;
}

export const waitTimesByHour: ChartSpec<Hour[]> = {
  id: 'chart-wait-by-hour',
  title: 'Wait times by hour',
  caption: (range) => `Median (p50) and 90th percentile, by the hour paid, ${rangeCaption(range)}`,
  load: (range, progress) => untilReady((executionId) => request(AnalyticsPrepTimesByHourDocument, { ...range, executionId }).then((answer) => answer.prepTimesByHour), progress).then((report) => report.hours),
  isEmpty: (hours) => hours.length === 0,
  emptyText: 'No orders were made ready in this range.',
  option(hours): ChartOption {
    return {
      tooltip,
      legend: { top: 0 },
      grid: { left: 56, right: 16, top: 64, bottom: 32 },
      xAxis: { type: 'category', data: hours.map((hour) => hourLabel(hour.hourOfDay)) },
      yAxis: { type: 'value', axisLabel: { formatter: '{value} min' } },
      series: MEASURES.map((measure, index) => ({
        name: measure.name,
        type: 'line',
        connectNulls: false,
        symbol: 'circle',
        lineStyle: { type: index % 2 === 1 ? 'dashed' : 'solid' },
        data: hours.map((hour) => minutes(measure.pick(hour))),
      })),
    };
  },
  summary: (hours) => hours.map((hour) => timedSummary(`${hourLabel(hour.hourOfDay)} (${count(hour.orders, 'order')})`, hour)).join(' '),
};

export const waitTimesByItem: ChartSpec<Item[]> = {
  id: 'chart-wait-by-item',
  title: 'Wait times by item',
  caption: (range) => `Median (p50) and 90th percentile per order with the item, ${rangeCaption(range)}`,
  load: (range, progress) => untilReady((executionId) => request(AnalyticsPrepTimesByItemDocument, { ...range, executionId }).then((answer) => answer.prepTimesByItem), progress).then((report) => report.items),
  isEmpty: (items) => items.length === 0,
  emptyText: 'No orders were made ready in this range.',
  height: 320,
  option(items): ChartOption {
    return {
      tooltip: { ...tooltip, axisPointer: { type: 'shadow' } },
      legend: { top: 0 },
      grid: { left: 56, right: 16, top: 64, bottom: 32 },
      xAxis: { type: 'category', data: items.map((item) => item.name), axisLabel: { interval: 0, overflow: 'truncate', width: 80 } },
      yAxis: { type: 'value', axisLabel: { formatter: '{value} min' } },
      series: MEASURES.map((measure) => ({ name: measure.name, type: 'bar', data: items.map((item) => minutes(measure.pick(item))) })),
    };
  },
  summary: (items) => items.map((item) => timedSummary(`${item.name} (${count(item.orders, 'order')})`, item)).join(' '),
};
