-- Drinks sold per menu category, net of refunded orders, most sold first. Each order line carries
-- the category its item was in when the order was placed (categoryId, categoryName: placeOrder's
-- loadCategories step), so a later menu change moves no past sale, and the scan is sales_by_item's:
-- the range's partitions only. A category is named as its latest sale in the range was (the
-- category may have been renamed within the range). A line without a category (an event written
-- before order lines carried one) counts under the category id '' named 'Uncategorised'.
-- params: from:date to:date dt_from:first_partition
-- columns: category_id:string name:string quantity:int revenue:int
WITH paid AS (
  SELECT detail.orderId AS order_id, max_by(detail.lines, detail.version) AS lines, max(detail.paidAt) AS paid_at
  FROM events
  WHERE dt >= :dt_from AND detail_type = 'Order Paid' AND detail.businessDate BETWEEN :from AND :to
  GROUP BY detail.orderId
),
refunded AS (
  SELECT DISTINCT detail.orderId AS order_id
  FROM events
  WHERE dt >= :dt_from AND detail_type = 'Refund Issued' AND detail.businessDate BETWEEN :from AND :to
),
kept AS (
  SELECT p.order_id, p.lines, p.paid_at
  FROM paid p LEFT JOIN refunded r ON r.order_id = p.order_id
  WHERE r.order_id IS NULL AND cardinality(p.lines) > 0
),
sold AS (
  SELECT coalesce(k.lines[t.i].categoryId, '') AS cat_id, k.lines[t.i].categoryName AS cat_name, k.paid_at,
    k.lines[t.i].quantity AS qty, k.lines[t.i].lineTotal AS line_total
  FROM kept k CROSS JOIN UNNEST(sequence(1, cardinality(k.lines))) AS t (i)
)
SELECT cat_id AS category_id,
  CASE WHEN cat_id = '' THEN 'Uncategorised' ELSE coalesce(max_by(cat_name, paid_at), max(cat_name), cat_id) END AS name,
  sum(qty) AS quantity, sum(line_total) AS revenue
FROM sold
GROUP BY cat_id
ORDER BY quantity DESC, category_id
