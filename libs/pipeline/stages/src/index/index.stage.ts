import { AGGREGATES, OUTBOX_AGGREGATES, dlqTopic, outboxTopic, stageEventsTopic, viewTopic } from '@dsm/contracts';
import type { ConsumedRecord, EventLog, OutgoingRecord, PipelineStage, StageReporter } from '@dsm/eventlog';
import type { SearchIndex } from '@dsm/search';
import { createConsumerStage, type StageCounters } from '../shared/consumer-stage';
import { deadLetterRecord, stageEvent } from '../shared/reporting';
import { mergeTraces, sourceTsOf, viewTracesOf, type SourceTrace } from '../shared/source-traces';
import { createUnitAssembler } from '../shared/unit-assembler';
import { INDEX_DEFINITIONS } from './index-definitions';
import { classifyIndexRecord, groupByIndex, mapIndexRecord, type IndexOperation } from './index.mapper';
import { withBackoff, type RetryOptions } from './retry';

export interface IndexStageDeps {
  log: EventLog;
  search: SearchIndex;
  prefix: string;
  groupId?: string;
  maxBatchSize?: number;
  retry?: Partial<RetryOptions>;
  /** Stage events; by default the stage reports on `log` itself. */
  reporter?: Pick<StageReporter, 'report'>;
  now?: () => number;
}

export const INDEX_GROUP = 'dsm-index';

export const indexInputTopics = (prefix: string): string[] => [
  ...AGGREGATES.map((aggregate) => viewTopic(prefix, aggregate.name)),
  ...OUTBOX_AGGREGATES.map((aggregate) => outboxTopic(prefix, aggregate)),
];

/**
 * index: view documents and outbox events → the search indices, with the source version as the
 * external version (an older document never overwrites a newer one). A view group is written
 * only once complete, in one bulk call per index; a store outage (the adapter throws
 * SearchStoreUnavailableError) is retried with back-off and then thrown, so the batch is
 * redelivered; only a document the store rejects for itself goes to `<prefix>.dlq.index`.
 */
export function createIndexStage(deps: IndexStageDeps): PipelineStage {
  const { log, search, prefix } = deps;
  const now = deps.now ?? Date.now;
  const retry: RetryOptions = { attempts: 5, baseDelayMs: 200, maxDelayMs: 5_000, ...deps.retry };
  const assembler = createUnitAssembler(classifyIndexRecord);

  const mapAll = (records: ConsumedRecord[], counters: StageCounters, out: OutgoingRecord[]) => {
    const operations: IndexOperation[] = [];
    for (const record of records) {
      try {
        operations.push(mapIndexRecord(prefix, record));
      } catch (error) {
        counters.deadLetters += 1;
        out.push(deadLetterRecord(prefix, 'index', record, error, now()));
      }
    }
    return operations;
  };

  /**
   * One event per source transaction whose documents this bulk made searchable (a view group
   * lists them all); the key is named only when there is one. Records of no transaction (a
   * snapshot) make one event without a trace id.
   */
  const indexEvents = (index: string, operations: IndexOperation[], traces: SourceTrace[]) => {
    const first = operations[0];
    const named = traces.length ? traces : [{ tx: null, sourceTs: sourceTsOf(first.record) }];
    return named.map((trace) => stageEvent('index', {
      traceId: trace.tx, lsn: first.operation.version, entity: index, key: named.length === 1 ? first.operation.id : null, sourceTs: trace.sourceTs, batch: operations.length,
    }, now()));
  };

  const write = async (index: string, operations: IndexOperation[], traces: SourceTrace[], counters: StageCounters, out: OutgoingRecord[]) => {
    const results = await withBackoff(() => search.bulk(index, operations.map((item) => item.operation)), retry);
    results.forEach((result, position) => {
      if (result.status !== 'error') return;
      counters.deadLetters += 1;
      out.push(deadLetterRecord(prefix, 'index', operations[position].record, result.error ?? 'rejected by the search index', now()));
    });
    counters.events.push(...indexEvents(index, operations, traces));
  };

  return createConsumerStage({
    name: 'index',
    log,
    prefix,
    reporter: deps.reporter,
    subscribe: { groupId: deps.groupId ?? INDEX_GROUP, topics: indexInputTopics(prefix), maxBatchSize: deps.maxBatchSize ?? 1000 },
    prepare: async () => {
      await log.ensureTopics([
        ...AGGREGATES.map((aggregate) => ({ name: viewTopic(prefix, aggregate.name), compacted: true })),
        ...OUTBOX_AGGREGATES.map((aggregate) => ({ name: outboxTopic(prefix, aggregate) })),
        { name: dlqTopic(prefix, 'index') },
        { name: stageEventsTopic(prefix) },
      ]);
      for (const definition of INDEX_DEFINITIONS) await withBackoff(() => search.ensureIndex(definition), retry);
    },
    handle: async (batch, counters) => {
      const { ready, pending, commit } = assembler.accept(batch.records);
      const out: OutgoingRecord[] = [];
      const operations = mapAll(ready.flatMap((unit) => unit.members), counters, out);
      const tracesOfUnit = new Map(ready.flatMap((unit) => {
        const traces = viewTracesOf(unit.members);
        return unit.members.map((member) => [member, traces] as const);
      }));
      const tracesIn = (group: IndexOperation[]) => mergeTraces(group.flatMap((item) => tracesOfUnit.get(item.record) ?? []));
      // The indices are written side by side: each bulk is its own transaction on its own
      // connection, so none need wait for another's statement and commit. All settle before the
      // batch is answered (a failure redelivers it; versioned writes make the rewrite harmless).
      const writes = await Promise.allSettled([...groupByIndex(operations)].map(([index, group]) => write(index, group, tracesIn(group), counters, out)));
      const failed = writes.find((outcome) => outcome.status === 'rejected');
      if (failed) throw failed.reason;
      if (out.length) await log.produce(out);
      commit();
      return { pending };
    },
  });
}
