import { AGGREGATES, aggregateTables, cleanTopic, dlqTopic, stageEventsTopic, viewTopic, type AggregateDeclaration } from '@dsm/contracts';
import type { ConsumedRecord, EventLog, OutgoingRecord, PipelineStage, StageReporter } from '@dsm/eventlog';
import { randomUUID } from 'node:crypto';
import { createConsumerStage, type StageCounters } from '../shared/consumer-stage';
import { HEADER, TRANSACTION_ENTITY } from '../shared/headers';
import { deadLetterRecord, stageEvent } from '../shared/reporting';
import { encodeTraces, tracesOf, type SourceTrace } from '../shared/source-traces';
import { createUnitAssembler, type ReadyUnit } from '../shared/unit-assembler';
import type { RowChange } from './affected-roots';
import { classifyCleanRecord } from './view.classify';
import { mapCityRoutes, mapDocuments, toRowChange, type ViewUnit } from './view.mapper';
import { createViewRepository, type RebuiltDocument, type ViewRepository } from './view.repository';

export interface ViewStageDeps {
  log: EventLog;
  prefix: string;
  /** The domain database to read aggregates from (the stage owns the pool it opens)… */
  domainUrl?: string;
  /** …or a repository the caller owns. */
  repository?: ViewRepository;
  aggregates?: readonly AggregateDeclaration[];
  groupId?: string;
  maxBatchSize?: number;
  /** Stage events; by default the stage reports on `log` itself. */
  reporter?: Pick<StageReporter, 'report'>;
  now?: () => number;
}

export const VIEW_GROUP = 'dsm-view';

export const viewInputTopics = (prefix: string, aggregates: readonly AggregateDeclaration[] = AGGREGATES): string[] => [
  ...new Set(aggregates.flatMap(aggregateTables)),
].map((table) => cleanTopic(prefix, table)).concat(cleanTopic(prefix, TRANSACTION_ENTITY));

/**
 * view: the built-in materialized view. Complete source transactions of a batch are turned into
 * the set of affected roots, rebuilt from one consistent read (one query per aggregate), and
 * written to the compacted view topics in ONE produce() as one group the index stage applies
 * together. A half-received transaction is held back (pending) until its END and counts arrive.
 */
export function createViewStage(deps: ViewStageDeps): PipelineStage {
  const { log, prefix } = deps;
  const repository = deps.repository ?? (deps.domainUrl ? createViewRepository(deps.domainUrl) : null);
  if (!repository) throw new Error('createViewStage needs domainUrl or repository');
  const aggregates = deps.aggregates ?? AGGREGATES;
  const now = deps.now ?? Date.now;
  const assembler = createUnitAssembler(classifyCleanRecord(prefix, [...new Set(aggregates.flatMap(aggregateTables))]));
  const knownTopics = new Set<string>();
  // City topics appear with the first order for a city (created on demand).
  const ensureTopics = async (records: OutgoingRecord[]) => {
    const missing = [...new Set(records.map((record) => record.topic))].filter((topic) => !knownTopics.has(topic));
    if (missing.length) await log.ensureTopics(missing.map((name) => ({ name })));
    missing.forEach((topic) => knownTopics.add(topic));
  };

  const collectChanges = (units: ReadyUnit[], counters: StageCounters, out: OutgoingRecord[]) => {
    const changes: RowChange[] = [];
    const applied: ConsumedRecord[] = [];
    for (const record of units.flatMap((unit) => unit.members)) {
      try {
        changes.push(toRowChange(prefix, record));
        applied.push(record);
      } catch (error) {
        counters.deadLetters += 1;
        out.push(deadLetterRecord(prefix, 'view', record, error, now()));
      }
    }
    return { changes, applied };
  };

  const describeUnit = (records: ConsumedRecord[], units: ReadyUnit[]): ViewUnit => ({
    id: randomUUID(),
    version: Math.max(0, ...records.map((record) => Number(record.headers[HEADER.version] ?? 0) || 0)),
    tx: units.map((unit) => unit.id).filter((id): id is string => id !== null).at(-1) ?? null,
    sourceTs: records.length ? Math.max(...records.map((record) => Number(record.headers[HEADER.sourceTs] ?? 0) || 0)) : null,
  });

  /**
   * One event per source transaction the batch applied: the documents are rebuilt from one read,
   * so each transaction's part of them is durable with the batch. Which document came from which
   * transaction is not tracked, so the key is named only when the batch holds one transaction.
   */
  const viewEvents = (entity: string, documents: RebuiltDocument[], unit: ViewUnit, traces: SourceTrace[]) =>
    (traces.length ? traces : [{ tx: unit.tx, sourceTs: unit.sourceTs }]).map((trace) => stageEvent('view', {
      traceId: trace.tx, lsn: unit.version, entity, key: traces.length <= 1 ? documents[0].id : null, sourceTs: trace.sourceTs, batch: documents.length,
    }, now()));

  const handle = async (records: ConsumedRecord[], counters: StageCounters) => {
    const { ready, pending, commit } = assembler.accept(records);
    const out: OutgoingRecord[] = [];
    const { changes, applied } = collectChanges(ready, counters, out);
    if (changes.length) {
      const rebuilt = await repository.rebuild(changes, aggregates);
      const unit = describeUnit(applied, ready);
      const traces = tracesOf(applied);
      const size = [...rebuilt.values()].reduce((sum, docs) => sum + docs.length, 0);
      for (const aggregate of aggregates) {
        const documents = rebuilt.get(aggregate.name) ?? [];
        out.push(...mapDocuments(prefix, aggregate, documents, unit, size));
        if (aggregate.name === 'full_order') out.push(...mapCityRoutes(prefix, documents, unit));
        if (documents.length) counters.events.push(...viewEvents(aggregate.name, documents, unit, traces));
      }
      listTraces(out, unit, traces);
    }
    if (out.length) {
      await ensureTopics(out);
      await log.produce(out);
    }
    commit();
    return { pending };
  };

  return createConsumerStage({
    name: 'view',
    log,
    prefix,
    reporter: deps.reporter,
    subscribe: { groupId: deps.groupId ?? VIEW_GROUP, topics: viewInputTopics(prefix, aggregates), maxBatchSize: deps.maxBatchSize ?? 1000 },
    prepare: async () => {
      const topics = [
        ...viewInputTopics(prefix, aggregates).map((name) => ({ name })),
        ...aggregates.map((aggregate) => ({ name: viewTopic(prefix, aggregate.name), compacted: true })),
        { name: dlqTopic(prefix, 'view') },
        { name: stageEventsTopic(prefix) },
      ];
      await log.ensureTopics(topics);
      topics.forEach((topic) => knownTopics.add(topic.name));
    },
    handle: (batch, counters) => handle(batch.records, counters),
    onStop: async () => {
      if (!deps.repository) await repository.close();
    },
  });
}

/**
 * The group's first document record lists every source transaction the group applies, so the
 * index stage can report each of them once the group is searchable.
 */
function listTraces(out: OutgoingRecord[], unit: ViewUnit, traces: SourceTrace[]): void {
  const first = out.findIndex((record) => record.headers?.[HEADER.unit] === unit.id);
  if (first < 0 || traces.length === 0) return;
  out[first] = { ...out[first], headers: { ...out[first].headers, [HEADER.traces]: encodeTraces(traces) } };
}
