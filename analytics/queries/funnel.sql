-- The order funnel of the business dates :from..:to: orders placed, paid and collected; payment
-- failures (attempts: an order may fail and then pay), cancellations, expiries (unpaid past the
-- payment window, or ready and never collected) and refunds, each order counted once.
-- params: from:date to:date dt_from:first_partition
-- columns: placed:int paid:int collected:int payment_failures:int cancelled:int expired:int refunded:int
WITH e AS (
  SELECT detail_type, detail.orderId AS order_id, detail.eventId AS event_id
  FROM events
  WHERE dt >= :dt_from AND source IN ('brewline.orders', 'brewline.payments') AND detail.businessDate BETWEEN :from AND :to
)
SELECT
  count(DISTINCT CASE WHEN detail_type = 'Order Placed' THEN order_id END) AS placed,
  count(DISTINCT CASE WHEN detail_type = 'Order Paid' THEN order_id END) AS paid,
  count(DISTINCT CASE WHEN detail_type = 'Order Collected' THEN order_id END) AS collected,
  count(DISTINCT CASE WHEN detail_type = 'Payment Failed' THEN event_id END) AS payment_failures,
  count(DISTINCT CASE WHEN detail_type = 'Order Cancelled' THEN order_id END) AS cancelled,
  count(DISTINCT CASE WHEN detail_type = 'Order Expired' THEN order_id END) AS expired,
  count(DISTINCT CASE WHEN detail_type = 'Refund Issued' THEN order_id END) AS refunded
FROM e
