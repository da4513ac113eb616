-- Orders paid per day of the week (ISO: Monday 1 .. Sunday 7) and hour of the day (UTC), over the
-- business dates :from..:to: the week-by-hour heat map. Hours without an order are left out.
-- params: from:date to:date dt_from:first_partition
-- columns: iso_day_of_week:int hour_of_day:int orders:int
WITH paid AS (
  SELECT detail.orderId AS order_id, min(from_iso8601_timestamp(detail.paidAt)) AS event_at
  FROM events
  WHERE dt >= :dt_from AND detail_type = 'Order Paid' AND detail.businessDate BETWEEN :from AND :to
  GROUP BY detail.orderId
),
slots AS (
  SELECT day_of_week(event_at) AS d, hour(event_at) AS h FROM paid
)
SELECT d AS iso_day_of_week, h AS hour_of_day, count(*) AS orders
FROM slots
GROUP BY d, h
ORDER BY d, h
