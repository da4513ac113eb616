/** Cents to a price label; the API prices in the smallest unit. */
export function money(cents: number, currency = 'EUR'): string {
  return new Intl.NumberFormat('en-IE', { style: 'currency', currency }).format(cents / 100);
}

const STATUS_LABELS: Record<string, string> = {
  PENDING_PAYMENT: 'Waiting for payment',
  PAYMENT_FAILED: 'Payment failed',
  PAID: 'Paid, in the queue',
  PREPARING: 'Being prepared',
  READY: 'Ready to collect',
  COLLECTED: 'Collected',
  CANCELLED: 'Cancelled',
  EXPIRED: 'Expired',
};

export const statusLabel = (status: string): string => STATUS_LABELS[status] ?? status;

const titleCase = (value: string): string => value.charAt(0) + value.slice(1).toLowerCase();

export const sizeLabel = (size: string): string => titleCase(size);
export const milkLabel = (milk: string | null | undefined): string => (milk ? `${titleCase(milk)} milk` : 'no milk');

/** Times in en-IE like the prices, not in the browser's locale: "08:05", the same on every device. */
export function timeOf(iso: string | null | undefined, timeZone?: string): string {
  if (!iso) return '';
  return new Date(iso).toLocaleTimeString('en-IE', { hour: '2-digit', minute: '2-digit', timeZone });
}

/** "2 Dec 2026, 08:05": a moment on a receipt, in en-IE like everything else. */
export function dateTimeOf(iso: string | null | undefined, timeZone?: string): string {
  if (!iso) return '';
  return new Date(iso).toLocaleString('en-IE', { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', timeZone });
}

/** An AWSDate ("2026-12-02", a calendar day, no zone) as "2 Dec 2026". */
export function dayOf(date: string): string {
  return new Date(`${date}T00:00:00Z`).toLocaleDateString('en-IE', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
}

/** An unpaid order has no number yet: the counter gives one at payment. */
export const orderTitle = (order: { orderNumber?: number | null }): string => (order.orderNumber ? `Order ${order.orderNumber}` : 'Your order');

interface LineLike {
  name: string;
  size: string;
  milk?: string | null;
  quantity: number;
  extras: ReadonlyArray<{ name: string; quantity: number }>;
}

/** "2 × Flat white, regular, oat milk, extra shot ×1". */
export function lineText(line: LineLike): string {
  const parts = [`${line.quantity} × ${line.name}`, sizeLabel(line.size).toLowerCase()];
  if (line.milk) parts.push(milkLabel(line.milk).toLowerCase());
  for (const extra of line.extras) parts.push(`${extra.name.toLowerCase()}${extra.quantity > 1 ? ` ×${extra.quantity}` : ''}`);
  return parts.join(', ');
}
