import { html, nothing, type TemplateResult } from 'lit-html';
import { dateTimeOf, milkLabel, money, orderTitle, sizeLabel } from '../shared/format';
import type { CustomerOrder } from './page-state';
import { pickupText } from './pickup';

/**
 * A receipt for an order that was paid: every line with its milk and extras at the prices the
 * server charged, the total, when and how it was paid, and the refund when the order was
 * cancelled after payment (a refund still being completed says so: the sweeper finishes it).
 */
export function receiptView(order: CustomerOrder): TemplateResult | typeof nothing {
  if (!order.paidAt || !order.payment) return nothing;
  const { payment } = order;
  const brand = payment.cardBrand ? payment.cardBrand.charAt(0).toUpperCase() + payment.cardBrand.slice(1) : null;
  const card = [brand, payment.cardLast4 ? `card ending ${payment.cardLast4}` : 'card'].filter(Boolean).join(' ');
  return html`<details class="receipt" id="receipt">
    <summary>Receipt</summary>
    <h3 id="receipt-heading">Brewline · ${orderTitle(order)}</h3>
    <table aria-labelledby="receipt-heading">
      <thead>
        <tr>
          <th scope="col">Item</th>
          <th scope="col" class="amount">Price</th>
        </tr>
      </thead>
      <tbody>
        ${order.lines.map(
          (line) => html`<tr>
            <td>
              ${line.quantity} × ${line.name}, ${sizeLabel(line.size).toLowerCase()}
              <span class="receipt-detail">${line.milk ? milkLabel(line.milk) : 'No milk'}</span>
              ${line.extras.map(
                (extra) => html`<span class="receipt-detail">${extra.quantity} × ${extra.name} at ${money(extra.unitPrice, order.currency)}</span>`,
              )}
              ${line.quantity > 1 ? html`<span class="receipt-detail">${money(line.unitPrice, order.currency)} each</span>` : nothing}
            </td>
            <td class="amount">${money(line.lineTotal, order.currency)}</td>
          </tr>`,
        )}
      </tbody>
      <tfoot>
        <tr>
          <th scope="row">Total</th>
          <td class="amount"><strong>${money(order.total, order.currency)}</strong></td>
        </tr>
      </tfoot>
    </table>
    <p id="receipt-paid">Paid ${money(payment.amount, payment.currency)} on ${dateTimeOf(order.paidAt)} with ${card}.</p>
    <p>Pickup ${pickupText(order.pickupSlot)}, for ${order.pickupName}.</p>
    ${payment.refunded
      ? html`<p class="info" id="receipt-refund">Refunded ${money(payment.amount, payment.currency)}.</p>`
      : order.status === 'CANCELLED'
        ? html`<p class="notice" id="receipt-refund">Refund of ${money(payment.amount, payment.currency)} on its way to your card.</p>`
        : nothing}
  </details>`;
}
