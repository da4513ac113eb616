import { html, nothing, type TemplateResult } from 'lit-html';
import { type SalesReportQuery, SalesReportDocument } from '../../../generated/client-operations';
import { request } from '../shared/api';
import { money } from '../shared/format';

/** Sales change with every order paid, so they are read again on a timer and whenever the page is looked at again. */
const SALES_REFRESH_MS = 60_000;

/** Today's takings, kept fresh while the page is looked at. */
export class SalesPanel {
  sales: SalesReportQuery['salesReport'] | null = null;

  constructor(private readonly changed: () => void) {}

  async refresh(): Promise<void> {
    try {
      this.sales = (await request(SalesReportDocument, {})).salesReport;
      this.changed();
    } catch {
      // A missed refresh leaves the last figures; the next tick or visit tries again.
    }
  }

  watch(): void {
    // A hidden tab is refreshed when it is looked at again (below), not on the timer.
    setInterval(() => {
      if (!document.hidden) void this.refresh();
    }, SALES_REFRESH_MS);
    window.addEventListener('focus', () => void this.refresh());
    document.addEventListener('visibilitychange', () => {
      if (document.visibilityState === 'visible') void this.refresh();
    });
  }

  view(): TemplateResult | typeof nothing {
    const sales = this.sales;
    if (!sales) return nothing;
    return html`<section class="card" aria-labelledby="sales-heading">
      <h2 id="sales-heading">Today's sales (${sales.businessDate})</h2>
      <div class="stats">
        <div class="stat">Revenue <strong>${money(sales.revenue, sales.currency)}</strong></div>
        <div class="stat">Orders paid <strong>${sales.ordersPaid}</strong></div>
        <div class="stat">Cancelled <strong>${sales.ordersCancelled}</strong></div>
        <div class="stat">Refunded <strong>${money(sales.refunded, sales.currency)}</strong></div>
      </div>
      ${sales.topItems.length > 0
        ? html`<table>
            <caption class="muted">Best sellers</caption>
            <thead><tr><th scope="col">Item</th><th scope="col">Sold</th><th scope="col">Revenue</th></tr></thead>
            <tbody>
              ${sales.topItems.map((line) => html`<tr><td>${line.name}</td><td>${line.quantity}</td><td>${money(line.revenue, sales.currency)}</td></tr>`)}
            </tbody>
          </table>`
        : nothing}
    </section>`;
  }
}
