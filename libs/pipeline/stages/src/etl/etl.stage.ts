import { CAPTURED_TABLES, CLEAN_ENTITIES, cleanTopic, dlqTopic, rawTopic, stageEventsTopic, transactionTopic } from '@dsm/contracts';
import type { ConsumedRecord, EventLog, OutgoingRecord, PipelineStage, StageReporter } from '@dsm/eventlog';
import { createConsumerStage, type StageCounters } from '../shared/consumer-stage';
import { HEADER, TRANSACTION_ENTITY } from '../shared/headers';
import { deadLetterRecord, stageEvent } from '../shared/reporting';
import { createUnitAssembler, type ReadyUnit } from '../shared/unit-assembler';
import { classifyRawRecord } from './etl.classify';
import { mapChangeRecord, mapTransactionRecord, parseTransactionRecord } from './etl.mapper';

export interface EtlStageDeps {
  log: EventLog;
  prefix: string;
  groupId?: string;
  maxBatchSize?: number;
  /** Stage events; by default the stage reports on `log` itself. */
  reporter?: Pick<StageReporter, 'report'>;
  now?: () => number;
}

export const ETL_GROUP = 'dsm-etl';

/** Topics the etl stage reads: every raw change topic and the transaction metadata topic. */
export const etlInputTopics = (prefix: string): string[] => [...CAPTURED_TABLES.map((table) => rawTopic(prefix, table)), transactionTopic(prefix)];

/**
 * etl: raw Debezium envelopes → clean typed topics and routed outbox events, one source
 * transaction at a time: a transaction's clean records, its forwarded END (with the counts of
 * clean records, so the view stage can tell when it has all of them; a BEGIN would tell nobody
 * anything) and its stage events go out in one produce(). Malformed records go to
 * `<prefix>.dlq.etl`; the stage goes on.
 */
export function createEtlStage(deps: EtlStageDeps): PipelineStage {
  const { log, prefix } = deps;
  const now = deps.now ?? Date.now;
  const assembler = createUnitAssembler(classifyRawRecord(prefix));
  const knownTopics = new Set<string>();

  const ensure = async (records: OutgoingRecord[]) => {
    const missing = [...new Set(records.map((record) => record.topic))].filter((topic) => !knownTopics.has(topic));
    if (!missing.length) return;
    await log.ensureTopics(missing.map((name) => ({ name })));
    missing.forEach((topic) => knownTopics.add(topic));
  };

  const applyUnit = (unit: ReadyUnit, counters: StageCounters): OutgoingRecord[] => {
    const out: OutgoingRecord[] = [];
    const counts = new Map<string, number>();
    const reported = new Map<string, ConsumedRecord>();
    for (const record of unit.members) {
      try {
        const mapped = mapChangeRecord(prefix, record);
        out.push(...mapped.records);
        const entity = mapped.entity ?? mapped.records[0]?.topic.slice(prefix.length + 1);
        if (mapped.entity) counts.set(mapped.entity, (counts.get(mapped.entity) ?? 0) + 1);
        if (entity && !reported.has(entity)) reported.set(entity, { ...record, headers: mapped.records[0]?.headers ?? {} });
      } catch (error) {
        counters.deadLetters += 1;
        out.push(deadLetterRecord(prefix, 'etl', record, error, now()));
      }
    }
    if (unit.id && unit.ends.length) {
      const end = parseTransactionRecord(unit.ends[0]);
      out.push(mapTransactionRecord(prefix, end, counts));
    }
    for (const [entity, record] of reported) {
      const headers = record.headers;
      counters.events.push(stageEvent('etl', {
        traceId: unit.id, lsn: Number(headers[HEADER.version] ?? 0) || null, entity, key: record.key,
        sourceTs: headers[HEADER.sourceTs] ? Number(headers[HEADER.sourceTs]) : null, batch: unit.members.length,
      }, now()));
    }
    return out;
  };

  return createConsumerStage({
    name: 'etl',
    log,
    prefix,
    reporter: deps.reporter,
    subscribe: { groupId: deps.groupId ?? ETL_GROUP, topics: etlInputTopics(prefix), maxBatchSize: deps.maxBatchSize ?? 1000 },
    prepare: async () => {
      const topics = [...CLEAN_ENTITIES.map((entity) => cleanTopic(prefix, entity)), cleanTopic(prefix, TRANSACTION_ENTITY), dlqTopic(prefix, 'etl'), stageEventsTopic(prefix), ...etlInputTopics(prefix)];
      await log.ensureTopics(topics.map((name) => ({ name })));
      topics.forEach((topic) => knownTopics.add(topic));
    },
    handle: async (batch, counters) => {
      const { ready, pending, commit } = assembler.accept(batch.records);
      const out = ready.flatMap((unit) => applyUnit(unit, counters));
      if (out.length) {
        await ensure(out);
        await log.produce(out);
      }
      commit();
      return { pending };
    },
  });
}
