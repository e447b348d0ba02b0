import { describe, expect, it } from 'vitest';
import type { EventLog, OutgoingRecord } from '../eventlog.port';
import { createCollector, keyed, numberOf, uniqueName, waitFor } from './contract-helpers';
import type { ContractContext } from './eventlog.contract';

const HOUR = 60 * 60 * 1000;

export function describeAdminContract<L extends EventLog>(ctx: ContractContext<L>): void {
  describe('lag, reset and compaction', () => {
    async function consumeUpTo(log: L, topic: string, groupId: string, committedCount: number): Promise<void> {
      const collector = createCollector((batch) => ({ pending: batch.records.filter((r) => numberOf(r) >= committedCount) }));
      const sub = await log.subscribe({ groupId, topics: [topic] }, collector.handler);
      await waitFor(async () => (await log.describeLag(groupId, [topic]))[0]?.committedOffset === String(committedCount), `commit at ${committedCount}`, ctx.waitMs);
      await sub.stop();
    }

    async function produceAged(log: L, topic: string, count: number, timestampOf: (i: number) => number): Promise<void> {
      const records: OutgoingRecord[] = Array.from({ length: count }, (_, i) => keyed(topic, `k${i}`, JSON.stringify({ n: i }), { partition: 0, timestamp: timestampOf(i) }));
      await log.produce(records);
    }

    it('reports lag per partition in records and in age of the oldest unconsumed record', async () => {
      const log = await ctx.open();
      const topic = uniqueName('lag');
      const groupId = uniqueName('g');
      await log.ensureTopics([{ name: topic, partitions: 2 }]);
      const oldest = Date.now() - HOUR;
      await produceAged(log, topic, 10, (i) => oldest + i * 1000);

      await consumeUpTo(log, topic, groupId, 4);
      const lag = await log.describeLag(groupId, [topic]);

      expect(lag).toHaveLength(2);
      expect(lag[0]).toMatchObject({ topic, partition: 0, committedOffset: '4', endOffset: '10', lag: 6 });
      expect(lag[0].lagMs).toBeGreaterThanOrEqual(HOUR - 4000 - 60_000);
      expect(lag[0].lagMs).toBeLessThanOrEqual(HOUR - 4000 + 60_000);
      expect(lag[1]).toMatchObject({ partition: 1, endOffset: '0', lag: 0, lagMs: 0 });
    });

    it('resets a stopped group to earliest, latest or a timestamp, and refuses while it runs', async () => {
      const log = await ctx.open();
      const topic = uniqueName('reset');
      const groupId = uniqueName('g');
      await log.ensureTopics([{ name: topic, partitions: 1 }]);
      const base = Date.now() - HOUR;
      await produceAged(log, topic, 10, (i) => base + (i < 5 ? 0 : 10 * 60_000));
      await consumeUpTo(log, topic, groupId, 10);
      const lagOf = async () => (await log.describeLag(groupId, [topic]))[0];

      await log.resetOffsets(groupId, [topic], 'earliest');
      expect(await lagOf()).toMatchObject({ committedOffset: '0', lag: 10 });
      await log.resetOffsets(groupId, [topic], { timestamp: base + 5 * 60_000 });
      expect(await lagOf()).toMatchObject({ committedOffset: '5', lag: 5 });
      await log.resetOffsets(groupId, [topic], 'latest');
      expect(await lagOf()).toMatchObject({ committedOffset: '10', lag: 0 });

      await log.resetOffsets(groupId, [topic], 'earliest');
      const collector = createCollector();
      const sub = await log.subscribe({ groupId, topics: [topic] }, collector.handler);
      await waitFor(() => collector.records().length >= 10, 'a replay from the start', ctx.waitMs);
      await expect(log.resetOffsets(groupId, [topic], 'latest')).rejects.toThrow();
      await sub.stop();
      expect(collector.records().map(numberOf)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    });

    it.skipIf(!ctx.hooks.compact)('compacts to the latest record per key and drops tombstones after the grace period', async () => {
      const log = await ctx.open();
      const topic = uniqueName('compact');
      await log.ensureTopics([{ name: topic, partitions: 1, compacted: true }]);
      await log.produce([
        keyed(topic, 'k1', 'v1'), keyed(topic, 'k2', 'v1'), keyed(topic, 'k1', 'v2'),
        { topic, key: 'k2', value: null }, keyed(topic, 'k3', 'v1'), keyed(topic, 'k1', 'v3'),
      ]);

      await ctx.hooks.compact!(log, { afterGrace: false });
      const compacted = await log.read(topic);
      await ctx.hooks.compact!(log, { afterGrace: true });
      const cleaned = await log.read(topic);

      expect(compacted.map((r) => [r.key, r.value])).toEqual([['k2', null], ['k3', 'v1'], ['k1', 'v3']]);
      expect(compacted.map((r) => r.offset)).toEqual(['3', '4', '5']);
      expect(cleaned.map((r) => [r.key, r.value])).toEqual([['k3', 'v1'], ['k1', 'v3']]);
    });
  });
}
