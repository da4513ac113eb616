-- The queue over the day: per quarter hour (UTC), the most orders waiting at once and the number
-- waiting at the quarter's last change. An order joins the queue when it is paid and leaves it when
-- it is collected, cancelled or expires (the store's queueLength counts the same). Orders of the
-- business dates :from..:to; quarters in which nothing changed are left out (the queue stayed at
-- the previous quarter's end length).
-- params: from:date to:date dt_from:first_partition
-- columns: bucket:timestamp max_length:int end_length:int
WITH orders AS (
  SELECT detail.orderId AS order_id,
    min(CASE WHEN detail_type = 'Order Paid' THEN from_iso8601_timestamp(detail.occurredAt) END) AS joined_at,
    min(CASE WHEN detail_type <> 'Order Paid' THEN from_iso8601_timestamp(detail.occurredAt) END) AS left_at
  FROM events
  WHERE dt >= :dt_from AND detail_type IN ('Order Paid', 'Order Collected', 'Order Cancelled', 'Order Expired')
    AND detail.businessDate BETWEEN :from AND :to
  GROUP BY detail.orderId
),
moves AS (
  SELECT joined_at AS event_at, 1 AS delta FROM orders WHERE joined_at IS NOT NULL
  UNION ALL
  SELECT left_at AS event_at, -1 AS delta FROM orders WHERE joined_at IS NOT NULL AND left_at IS NOT NULL
),
running AS (
  -- At one instant, leaving counts before joining (delta -1 first), so no moment is overcounted.
  SELECT sum(delta) OVER (ORDER BY event_at, delta ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS queued,
    row_number() OVER (ORDER BY event_at, delta) AS seq,
    floor(to_unixtime(event_at) / 900) AS quarter
  FROM moves
)
SELECT to_iso8601(from_unixtime(quarter * 900)) AS bucket, max(queued) AS max_length, max_by(queued, seq) AS end_length
FROM running
GROUP BY quarter
ORDER BY quarter
