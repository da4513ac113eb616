import { AnalyticsSalesSeriesDocument, type AnalyticsSalesSeriesQuery } from '../../../../generated/client-operations';
import { request } from '../../shared/api';
import { money } from '../../shared/format';
import type { ChartSpec, DayRange } from './chart-card';
import { addDays, count, hourLabel } from './units';
import { untilReady } from './delivery';

type Point = AnalyticsSalesSeriesQuery['salesSeries']['points'][number];

export interface SalesToday {
  today: string;
  lastWeek: string;
  todayPoints: Point[];
  lastWeekPoints: Point[];
}

const hourOf = (point: Point): number => Number(point.at.slice(11, 13));
const total = (points: Point[], key: 'revenue' | 'orders'): number => points.reduce((sum, point) => sum + point[key], 0);

function hourly(range: string, signal: AbortSignal, onPending: () => void): Promise<Point[]> {
  return untilReady((executionId) => request(AnalyticsSalesSeriesDocument, { from: range, to: range, granularity: 'HOUR', executionId }).then((answer) => answer.salesSeries), { signal, onPending }).then(
    (series) => series.points,
  );
}

/** Hours from the first with a sale on either day to the last, so the two days share one axis. */
function hoursShown(data: SalesToday): number[] {
  const hours = [...data.todayPoints, ...data.lastWeekPoints].map(hourOf);
  const first = Math.min(...hours);
  const last = Math.max(...hours);
  return Array.from({ length: last - first + 1 }, (_, index) => first + index);
}

function revenueByHour(points: Point[], hours: number[]): number[] {
  const byHour = new Map(points.map((point) => [hourOf(point), point.revenue]));
  return hours.map((hour) => (byHour.get(hour) ?? 0) / 100);
}

function busiest(points: Point[]): Point | undefined {
  return [...points].sort((a, b) => b.revenue - a.revenue)[0];
}

/** Takings per hour today, and on the same weekday a week ago: the range picker does not apply. */
export const salesToday: ChartSpec<SalesToday> = {
  id: 'chart-sales-today',
  title: 'Sales per hour, today and a week ago',
  caption: (range: DayRange) => `${range.to} against ${addDays(range.to, -7)}, UTC hours`,
  async load(range, { signal, onPending }) {
    const today = range.to;
    const lastWeek = addDays(today, -7);
    const [todayPoints, lastWeekPoints] = await Promise.all([hourly(today, signal, onPending), hourly(lastWeek, signal, onPending)]);
    return { today, lastWeek, todayPoints, lastWeekPoints };
  },
  isEmpty: (data) => data.todayPoints.length === 0 && data.lastWeekPoints.length === 0,
  emptyText: 'No sales today or on the same day last week yet.',
  option(data) {
    const hours = hoursShown(data);
    return {
      tooltip: { trigger: 'axis', valueFormatter: (value) => money(Math.round(Number(value) * 100)) },
      legend: { top: 0 },
      grid: { left: 56, right: 16, top: 56, bottom: 32 },
      xAxis: { type: 'category', data: hours.map(hourLabel) },
      yAxis: { type: 'value', axisLabel: { formatter: '€{value}' } },
      series: [
        { name: `Today (${data.today})`, type: 'bar', data: revenueByHour(data.todayPoints, hours) },
        { name: `A week ago (${data.lastWeek})`, type: 'line', lineStyle: { type: 'dashed' }, symbol: 'circle', data: revenueByHour(data.lastWeekPoints, hours) },
      ],
    };
  },
  summary(data) {
    const day = (label: string, points: Point[]): string => {
      const top = busiest(points);
      const figures = `${money(total(points, 'revenue'))} from ${count(total(points, 'orders'), 'order')}`;
      return top ? `${label}: ${figures}, busiest hour ${hourLabel(hourOf(top))} with ${money(top.revenue)}.` : `${label}: no sales.`;
    };
    return `${day(`Today (${data.today})`, data.todayPoints)} ${day(`A week ago (${data.lastWeek})`, data.lastWeekPoints)}`;
  },
};
