-- Items with their product: a foreign-key table-table join (ksqlDB >= 0.19), so a product
-- change updates every line that refers to it, however late it comes.
CREATE TABLE IF NOT EXISTS order_lines WITH (KAFKA_TOPIC='${topic_prefix}.ksql.order_lines', KEY_FORMAT='JSON', VALUE_FORMAT='JSON') AS
  SELECT i.item_key AS line_key,
         i.item_order_id AS line_order_id,
         STRUCT(
           `id` := i.item_key,
           `quantity` := i.quantity,
           `product` := CASE WHEN p.product_key IS NULL THEN NULL
                             ELSE STRUCT(`id` := p.product_key, `name` := p.product_name, `sku` := p.sku, `price` := p.price) END
         ) AS line,
         GREATEST(i.item_lsn, COALESCE(p.product_lsn, 0)) AS line_lsn
  FROM order_items_latest i
  LEFT JOIN products_latest p ON i.product_id = p.product_key
  EMIT CHANGES;

-- Lines per order. Table aggregations retract the old value of a changed line before adding the
-- new one, so the list always matches the current lines.
CREATE TABLE IF NOT EXISTS lines_by_order WITH (KAFKA_TOPIC='${topic_prefix}.ksql.lines_by_order', KEY_FORMAT='JSON', VALUE_FORMAT='JSON') AS
  SELECT line_order_id AS lines_order_key,
         COLLECT_LIST(line) AS items,
         MAX(line_lsn) AS items_lsn
  FROM order_lines
  GROUP BY line_order_id
  EMIT CHANGES;
