-- Latest state per row as TABLES (never windowed stream joins: a WITHIN window silently drops
-- an update made after it closes). LATEST_BY_OFFSET(x, false) keeps nulls, so a column set to
-- null is not mistaken for "unchanged"; HAVING drops a deleted row (ksqlDB emits a tombstone).

CREATE TABLE IF NOT EXISTS organizations_latest WITH (KAFKA_TOPIC='${topic_prefix}.ksql.organizations_latest', KEY_FORMAT='JSON', VALUE_FORMAT='JSON') AS
  SELECT COALESCE(after->id, before->id) AS organization_key,
         LATEST_BY_OFFSET(after->name, false) AS org_name,
         LATEST_BY_OFFSET(source->lsn) AS org_lsn
  FROM cdc_organizations
  GROUP BY COALESCE(after->id, before->id)
  HAVING LATEST_BY_OFFSET(op) <> 'd'
  EMIT CHANGES;

CREATE TABLE IF NOT EXISTS customers_latest WITH (KAFKA_TOPIC='${topic_prefix}.ksql.customers_latest', KEY_FORMAT='JSON', VALUE_FORMAT='JSON') AS
  SELECT COALESCE(after->id, before->id) AS customer_key,
         LATEST_BY_OFFSET(after->first_name, false) AS first_name,
         LATEST_BY_OFFSET(after->last_name, false) AS last_name,
         LATEST_BY_OFFSET(after->email, false) AS email,
         LATEST_BY_OFFSET(after->phone, false) AS phone,
         LATEST_BY_OFFSET(source->lsn) AS customer_lsn
  FROM cdc_customers
  GROUP BY COALESCE(after->id, before->id)
  HAVING LATEST_BY_OFFSET(op) <> 'd'
  EMIT CHANGES;

CREATE TABLE IF NOT EXISTS products_latest WITH (KAFKA_TOPIC='${topic_prefix}.ksql.products_latest', KEY_FORMAT='JSON', VALUE_FORMAT='JSON') AS
  SELECT COALESCE(after->id, before->id) AS product_key,
         LATEST_BY_OFFSET(after->name, false) AS product_name,
         LATEST_BY_OFFSET(after->sku, false) AS sku,
         LATEST_BY_OFFSET(CAST(after->price AS DOUBLE), false) AS price,
         LATEST_BY_OFFSET(source->lsn) AS product_lsn
  FROM cdc_products
  GROUP BY COALESCE(after->id, before->id)
  HAVING LATEST_BY_OFFSET(op) <> 'd'
  EMIT CHANGES;

CREATE TABLE IF NOT EXISTS orders_latest WITH (KAFKA_TOPIC='${topic_prefix}.ksql.orders_latest', KEY_FORMAT='JSON', VALUE_FORMAT='JSON') AS
  SELECT COALESCE(after->id, before->id) AS order_key,
         LATEST_BY_OFFSET(after->organization_id, false) AS organization_id,
         LATEST_BY_OFFSET(after->customer_id, false) AS customer_id,
         LATEST_BY_OFFSET(after->po, false) AS po,
         LATEST_BY_OFFSET(after->priority, false) AS priority,
         LATEST_BY_OFFSET(after->status, false) AS order_status,
         LATEST_BY_OFFSET(FORMAT_DATE(FROM_DAYS(after->order_date), 'yyyy-MM-dd'), false) AS order_date,
         LATEST_BY_OFFSET(after->created_at, false) AS order_created_at,
         LATEST_BY_OFFSET(after->updated_at, false) AS order_updated_at,
         LATEST_BY_OFFSET(source->lsn) AS order_lsn
  FROM cdc_orders
  GROUP BY COALESCE(after->id, before->id)
  HAVING LATEST_BY_OFFSET(op) <> 'd'
  EMIT CHANGES;

CREATE TABLE IF NOT EXISTS order_items_latest WITH (KAFKA_TOPIC='${topic_prefix}.ksql.order_items_latest', KEY_FORMAT='JSON', VALUE_FORMAT='JSON') AS
  SELECT COALESCE(after->id, before->id) AS item_key,
         LATEST_BY_OFFSET(after->order_id, false) AS item_order_id,
         LATEST_BY_OFFSET(after->product_id, false) AS product_id,
         LATEST_BY_OFFSET(after->quantity, false) AS quantity,
         LATEST_BY_OFFSET(source->lsn) AS item_lsn
  FROM cdc_order_items
  GROUP BY COALESCE(after->id, before->id)
  HAVING LATEST_BY_OFFSET(op) <> 'd'
  EMIT CHANGES;

