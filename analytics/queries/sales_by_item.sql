-- Drinks sold per menu item, net of refunded orders, most sold first. The item's name is the one
-- it was sold under (the order's line). Orders of the business dates :from..:to (inclusive).
-- params: from:date to:date dt_from:first_partition
-- columns: menu_item_id:string name:string quantity:int revenue:int
--
-- Lines are reached by index (UNNEST of a sequence), not by UNNEST of the array of rows: Trino
-- expands an array of rows into one column per field, DuckDB into one struct column.
WITH paid AS (
  SELECT detail.orderId AS order_id, max_by(detail.lines, detail.version) AS lines
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
  SELECT p.order_id, p.lines
  FROM paid p LEFT JOIN refunded r ON r.order_id = p.order_id
  WHERE r.order_id IS NULL AND cardinality(p.lines) > 0
),
sold AS (
  SELECT k.lines[t.i].menuItemId AS item_id, k.lines[t.i].name AS item_name, k.lines[t.i].quantity AS qty, k.lines[t.i].lineTotal AS line_total
  FROM kept k CROSS JOIN UNNEST(sequence(1, cardinality(k.lines))) AS t (i)
)
SELECT item_id AS menu_item_id, max(item_name) AS name, sum(qty) AS quantity, sum(line_total) AS revenue
FROM sold
GROUP BY item_id
ORDER BY quantity DESC, menu_item_id
