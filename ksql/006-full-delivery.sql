-- The FullDelivery view: same topic, key (the delivery id as JSON) and value shape as the
-- built-in view stage (FULL_DELIVERY in libs/shared/contracts). The drift test
-- (libs/pipeline/stages/src/ksql/ksql-drift.spec.ts) fails if a field or the topic differs.
CREATE TABLE IF NOT EXISTS deliveries_with_history WITH (KAFKA_TOPIC='${topic_prefix}.ksql.deliveries_with_history', KEY_FORMAT='JSON', VALUE_FORMAT='JSON') AS
  SELECT d.delivery_key AS dwh_key,
         d.order_id AS dwh_order_id,
         d.delivery_type AS dwh_delivery_type,
         d.delivery_status AS dwh_status,
         d.notes AS dwh_notes,
         d.dispatch_at AS dwh_dispatch_at,
         d.mileage AS dwh_mileage,
         d.delivery_created_at AS dwh_created_at,
         d.delivery_updated_at AS dwh_updated_at,
         dd.details AS details,
         COALESCE(h.attempts, ARRAY[]) AS attempts,
         GREATEST(d.delivery_lsn, COALESCE(dd.details_lsn, 0), COALESCE(h.attempts_lsn, 0)) AS dwh_lsn
  FROM deliveries_latest d
  LEFT JOIN details_by_delivery dd ON d.delivery_key = dd.details_delivery_key
  LEFT JOIN attempts_by_delivery h ON d.delivery_key = h.attempts_delivery_key
  EMIT CHANGES;

CREATE TABLE IF NOT EXISTS full_delivery WITH (KAFKA_TOPIC='${topic_prefix}.view.full_delivery', KEY_FORMAT='JSON', VALUE_FORMAT='JSON') AS
  SELECT x.dwh_key AS delivery_id,
         AS_VALUE(x.dwh_key) AS `id`,
         x.dwh_order_id AS `order_id`,
         x.dwh_delivery_type AS `delivery_type`,
         x.dwh_status AS `status`,
         x.dwh_notes AS `notes`,
         x.dwh_dispatch_at AS `dispatch_at`,
         x.dwh_mileage AS `mileage`,
         x.dwh_created_at AS `created_at`,
         x.dwh_updated_at AS `updated_at`,
         x.details AS `details`,
         o.`order` AS `order`,
         o.organization AS `organization`,
         o.customer AS `customer`,
         o.items AS `items`,
         x.attempts AS `attempts`,
         GREATEST(x.dwh_lsn, COALESCE(o.enriched_lsn, 0)) AS `version`
  FROM deliveries_with_history x
  LEFT JOIN orders_enriched o ON x.dwh_order_id = o.enriched_order_key
  EMIT CHANGES;
