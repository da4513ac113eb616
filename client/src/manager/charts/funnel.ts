import { AnalyticsOrderFunnelDocument, type AnalyticsOrderFunnelQuery } from '../../../../generated/client-operations';
import { request } from '../../shared/api';
import type { ChartSpec } from './chart-card';
import { rangeCaption } from './units';
import { untilReady } from './delivery';

export type Counts = NonNullable<AnalyticsOrderFunnelQuery['orderFunnel']['counts']>;

const STAGES = [
  { name: 'Placed', pick: (counts: Counts) => counts.placed },
  { name: 'Paid', pick: (counts: Counts) => counts.paid },
  { name: 'Collected', pick: (counts: Counts) => counts.collected },
] as const;

/** Where orders left the funnel: beside it as bars, since they are not stages every order passes. */
const LOSSES = [
  { name: 'Payment failures', pick: (counts: Counts) => counts.paymentFailures },
  { name: 'Cancelled', pick: (counts: Counts) => counts.cancelled },
  { name: 'Expired', pick: (counts: Counts) => counts.expired },
  { name: 'Refunded', pick: (counts: Counts) => counts.refunded },
] as const;

export const orderFunnel: ChartSpec<Counts> = {
  id: 'chart-funnel',
  title: 'Order funnel',
  caption: (range) => `Orders placed, paid and collected, and where others went, ${rangeCaption(range)}`,
  async load(range, progress) {
    const report = await untilReady((executionId) => request(AnalyticsOrderFunnelDocument, { ...range, executionId }).then((answer) => answer.orderFunnel), progress);
    if (!report.counts) throw new Error('The API answered READY without counts.');
    return report.counts;
  },
  isEmpty: (counts) => counts.placed === 0,
  emptyText: 'No orders were placed in this range.',
  height: 380,
  option(counts) {
    // The funnel on top, the ways out below it: side by side they crowd each other on a phone.
    return {
      tooltip: { trigger: 'item' },
      grid: { left: 8, right: 40, top: 236, bottom: 8 },
      xAxis: { type: 'value', minInterval: 1, max: Math.max(1, counts.placed), axisLabel: { show: false }, splitLine: { show: false } },
      yAxis: { type: 'category', inverse: true, data: LOSSES.map((loss) => loss.name) },
      series: [
        {
          name: 'Funnel',
          type: 'funnel',
          left: '10%',
          width: '80%',
          top: 8,
          height: 208,
          sort: 'none',
          minSize: '25%',
          label: { position: 'inside', formatter: '{b}: {c}', color: '#fff', fontWeight: 'bold' },
          data: STAGES.map((stage) => ({ name: stage.name, value: stage.pick(counts) })),
        },
        // Against the placed orders, so a bar's length reads as a share of the funnel's top.
        { name: 'Left the funnel', type: 'bar', color: '#a11d1d', barMaxWidth: 24, label: { show: true, position: 'right' }, data: LOSSES.map((loss) => loss.pick(counts)) },
      ],
    };
  },
  summary(counts) {
    const rate = (part: number) => (counts.placed ? `${Math.round((part / counts.placed) * 100)}%` : '0%');
    return (
      `${STAGES.map((stage) => `${stage.name} ${stage.pick(counts)}`).join(', ')} (${rate(counts.paid)} of placed orders paid, ${rate(counts.collected)} collected). ` +
      `${LOSSES.map((loss) => `${loss.name} ${loss.pick(counts)}`).join(', ')}.`
    );
  },
};
