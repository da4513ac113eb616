import { AnalyticsBusiestHoursDocument, type AnalyticsBusiestHoursQuery } from '../../../../generated/client-operations';
import { request } from '../../shared/api';
import type { ChartSpec } from './chart-card';
import { count, hourLabel, rangeCaption } from './units';
import { untilReady } from './delivery';

type Cell = AnalyticsBusiestHoursQuery['busiestHours']['cells'][number];

/** ISO weekdays, 1 Monday .. 7 Sunday, as the API numbers them. */
const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
const WEEKDAY_NAMES = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

/** The open hours: the first to the last hour with any order, over every weekday. */
function hoursShown(cells: Cell[]): number[] {
  const first = Math.min(...cells.map((cell) => cell.hourOfDay));
  const last = Math.max(...cells.map((cell) => cell.hourOfDay));
  return Array.from({ length: last - first + 1 }, (_, index) => first + index);
}

const round = (value: number): number => Math.round(value * 10) / 10;
const perDay = (value: number): string => `${round(value)} ${round(value) === 1 ? 'order' : 'orders'} a day`;

/** Average orders paid per weekday and hour over the range: when to staff the bar. */
export const busiestHours: ChartSpec<Cell[]> = {
  id: 'chart-busiest-hours',
  title: 'Busiest hours',
  caption: (range) => `Average orders paid per weekday and hour, ${rangeCaption(range)}`,
  load: (range, progress) => untilReady((executionId) => request(AnalyticsBusiestHoursDocument, { ...range, executionId }).then((answer) => answer.busiestHours), progress).then((report) => report.cells),
  isEmpty: (cells) => cells.length === 0,
  emptyText: 'No orders were paid in this range.',
  height: 320,
  option(cells) {
    const hours = hoursShown(cells);
    const highest = Math.max(...cells.map((cell) => cell.averagePerDay));
    return {
      tooltip: { position: 'top', valueFormatter: (value) => (Array.isArray(value) ? perDay(Number(value[2])) : String(value)) },
      grid: { left: 44, right: 8, top: 8, bottom: 72 },
      xAxis: { type: 'category', data: hours.map(hourLabel), splitArea: { show: true } },
      yAxis: { type: 'category', inverse: true, data: WEEKDAYS, splitArea: { show: true } },
      visualMap: { min: 0, max: highest, calculable: true, orient: 'horizontal', left: 'center', bottom: 0, inRange: { color: ['#fbf1e8', '#6b3e1f'] }, formatter: (value) => String(round(Number(value))) },
      series: [
        {
          name: 'Orders a day',
          type: 'heatmap',
          label: { show: true, formatter: (params) => (Array.isArray(params.value) ? String(round(Number(params.value[2]))) : '') },
          data: cells.map((cell) => [hours.indexOf(cell.hourOfDay), cell.isoDayOfWeek - 1, round(cell.averagePerDay)]),
        },
      ],
    };
  },
  summary(cells) {
    const top = [...cells].sort((a, b) => b.averagePerDay - a.averagePerDay || a.isoDayOfWeek - b.isoDayOfWeek || a.hourOfDay - b.hourOfDay).slice(0, 5);
    return `Busiest first: ${top.map((cell) => `${WEEKDAY_NAMES[cell.isoDayOfWeek - 1] ?? ''} ${hourLabel(cell.hourOfDay)}, ${perDay(cell.averagePerDay)} (${count(cell.orders, 'order')} in all)`).join('; ')}.`;
  },
};
