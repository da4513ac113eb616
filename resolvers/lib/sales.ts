import { util, type DynamoDBExpression } from '@aws-appsync/utils';
import type { SalesLine, SalesReport } from '../../generated/graphql';
import { descending, inKeyOrder } from './sort-keys';

/**
 * A business day's takings: one item per day in the orders table, pk `SALES#<businessDate>`,
 * sk `SALES`, read by Query.salesReport. The date is the ORDER's businessDate (the UTC date it was
 * placed), so a refund on a later day nets out the day the money came in.
 *
 * Writers (never a read-modify-write: each is one UpdateItem inside the transaction that moves the
 * order, so the counters move exactly when the order's status does; the order's own status and
 * version condition guards them):
 *   - payOrder, on PAID:           salesUpdateOnPaid(order)
 *   - cancelOrder, on CANCELLED:   salesUpdateOnCancelled(order, refundedAmount)
 *
 * Every amount is net of refunds, as the report shows it: `revenue` and each item's revenue and
 * quantity go down when a paid order is refunded; `refunded` sums the refunds.
 *
 * Why the per-item figures are flat attributes and not a map `items.<menuItemId>`: one UpdateItem
 * cannot create a map entry and ADD to it (the paths overlap, and SET on `items.x.y` fails while
 * `items.x` is missing), and inside a transaction there is no second update to the same item.
 * Top-level attributes can be ADDed to from nothing.
 */
export type SalesRecord = {
  pk: `SALES#${string}`;
  sk: 'SALES';
  businessDate: string;
  /** Orders that reached PAID. Not lowered by a refund. */
  ordersPaid: number;
  /** Orders cancelled, paid or not. */
  ordersCancelled: number;
  /** Paid minus refunded, in cents. */
  revenue: number;
  /** Refunded, in cents. */
  refunded: number;
  currency: string;
} & {
  /** The item's name when it was last sold. */
  [name: `${typeof ITEM_NAME}${string}`]: string;
  /** Drinks sold, net of refunds. */
  [quantity: `${typeof ITEM_QUANTITY}${string}`]: number;
  /** Their line totals (size, milk, extras included), net of refunds. */
  [revenue: `${typeof ITEM_REVENUE}${string}`]: number;
};

export const ITEM_NAME = 'itemName#';
export const ITEM_QUANTITY = 'itemQuantity#';
export const ITEM_REVENUE = 'itemRevenue#';

/** What the sales counters need of an order; an Order (or its stored record) has these fields. */
export type SalesOrder = {
  businessDate: string;
  currency: string;
  total: number;
  lines: { menuItemId: string; name: string; quantity: number; lineTotal: number }[];
};

export function salesKey(businessDate: string): Pick<SalesRecord, 'pk' | 'sk'> {
  return { pk: `SALES#${businessDate}`, sk: 'SALES' };
}

/** The update for an order that became PAID: one more paid order, its total and its lines. */
export function salesUpdateOnPaid(order: SalesOrder): DynamoDBExpression {
  return salesUpdate(order, 'ordersPaid', order.total, 0, 1);
}

/**
 * The update for an order that became CANCELLED: one more cancelled order; when it was refunded
 * (`refundedAmount` > 0), the refund comes off the day's revenue and off its lines.
 */
export function salesUpdateOnCancelled(order: SalesOrder, refundedAmount: number | null | undefined): DynamoDBExpression {
  const refunded = refundedAmount ?? 0;
  return salesUpdate(order, 'ordersCancelled', -refunded, refunded, refunded > 0 ? -1 : 0);
}

/**
 * ADD the counters; `lineSign` is 1 to add the lines, -1 to take them off, 0 to leave them.
 * Lines of one menu item (several sizes, say) are summed first: an expression may not name one
 * attribute twice.
 */
function salesUpdate(order: SalesOrder, counter: 'ordersPaid' | 'ordersCancelled', revenue: number, refunded: number, lineSign: number): DynamoDBExpression {
  const names: Record<string, string> = { '#counter': counter };
  const values: Record<string, unknown> = { ':one': 1, ':revenue': revenue, ':refunded': refunded, ':currency': order.currency, ':date': order.businessDate };
  const adds = ['#counter :one', 'revenue :revenue', 'refunded :refunded'];
  const sets = ['currency = :currency', 'businessDate = :date'];
  if (lineSign !== 0) {
    const perItem: Record<string, { name: string; quantity: number; revenue: number }> = {};
    for (const line of order.lines) {
      const sum = perItem[line.menuItemId] ?? { name: line.name, quantity: 0, revenue: 0 };
      perItem[line.menuItemId] = { name: line.name, quantity: sum.quantity + line.quantity, revenue: sum.revenue + line.lineTotal };
    }
    Object.entries(perItem).forEach(([menuItemId, sum], index) => {
      names[`#n${index}`] = `${ITEM_NAME}${menuItemId}`;
      names[`#q${index}`] = `${ITEM_QUANTITY}${menuItemId}`;
      names[`#r${index}`] = `${ITEM_REVENUE}${menuItemId}`;
      values[`:n${index}`] = sum.name;
      values[`:q${index}`] = lineSign * sum.quantity;
      values[`:r${index}`] = lineSign * sum.revenue;
      sets.push(`#n${index} = :n${index}`);
      adds.push(`#q${index} :q${index}`, `#r${index} :r${index}`);
    });
  }
  return {
    expression: `SET ${sets.join(', ')} ADD ${adds.join(', ')}`,
    expressionNames: names,
    expressionValues: util.dynamodb.toMapValues(values),
  };
}

/** The report for a day; a day without a SALES item is a day of zeros. */
export function toSalesReport(record: SalesRecord | null, businessDate: string, defaultCurrency: string): SalesReport {
  if (!record) {
    return { businessDate, ordersPaid: 0, ordersCancelled: 0, revenue: 0, refunded: 0, currency: defaultCurrency, topItems: [] };
  }
  return {
    businessDate,
    ordersPaid: record.ordersPaid ?? 0,
    ordersCancelled: record.ordersCancelled ?? 0,
    revenue: record.revenue ?? 0,
    refunded: record.refunded ?? 0,
    currency: record.currency ?? defaultCurrency,
    topItems: topItems(record),
  };
}

/** Items with sales, most drinks first, then most revenue, then by name. */
function topItems(record: SalesRecord): SalesLine[] {
  const byKey: Record<string, SalesLine> = {};
  const menuItemIds = Object.keys(record)
    .filter((attribute) => attribute.startsWith(ITEM_QUANTITY))
    .map((attribute) => attribute.slice(ITEM_QUANTITY.length));
  for (const menuItemId of menuItemIds) {
    const quantity = record[`${ITEM_QUANTITY}${menuItemId}`] ?? 0;
    if (quantity > 0) {
      const revenue = record[`${ITEM_REVENUE}${menuItemId}`] ?? 0;
      const name = record[`${ITEM_NAME}${menuItemId}`] ?? menuItemId;
      byKey[[descending(quantity), descending(revenue), name.toLowerCase(), menuItemId].join('|')] = { menuItemId, name, quantity, revenue };
    }
  }
  return inKeyOrder(byKey);
}
