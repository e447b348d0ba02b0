-- An order with its customer, its organization and its lines: one foreign-key join per
-- statement (ksqlDB does not chain foreign-key joins inside one n-way join).
CREATE TABLE IF NOT EXISTS orders_with_customer WITH (KAFKA_TOPIC='${topic_prefix}.ksql.orders_with_customer', KEY_FORMAT='JSON', VALUE_FORMAT='JSON') AS
  SELECT o.order_key AS owc_key,
         o.organization_id AS owc_organization_id,
         STRUCT(`id` := o.order_key, `po` := o.po, `priority` := o.priority, `status` := o.order_status,
                `order_date` := o.order_date, `created_at` := o.order_created_at, `updated_at` := o.order_updated_at) AS `order`,
         CASE WHEN c.customer_key IS NULL THEN NULL
              ELSE STRUCT(`id` := c.customer_key, `first_name` := c.first_name, `last_name` := c.last_name,
                          `email` := c.email, `phone` := c.phone) END AS customer,
         GREATEST(o.order_lsn, COALESCE(c.customer_lsn, 0)) AS owc_lsn
  FROM orders_latest o
  LEFT JOIN customers_latest c ON o.customer_id = c.customer_key
  EMIT CHANGES;

CREATE TABLE IF NOT EXISTS orders_enriched WITH (KAFKA_TOPIC='${topic_prefix}.ksql.orders_enriched', KEY_FORMAT='JSON', VALUE_FORMAT='JSON') AS
  SELECT w.owc_key AS enriched_order_key,
         w.`order` AS `order`,
         w.customer AS customer,
         CASE WHEN g.organization_key IS NULL THEN NULL ELSE STRUCT(`id` := g.organization_key, `name` := g.org_name) END AS organization,
         COALESCE(l.items, ARRAY[]) AS items,
         GREATEST(w.owc_lsn, COALESCE(g.org_lsn, 0), COALESCE(l.items_lsn, 0)) AS enriched_lsn
  FROM orders_with_customer w
  LEFT JOIN organizations_latest g ON w.owc_organization_id = g.organization_key
  LEFT JOIN lines_by_order l ON w.owc_key = l.lines_order_key
  EMIT CHANGES;
