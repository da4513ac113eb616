-- How many customers paid for 1, 2, 3, ... orders in the business dates :from..:to (10 stands for
-- 10 or more), and how many orders those customers paid for.
-- params: from:date to:date dt_from:first_partition
-- columns: orders_per_customer:int customers:int orders:int
WITH per_customer AS (
  SELECT detail.customerId AS customer_id, count(DISTINCT detail.orderId) AS paid_orders
  FROM events
  WHERE dt >= :dt_from AND detail_type = 'Order Paid' AND detail.businessDate BETWEEN :from AND :to
  GROUP BY detail.customerId
),
capped AS (
  SELECT least(paid_orders, 10) AS n, paid_orders FROM per_customer
)
SELECT n AS orders_per_customer, count(*) AS customers, sum(paid_orders) AS orders
FROM capped
GROUP BY n
ORDER BY n
