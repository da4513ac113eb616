-- Drinks sold per menu category, net of refunded orders, most sold first. Order events name the
-- menu item, not its category: the category is the item's latest one in the lake's Menu Item
-- Changed events, and its name the latest Category Changed name. An item the lake has no menu
-- event for counts under the category id '' (named 'Uncategorised').
-- params: from:date to:date dt_from:first_partition
-- columns: category_id:string name:string quantity:int revenue:int
--
-- The menu's events are read from every partition: a menu item may have last changed long before
-- the range. This is the one query whose scan is not bounded by its range (analytics/README.md
-- "The queries"; queries.test.ts pins it as the only one).
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
  SELECT k.lines[t.i].menuItemId AS item_id, k.lines[t.i].quantity AS qty, k.lines[t.i].lineTotal AS line_total
  FROM kept k CROSS JOIN UNNEST(sequence(1, cardinality(k.lines))) AS t (i)
),
menu_items AS (
  SELECT detail.itemId AS item_id, max_by(detail.categoryId, detail.occurredAt) AS category_id
  FROM events
  WHERE detail_type = 'Menu Item Changed'
  GROUP BY detail.itemId
),
categories AS (
  SELECT detail.categoryId AS category_id, max_by(detail.name, detail.occurredAt) AS category_name
  FROM events
  WHERE detail_type = 'Category Changed'
  GROUP BY detail.categoryId
)
SELECT coalesce(m.category_id, '') AS category_id, coalesce(max(c.category_name), 'Uncategorised') AS name,
  sum(s.qty) AS quantity, sum(s.line_total) AS revenue
FROM sold s
LEFT JOIN menu_items m ON m.item_id = s.item_id
LEFT JOIN categories c ON c.category_id = m.category_id
GROUP BY coalesce(m.category_id, '')
ORDER BY quantity DESC, category_id
