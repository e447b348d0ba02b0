import { stageEventsOf, stageEventsTopic, type StageEvent } from '@dsm/contracts';
import { createTestDatabase, type TestDatabase } from '@dsm/data/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventLogLogger } from './logger';
import { createPostgresEventLog, type PostgresEventLog } from './postgres/postgres-eventlog.adapter';
import { partitionForKey } from './partitioner';
import { createStageReporter } from './stage-reporter';

const event = (traceId: string, batch: number): StageEvent => ({
  traceId, lsn: 100 + batch, stage: 'etl', entity: 'delivery', key: '{"id":1}', at: Date.now(), latencyMs: 12, batch,
});

function recordingLogger() {
  const warnings: string[] = [];
  const logger: EventLogLogger = { debug: () => undefined, info: () => undefined, warn: (_o, msg) => warnings.push(msg ?? ''), error: (_o, msg) => warnings.push(msg ?? '') };
  return { logger, warnings };
}

describe('stage reporter', () => {
  let db: TestDatabase;
  let log: PostgresEventLog;
  beforeAll(async () => {
    db = await createTestDatabase('reporter');
    log = createPostgresEventLog({ url: db.url, defaultPartitions: 2, maintenanceIntervalMs: 0 });
  });
  afterAll(async () => {
    await log.close();
    await db.drop();
  });

  it('publishes queued events, keyed by trace id and valid against the contract', async () => {
    const reporter = createStageReporter(log, 'rep1');

    reporter.report([event('tx-1', 1), event('tx-1', 2)]);
    reporter.report(event('tx-2', 3));
    await reporter.close();

    const records = await log.read(stageEventsTopic('rep1'));
    const parsed = records.flatMap((r) => stageEventsOf(JSON.parse(r.value!)).events);
    expect(parsed).toHaveLength(3);
    expect(parsed.filter((e) => e.traceId === 'tx-1').map((e) => e.batch)).toEqual([1, 2]);
    // One record per partition per flush, each on the partition its events' trace ids hash to.
    expect(records.length).toBeLessThanOrEqual(2);
    const { partitions } = (await log.listTopics()).find((topic) => topic.name === stageEventsTopic('rep1'))!;
    for (const record of records) {
      for (const e of stageEventsOf(JSON.parse(record.value!)).events) expect(partitionForKey(e.traceId, partitions)).toBe(record.partition);
    }
  });

  it('drops an invalid event with a warning and keeps the valid ones', async () => {
    const { logger, warnings } = recordingLogger();
    const reporter = createStageReporter(log, 'rep2', { logger });

    reporter.report([{ ...event('tx-3', 1), stage: 'nope' } as unknown as StageEvent, event('tx-4', 1)]);
    await reporter.close();

    expect(warnings).toEqual(['invalid stage event dropped']);
    expect((await log.read(stageEventsTopic('rep2'))).flatMap((r) => stageEventsOf(JSON.parse(r.value!)).events.map((e) => e.traceId))).toEqual(['tx-4']);
  });

  it('logs instead of failing when the log cannot be written', async () => {
    const { logger, warnings } = recordingLogger();
    const closed = createPostgresEventLog({ url: db.url, defaultPartitions: 1, maintenanceIntervalMs: 0 });
    await closed.close();
    const reporter = createStageReporter(closed, 'rep3', { logger });

    reporter.report(event('tx-5', 1));
    await expect(reporter.close()).resolves.toBeUndefined();

    expect(warnings).toEqual(['stage events not published']);
  });
});