CREATE TABLE IF NOT EXISTS deliveries_latest WITH (KAFKA_TOPIC='${topic_prefix}.ksql.deliveries_latest', KEY_FORMAT='JSON', VALUE_FORMAT='JSON') AS
  SELECT COALESCE(after->id, before->id) AS delivery_key,
         LATEST_BY_OFFSET(after->order_id, false) AS order_id,
         LATEST_BY_OFFSET(after->delivery_type, false) AS delivery_type,
         LATEST_BY_OFFSET(after->status, false) AS delivery_status,
         LATEST_BY_OFFSET(after->notes, false) AS notes,
         LATEST_BY_OFFSET(after->dispatch_at, false) AS dispatch_at,
         LATEST_BY_OFFSET(after->mileage, false) AS mileage,
         LATEST_BY_OFFSET(after->created_at, false) AS delivery_created_at,
         LATEST_BY_OFFSET(after->updated_at, false) AS delivery_updated_at,
         LATEST_BY_OFFSET(source->lsn) AS delivery_lsn
  FROM cdc_deliveries
  GROUP BY COALESCE(after->id, before->id)
  HAVING LATEST_BY_OFFSET(op) <> 'd'
  EMIT CHANGES;

-- Keyed by delivery_id (unique), so deliveries join it on their primary key.
CREATE TABLE IF NOT EXISTS details_by_delivery WITH (KAFKA_TOPIC='${topic_prefix}.ksql.details_by_delivery', KEY_FORMAT='JSON', VALUE_FORMAT='JSON') AS
  SELECT COALESCE(after->delivery_id, before->delivery_id) AS details_delivery_key,
         LATEST_BY_OFFSET(STRUCT(
           `id` := after->id,
           `from_contact_name` := after->from_contact_name, `from_address` := after->from_address,
           `from_city` := after->from_city, `from_state` := after->from_state, `from_zip` := after->from_zip,
           `from_country` := after->from_country, `from_phone_number` := after->from_phone_number,
           `from_instructions` := after->from_instructions,
           `to_contact_name` := after->to_contact_name, `to_address` := after->to_address,
           `to_city` := after->to_city, `to_state` := after->to_state, `to_zip` := after->to_zip,
           `to_country` := after->to_country, `to_phone_number` := after->to_phone_number,
           `to_instructions` := after->to_instructions
         ), false) AS details,
         LATEST_BY_OFFSET(source->lsn) AS details_lsn
  FROM cdc_delivery_details
  GROUP BY COALESCE(after->delivery_id, before->delivery_id)
  HAVING LATEST_BY_OFFSET(op) <> 'd'
  EMIT CHANGES;

CREATE TABLE IF NOT EXISTS attempts_latest WITH (KAFKA_TOPIC='${topic_prefix}.ksql.attempts_latest', KEY_FORMAT='JSON', VALUE_FORMAT='JSON') AS
  SELECT COALESCE(after->id, before->id) AS attempt_key,
         LATEST_BY_OFFSET(after->delivery_id, false) AS attempt_delivery_id,
         LATEST_BY_OFFSET(after->number, false) AS attempt_number,
         LATEST_BY_OFFSET(after->status, false) AS attempt_status,
         LATEST_BY_OFFSET(after->created_at, false) AS attempt_created_at,
         LATEST_BY_OFFSET(after->updated_at, false) AS attempt_updated_at,
         LATEST_BY_OFFSET(source->lsn) AS attempt_lsn
  FROM cdc_attempts
  GROUP BY COALESCE(after->id, before->id)
  HAVING LATEST_BY_OFFSET(op) <> 'd'
  EMIT CHANGES;

CREATE TABLE IF NOT EXISTS state_changes_latest WITH (KAFKA_TOPIC='${topic_prefix}.ksql.state_changes_latest', KEY_FORMAT='JSON', VALUE_FORMAT='JSON') AS
  SELECT COALESCE(after->id, before->id) AS state_change_key,
         LATEST_BY_OFFSET(after->attempt_id, false) AS state_change_attempt_id,
         LATEST_BY_OFFSET(STRUCT(
           `id` := after->id, `state` := after->state, `reason` := after->reason,
           `recorded_by` := after->recorded_by, `created_at` := after->created_at
         ), false) AS state_change,
         LATEST_BY_OFFSET(source->lsn) AS state_change_lsn
  FROM cdc_state_changes
  GROUP BY COALESCE(after->id, before->id)
  HAVING LATEST_BY_OFFSET(op) <> 'd'
  EMIT CHANGES;
