import { TransactionBlockSchema, transactionTopic } from '@dsm/contracts';
import type { ConsumedRecord } from '@dsm/eventlog';
import type { UnitRole } from '../shared/unit-assembler';
import { parseTransactionRecord } from './etl.mapper';

/**
 * Raw records by source transaction: change events are members (slot = total_order, collection =
 * `public.<table>` as Debezium's END names it), END closes the unit with per-table counts, BEGIN
 * and tombstones carry nothing to apply. A malformed record that still names its transaction
 * stays a member (it is dead-lettered when the unit is applied, so the unit can complete); one
 * that does not is handled on its own.
 */
export function classifyRawRecord(prefix: string): (record: ConsumedRecord) => UnitRole {
  const txTopic = transactionTopic(prefix);
  const collectionOf = (topic: string) => topic.slice(prefix.length + 1);
  return (record) => {
    if (record.topic === txTopic) {
      try {
        const event = parseTransactionRecord(record);
        if (event.status === 'BEGIN') return { kind: 'skip' };
        const expected = event.data_collections
          ? new Map(event.data_collections.map((entry) => [entry.data_collection, entry.event_count]))
          : new Map([['*', event.event_count ?? 0]]);
        return { kind: 'end', unit: event.id, expected };
      } catch {
        return { kind: 'standalone' };
      }
    }
    if (record.value === null) return { kind: 'skip' };
    const block = peekTransaction(record.value);
    if (!block) return { kind: 'standalone' };
    return { kind: 'member', unit: block.id, slot: String(block.total_order), collection: collectionOf(record.topic) };
  };
}

function peekTransaction(value: string) {
  try {
    const parsed = TransactionBlockSchema.safeParse((JSON.parse(value) as { transaction?: unknown })?.transaction);
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
