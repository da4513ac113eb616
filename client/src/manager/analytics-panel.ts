import { html, type TemplateResult } from 'lit-html';
import { busiestHours } from './charts/busiest-hours';
import { ChartCard, type ChartSpec, type DayRange } from './charts/chart-card';
import { lastDays } from './charts/units';
import { orderFunnel } from './charts/funnel';
import { queueLength } from './charts/queue-length';
import { salesToday } from './charts/sales-today';
import { topItems } from './charts/top-items';
import { waitTimesByHour, waitTimesByItem } from './charts/wait-times';

/** The ranges a manager picks from; a day's own charts (today's sales and queue) ignore them. */
export const RANGES = [
  { days: 7, label: 'Last 7 days' },
  { days: 30, label: 'Last 30 days' },
] as const;

type RangeDays = (typeof RANGES)[number]['days'];

/**
 * The manager's analytics: charts over the event lake's named queries (analytics/README.md),
 * each loading on its own, so a slow query (PENDING on Athena) holds up only its chart.
 */
export class AnalyticsPanel {
  private days: RangeDays = 7;
  private readonly today: ChartCard<unknown>[];
  private readonly ranged: ChartCard<unknown>[];

  constructor(private readonly changed: () => void) {
    const card = <T>(spec: ChartSpec<T>) => new ChartCard(spec, changed) as ChartCard<unknown>;
    this.today = [card(salesToday), card(queueLength)];
    this.ranged = [card(topItems), card(orderFunnel), card(waitTimesByHour), card(waitTimesByItem), card(busiestHours)];
  }

  private range(): DayRange {
    return lastDays(this.days);
  }

  load(): void {
    const range = this.range();
    for (const chart of [...this.today, ...this.ranged]) void chart.load(range);
  }

  private pick(days: RangeDays): void {
    if (days === this.days) return;
    this.days = days;
    const range = this.range();
    for (const chart of this.ranged) void chart.load(range);
  }

  view(): TemplateResult {
    return html`<p class="muted">From the event lake, a few minutes behind the till. Times are UTC.</p>
      <div class="chart-grid">${this.today.map((chart) => chart.view())}</div>
      <fieldset class="range-picker">
        <legend>Range for the charts below</legend>
        ${RANGES.map(
          (range) => html`<label class="choice"
            ><input type="radio" name="analytics-range" .checked=${this.days === range.days} @change=${() => this.pick(range.days)} />${range.label}</label
          >`,
        )}
      </fieldset>
      <div class="chart-grid">${this.ranged.map((chart) => chart.view())}</div>`;
  }
}
