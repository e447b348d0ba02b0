import { TransactionEventSchema, cleanTopic, parseRecordValue } from '@dsm/contracts';
import type { ConsumedRecord } from '@dsm/eventlog';
import { HEADER, TRANSACTION_ENTITY } from '../shared/headers';
import type { UnitRole } from '../shared/unit-assembler';

/**
 * Clean records by source transaction: the forwarded END (counts of clean records per entity)
 * closes the unit; tombstones only serve compaction (the delete before them carries the row).
 * Only the entities this stage reads are expected, or a transaction touching another entity
 * would wait forever for records that never come.
 */
export function classifyCleanRecord(prefix: string, entities: readonly string[]): (record: ConsumedRecord) => UnitRole {
  const followed = new Set(entities);
  const txTopic = cleanTopic(prefix, TRANSACTION_ENTITY);
  return (record) => {
    if (record.topic === txTopic) {
      const parsed = TransactionEventSchema.safeParse(parseRecordValue(record.value));
      if (!parsed.success || parsed.data.status === 'BEGIN') return { kind: 'skip' };
      const collections = (parsed.data.data_collections ?? []).filter((entry) => followed.has(entry.data_collection));
      return { kind: 'end', unit: parsed.data.id, expected: new Map(collections.map((entry) => [entry.data_collection, entry.event_count])) };
    }
    if (record.value === null) return { kind: 'skip' };
    const unit = record.headers[HEADER.tx];
    const slot = record.headers[HEADER.order];
    if (!unit || !slot) return { kind: 'standalone' };
    return { kind: 'member', unit, slot, collection: record.topic.slice(`${prefix}.clean.`.length) };
  };
}
