import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ETL_GROUP } from '@dsm/stages';
import { startMonitorHarness, type MonitorHarness } from '../testing/monitor-harness';
import { createSlotReader } from './slot.repository';
import { summarizeLag } from './figures-poll.service';

let harness: MonitorHarness;

beforeAll(async () => {
  harness = await startMonitorHarness();
});

afterAll(async () => {
  await harness?.pool.query(`select pg_drop_replication_slot(slot_name) from pg_replication_slots where slot_name = 'monitor_test_slot'`);
  await harness?.close();
});

describe('summarizeLag', () => {
  it('adds records over partitions and takes the oldest waiting record as lag in seconds', () => {
    const partition = { topic: 't', committedOffset: '0', endOffset: '0' };
    expect(summarizeLag([{ ...partition, partition: 0, lag: 3, lagMs: 1500 }, { ...partition, partition: 1, lag: 4, lagMs: 4200 }])).toEqual({ records: 7, seconds: 4.2 });
    expect(summarizeLag([])).toEqual({ records: 0, seconds: 0 });
  });
});

describe('monitor service polling', () => {
  it('reads a stage group lag in records and seconds from the real event log', async () => {
    const topic = 'mt.public.deliveries';
    await harness.eventLog.ensureTopics([{ name: topic, partitions: 1 }]);
    const fiveSecondsAgo = Date.now() - 5_000;
    await harness.eventLog.produce(Array.from({ length: 5 }, (_, i) => ({ topic, key: String(i), value: '{}', timestamp: fiveSecondsAgo })));
    await harness.eventLog.resetOffsets(ETL_GROUP, [topic], 'earliest');

    await harness.monitor.pollNow();

    const lag = harness.monitor.aggregator.figures().find((stage) => stage.stage === 'etl')!.lag!;
    expect(lag.records).toBe(5);
    expect(lag.seconds).toBeGreaterThanOrEqual(5);
  });

  it('reads the retained WAL of a replication slot, which grows while nobody confirms it', async () => {
    await harness.pool.query(`select pg_create_logical_replication_slot('monitor_test_slot', 'pgoutput')`);
    const reader = createSlotReader(harness.db.url, 'monitor_test_slot');
    try {
      const before = (await reader.read())!;
      await harness.pool.query(`insert into organizations (name) select 'org ' || g from generate_series(1, 2000) g`);

      const after = (await reader.read())!;

      expect(before).toMatchObject({ name: 'monitor_test_slot', active: false });
      expect(after.retainedWalBytes).toBeGreaterThan(before.retainedWalBytes);
      const missing = createSlotReader(harness.db.url, 'no_such_slot');
      expect(await missing.read()).toBeNull();
      await missing.close();
    } finally {
      await reader.close();
    }
  });
});
