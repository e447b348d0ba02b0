/**
 * Topic names. Every stage derives its topics from the configured prefix (TOPIC_PREFIX, default
 * "dsm") so that the built-in pipeline and Debezium/ksqlDB produce and read the same names.
 */
export const DEFAULT_TOPIC_PREFIX = 'dsm';

/** Debezium's change-event topic for a captured table: `<prefix>.public.<table>`. */
export const rawTopic = (prefix: string, table: string): string => `${prefix}.public.${table}`;

/** Debezium's transaction metadata topic: BEGIN/END records. */
export const transactionTopic = (prefix: string): string => `${prefix}.transaction`;

/** Typed, unwrapped latest state of one entity (or a tombstone). */
export const cleanTopic = (prefix: string, entity: string): string => `${prefix}.clean.${entity}`;

/** Orders forwarded per destination city (seed 002), created on demand. */
export const cityOrdersTopic = (prefix: string, city: string): string =>
  `${prefix}.orders.city.${slugify(city)}`;

/** Outbox events routed by aggregate type (Debezium outbox event router semantics). */
export const outboxTopic = (prefix: string, aggregateType: string): string =>
  `${prefix}.outbox.${aggregateType}`;

/** Compacted materialized views, keyed by root id; a tombstone when the root is deleted. */
export const viewTopic = (prefix: string, aggregate: string): string => `${prefix}.view.${aggregate}`;

/** Every stage reports here (see stage-event.schema.ts). */
export const stageEventsTopic = (prefix: string): string => `${prefix}.pipeline.stage-events`;

/** Heartbeats written by the capture stage so an idle database still advances the slot. */
export const heartbeatTopic = (prefix: string): string => `${prefix}.heartbeat`;

/** Records a stage could not process, with the error and the original record. */
export const dlqTopic = (prefix: string, stage: string): string => `${prefix}.dlq.${stage}`;

export function slugify(value: string): string {
  const slug = value
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return slug || 'unknown';
}
