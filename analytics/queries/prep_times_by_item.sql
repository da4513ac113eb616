-- Preparation (paid -> ready) and collection wait (ready -> collected) in seconds, p50 and p90,
-- per menu item: an order counts once for every item on it, whatever the quantity. Orders of the
-- business dates :from..:to that became ready; the wait counts collected orders only.
-- params: from:date to:date dt_from:first_partition
-- columns: menu_item_id:string name:string orders:int prep_p50:int prep_p90:int wait_p50:int wait_p90:int
WITH timed AS (
  SELECT detail.orderId AS order_id,
    max_by(detail.lines, detail.version) AS lines,
    max(from_iso8601_timestamp(detail.paidAt)) AS paid_at,
    max(from_iso8601_timestamp(detail.readyAt)) AS ready_at,
    max(from_iso8601_timestamp(detail.collectedAt)) AS collected_at
  FROM events
  WHERE dt >= :dt_from AND detail_type IN ('Order Ready', 'Order Collected') AND detail.businessDate BETWEEN :from AND :to
  GROUP BY detail.orderId
),
per_item AS (
  SELECT DISTINCT o.order_id, o.lines[t.i].menuItemId AS item_id, o.lines[t.i].name AS item_name,
    date_diff('second', o.paid_at, o.ready_at) AS prep, date_diff('second', o.ready_at, o.collected_at) AS wait
  FROM timed o CROSS JOIN UNNEST(sequence(1, cardinality(o.lines))) AS t (i)
  WHERE o.paid_at IS NOT NULL AND o.ready_at IS NOT NULL AND cardinality(o.lines) > 0
)
SELECT item_id AS menu_item_id, max(item_name) AS name, count(*) AS orders,
  approx_percentile(prep, 0.5) AS prep_p50, approx_percentile(prep, 0.9) AS prep_p90,
  approx_percentile(wait, 0.5) AS wait_p50, approx_percentile(wait, 0.9) AS wait_p90
FROM per_item
GROUP BY item_id
ORDER BY orders DESC, menu_item_id
