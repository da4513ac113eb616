-- Sales over time: orders paid, their takings and the refunds, per hour or per day (UTC), each
-- counted when it happened. Orders of the business dates :from..:to (inclusive).
-- params: from:date to:date dt_from:first_partition granularity:granularity
-- columns: bucket:timestamp orders:int revenue:int refunded:int
--
-- Every count is per order id, not per line of the lake: Firehose and EventBridge deliver at least
-- once and a replay writes events again, so a line may be there twice. `dt >= :dt_from` (the day
-- before :from: an object is named by its oldest record's arrival, params.ts) prunes the
-- partitions written before the range (an event lands in the partition of its arrival, never
-- earlier than it happened); the business date decides what is in the range. There is no upper
-- bound: a replay or a late delivery lands in the partition of the day it arrived.
WITH paid AS (
  SELECT detail.orderId AS order_id, min(from_iso8601_timestamp(detail.paidAt)) AS event_at, max(detail.total) AS total
  FROM events
  WHERE dt >= :dt_from AND detail_type = 'Order Paid' AND detail.businessDate BETWEEN :from AND :to
  GROUP BY detail.orderId
),
refunds AS (
  SELECT detail.orderId AS order_id, min(from_iso8601_timestamp(detail.occurredAt)) AS event_at, max(detail.refund.amount) AS amount
  FROM events
  WHERE dt >= :dt_from AND detail_type = 'Refund Issued' AND detail.businessDate BETWEEN :from AND :to
  GROUP BY detail.orderId
),
moves AS (
  SELECT event_at, 1 AS paid_orders, total AS takings, 0 AS refund FROM paid
  UNION ALL
  SELECT event_at, 0 AS paid_orders, 0 AS takings, amount AS refund FROM refunds
),
-- Athena takes a parameter in a WHERE clause only, so the granularity picks a row here rather
-- than being date_trunc's argument.
bucketed AS (
  SELECT CASE g.unit WHEN 'hour' THEN date_trunc('hour', m.event_at) ELSE date_trunc('day', m.event_at) END AS b,
    m.paid_orders, m.takings, m.refund
  FROM moves m CROSS JOIN (VALUES ('hour'), ('day')) AS g (unit)
  WHERE g.unit = :granularity
)
SELECT to_iso8601(b) AS bucket, sum(paid_orders) AS orders, sum(takings) AS revenue, sum(refund) AS refunded
FROM bucketed
GROUP BY b
ORDER BY b
