import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  AGGREGATES, CAPTURED_TABLES, DEFAULT_SLOT_NAME, DEFAULT_TOPIC_PREFIX, OutboxRowSchema, PUBLICATION_NAME, UNAVAILABLE_VALUE,
  heartbeatTopic, outboxTopic, rawTopic, transactionTopic, viewTopic,
} from '@dsm/contracts';

const ConnectorSchema = z.object({ name: z.string(), config: z.record(z.string(), z.string()) });
const connectorsDir = path.resolve(import.meta.dirname, '../../../../connectors');
const load = (file: string) => ConnectorSchema.parse(JSON.parse(readFileSync(path.join(connectorsDir, file), 'utf8'))).config;
const source = load('debezium-postgres.json');
const sink = load('elasticsearch-sink.json');
const prefix = DEFAULT_TOPIC_PREFIX;

/** Applies a Kafka Connect RegexRouter (whole-name match) the way the worker does. */
const route = (config: Record<string, string>, transform: string, topic: string) => {
  const regex = new RegExp(`^(?:${config[`transforms.${transform}.regex`]})$`);
  return regex.test(topic) ? topic.replace(regex, config[`transforms.${transform}.replacement`]) : topic;
};

describe('connectors/ agree with libs/shared/contracts', () => {
  it('captures the same tables through the same publication and slot, with the same prefix', () => {
    expect(source['topic.prefix']).toBe(prefix);
    expect(source['plugin.name']).toBe('pgoutput');
    expect(source['publication.name']).toBe(PUBLICATION_NAME);
    expect(source['publication.autocreate.mode']).toBe('disabled');
    expect(source['slot.name']).toBe(DEFAULT_SLOT_NAME);
    expect(source['table.include.list'].split(',').sort()).toEqual(CAPTURED_TABLES.map((table) => `public.${table}`).sort());
  });

  it('writes the value encodings and transaction metadata the built-in capture writes', () => {
    expect(source).toMatchObject({
      'provide.transaction.metadata': 'true', 'decimal.handling.mode': 'string', 'time.precision.mode': 'adaptive',
      'tombstones.on.delete': 'true', 'unavailable.value.placeholder': UNAVAILABLE_VALUE,
      'key.converter.schemas.enable': 'false', 'value.converter.schemas.enable': 'false',
    });
    expect(`${source['topic.prefix']}.${source['topic.transaction']}`).toBe(transactionTopic(prefix));
    expect(route(source, 'heartbeat', `__debezium-heartbeat.${prefix}`)).toBe(heartbeatTopic(prefix));
  });

  it('routes the outbox table by aggregate type with our column names', () => {
    expect(new RegExp(`^${source['predicates.isOutbox.pattern']}$`).test(rawTopic(prefix, 'outbox'))).toBe(true);
    expect(source['transforms.outbox.route.topic.replacement']).toBe(outboxTopic(prefix, '${routedByValue}'));
    const columns = Object.keys(OutboxRowSchema.shape);
    for (const field of ['route.by.field', 'table.field.event.id', 'table.field.event.key', 'table.field.event.payload']) {
      expect(columns).toContain(source[`transforms.outbox.${field}`]);
    }
  });

  it('sinks every view topic into its aggregate\'s index, upserting and deleting on tombstones', () => {
    expect(sink['topics'].split(',').sort()).toEqual(AGGREGATES.map((aggregate) => viewTopic(prefix, aggregate.name)).sort());
    for (const aggregate of AGGREGATES) {
      const index = ['deliveriesIndex', 'ordersIndex'].reduce((topic, transform) => route(sink, transform, topic), viewTopic(prefix, aggregate.name));
      expect(index).toBe(aggregate.index);
    }
    expect(sink).toMatchObject({ 'key.ignore': 'false', 'write.method': 'upsert', 'behavior.on.null.values': 'delete' });
  });

  it('takes every secret from a file config provider', () => {
    const secrets = Object.entries({ ...source, ...sink }).filter(([key]) => /password|user|hostname|connection\.url/.test(key));
    expect(secrets.length).toBeGreaterThan(0);
    for (const [, value] of secrets) expect(value).toMatch(/^\$\{file:[^}]+\}$/);
  });
});
