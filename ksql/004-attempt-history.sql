-- State changes per attempt, then attempts (with their state changes) per delivery.
CREATE TABLE IF NOT EXISTS state_changes_by_attempt WITH (KAFKA_TOPIC='${topic_prefix}.ksql.state_changes_by_attempt', KEY_FORMAT='JSON', VALUE_FORMAT='JSON') AS
  SELECT state_change_attempt_id AS changes_attempt_key,
         COLLECT_LIST(state_change) AS state_changes,
         MAX(state_change_lsn) AS state_changes_lsn
  FROM state_changes_latest
  GROUP BY state_change_attempt_id
  EMIT CHANGES;

CREATE TABLE IF NOT EXISTS attempt_histories WITH (KAFKA_TOPIC='${topic_prefix}.ksql.attempt_histories', KEY_FORMAT='JSON', VALUE_FORMAT='JSON') AS
  SELECT a.attempt_key AS history_key,
         a.attempt_delivery_id AS history_delivery_id,
         STRUCT(
           `id` := a.attempt_key,
           `number` := a.attempt_number,
           `status` := a.attempt_status,
           `created_at` := a.attempt_created_at,
           `updated_at` := a.attempt_updated_at,
           `state_changes` := COALESCE(s.state_changes, ARRAY[])
         ) AS attempt,
         GREATEST(a.attempt_lsn, COALESCE(s.state_changes_lsn, 0)) AS history_lsn
  FROM attempts_latest a
  LEFT JOIN state_changes_by_attempt s ON a.attempt_key = s.changes_attempt_key
  EMIT CHANGES;

CREATE TABLE IF NOT EXISTS attempts_by_delivery WITH (KAFKA_TOPIC='${topic_prefix}.ksql.attempts_by_delivery', KEY_FORMAT='JSON', VALUE_FORMAT='JSON') AS
  SELECT history_delivery_id AS attempts_delivery_key,
         COLLECT_LIST(attempt) AS attempts,
         MAX(history_lsn) AS attempts_lsn
  FROM attempt_histories
  GROUP BY history_delivery_id
  EMIT CHANGES;
