-- Preparation (paid -> ready) and collection wait (ready -> collected) in seconds, p50 and p90,
-- per hour of the day the order was paid (UTC). Orders of the business dates :from..:to that
-- became ready; the wait counts collected orders only.
-- params: from:date to:date dt_from:first_partition
-- columns: hour_of_day:int orders:int prep_p50:int prep_p90:int wait_p50:int wait_p90:int
WITH timed AS (
  SELECT detail.orderId AS order_id,
    max(from_iso8601_timestamp(detail.paidAt)) AS paid_at,
    max(from_iso8601_timestamp(detail.readyAt)) AS ready_at,
    max(from_iso8601_timestamp(detail.collectedAt)) AS collected_at
  FROM events
  WHERE dt >= :dt_from AND detail_type IN ('Order Ready', 'Order Collected') AND detail.businessDate BETWEEN :from AND :to
  GROUP BY detail.orderId
),
spans AS (
  SELECT hour(paid_at) AS h, date_diff('second', paid_at, ready_at) AS prep, date_diff('second', ready_at, collected_at) AS wait
  FROM timed
  WHERE paid_at IS NOT NULL AND ready_at IS NOT NULL
)
SELECT h AS hour_of_day, count(*) AS orders,
  approx_percentile(prep, 0.5) AS prep_p50, approx_percentile(prep, 0.9) AS prep_p90,
  approx_percentile(wait, 0.5) AS wait_p50, approx_percentile(wait, 0.9) AS wait_p90
FROM spans
GROUP BY h
ORDER BY h
