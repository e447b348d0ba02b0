-- Raw Debezium change events (JsonConverter, schemas.enable=false) as streams.
-- Only the columns the FullDelivery view needs are declared; ksqlDB ignores the rest.
-- Encodings follow connectors/: dates are days since epoch, numerics are strings.

CREATE STREAM IF NOT EXISTS cdc_organizations (
  before STRUCT<id BIGINT>,
  after STRUCT<id BIGINT, name VARCHAR>,
  source STRUCT<lsn BIGINT, ts_ms BIGINT>,
  op VARCHAR
) WITH (KAFKA_TOPIC='${topic_prefix}.public.organizations', VALUE_FORMAT='JSON');

CREATE STREAM IF NOT EXISTS cdc_customers (
  before STRUCT<id BIGINT>,
  after STRUCT<id BIGINT, first_name VARCHAR, last_name VARCHAR, email VARCHAR, phone VARCHAR>,
  source STRUCT<lsn BIGINT, ts_ms BIGINT>,
  op VARCHAR
) WITH (KAFKA_TOPIC='${topic_prefix}.public.customers', VALUE_FORMAT='JSON');

CREATE STREAM IF NOT EXISTS cdc_products (
  before STRUCT<id BIGINT>,
  after STRUCT<id BIGINT, name VARCHAR, sku VARCHAR, price VARCHAR>,
  source STRUCT<lsn BIGINT, ts_ms BIGINT>,
  op VARCHAR
) WITH (KAFKA_TOPIC='${topic_prefix}.public.products', VALUE_FORMAT='JSON');

CREATE STREAM IF NOT EXISTS cdc_orders (
  before STRUCT<id BIGINT>,
  after STRUCT<id BIGINT, organization_id BIGINT, customer_id BIGINT, po VARCHAR, priority VARCHAR, status VARCHAR,
               order_date INTEGER, created_at VARCHAR, updated_at VARCHAR>,
  source STRUCT<lsn BIGINT, ts_ms BIGINT>,
  op VARCHAR
) WITH (KAFKA_TOPIC='${topic_prefix}.public.orders', VALUE_FORMAT='JSON');

CREATE STREAM IF NOT EXISTS cdc_order_items (
  before STRUCT<id BIGINT>,
  after STRUCT<id BIGINT, order_id BIGINT, product_id BIGINT, quantity INTEGER>,
  source STRUCT<lsn BIGINT, ts_ms BIGINT>,
  op VARCHAR
) WITH (KAFKA_TOPIC='${topic_prefix}.public.order_items', VALUE_FORMAT='JSON');

CREATE STREAM IF NOT EXISTS cdc_deliveries (
  before STRUCT<id BIGINT>,
  after STRUCT<id BIGINT, order_id BIGINT, delivery_type VARCHAR, status VARCHAR, notes VARCHAR, dispatch_at VARCHAR,
               mileage INTEGER, created_at VARCHAR, updated_at VARCHAR>,
  source STRUCT<lsn BIGINT, ts_ms BIGINT>,
  op VARCHAR
) WITH (KAFKA_TOPIC='${topic_prefix}.public.deliveries', VALUE_FORMAT='JSON');

CREATE STREAM IF NOT EXISTS cdc_delivery_details (
  before STRUCT<id BIGINT, delivery_id BIGINT>,
  after STRUCT<id BIGINT, delivery_id BIGINT,
               from_contact_name VARCHAR, from_address VARCHAR, from_city VARCHAR, from_state VARCHAR, from_zip VARCHAR,
               from_country VARCHAR, from_phone_number VARCHAR, from_instructions VARCHAR,
               to_contact_name VARCHAR, to_address VARCHAR, to_city VARCHAR, to_state VARCHAR, to_zip VARCHAR,
               to_country VARCHAR, to_phone_number VARCHAR, to_instructions VARCHAR>,
  source STRUCT<lsn BIGINT, ts_ms BIGINT>,
  op VARCHAR
) WITH (KAFKA_TOPIC='${topic_prefix}.public.delivery_details', VALUE_FORMAT='JSON');

CREATE STREAM IF NOT EXISTS cdc_attempts (
  before STRUCT<id BIGINT>,
  after STRUCT<id BIGINT, delivery_id BIGINT, number INTEGER, status VARCHAR, created_at VARCHAR, updated_at VARCHAR>,
  source STRUCT<lsn BIGINT, ts_ms BIGINT>,
  op VARCHAR
) WITH (KAFKA_TOPIC='${topic_prefix}.public.attempts', VALUE_FORMAT='JSON');

CREATE STREAM IF NOT EXISTS cdc_state_changes (
  before STRUCT<id BIGINT>,
  after STRUCT<id BIGINT, attempt_id BIGINT, state VARCHAR, reason VARCHAR, recorded_by VARCHAR, created_at VARCHAR>,
  source STRUCT<lsn BIGINT, ts_ms BIGINT>,
  op VARCHAR
) WITH (KAFKA_TOPIC='${topic_prefix}.public.state_changes', VALUE_FORMAT='JSON');
