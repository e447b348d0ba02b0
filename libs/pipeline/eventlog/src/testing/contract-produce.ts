import { describe, expect, it } from 'vitest';
import type { EventLog } from '../eventlog.port';
import { createCollector, keyed, uniqueName, waitFor } from './contract-helpers';
import type { ContractContext } from './eventlog.contract';

export function describeProduceContract<L extends EventLog>(ctx: ContractContext<L>): void {
  describe('topics and produce', () => {
    it('creates topics with their partition count and cleanup policy, idempotently', async () => {
      const log = await ctx.open();
      const plain = uniqueName('plain');
      const compacted = uniqueName('compacted');
      await log.ensureTopics([{ name: plain, partitions: 4 }, { name: compacted, partitions: 2, compacted: true }]);
      await log.ensureTopics([{ name: plain, partitions: 4 }]);

      const topics = await log.listTopics();

      expect(topics.find((t) => t.name === plain)).toEqual({ name: plain, partitions: 4, compacted: false });
      expect(topics.find((t) => t.name === compacted)).toEqual({ name: compacted, partitions: 2, compacted: true });
    });

    it('keeps records of one key on one partition, in the order produced', async () => {
      const log = await ctx.open();
      const topic = uniqueName('order');
      await log.ensureTopics([{ name: topic, partitions: 3 }]);
      for (let round = 0; round < 5; round++) {
        await log.produce(['a', 'b', 'c', 'd'].map((key) => keyed(topic, key, JSON.stringify({ key, round }))));
      }
      const collector = createCollector();

      const sub = await log.subscribe({ groupId: uniqueName('g'), topics: [topic] }, collector.handler);
      await waitFor(() => collector.records().length >= 20, '20 records', ctx.waitMs);
      await sub.stop();

      for (const key of ['a', 'b', 'c', 'd']) {
        const mine = collector.records().filter((r) => r.key === key);
        expect(mine.map((r) => (JSON.parse(r.value!) as { round: number }).round)).toEqual([0, 1, 2, 3, 4]);
        expect(new Set(mine.map((r) => r.partition)).size).toBe(1);
      }
    });

    it('returns increasing offsets per partition and keeps headers, timestamps and tombstones', async () => {
      const log = await ctx.open();
      const topic = uniqueName('meta');
      await log.ensureTopics([{ name: topic, partitions: 1 }]);

      const produced = await log.produce([
        keyed(topic, 'k', '{"v":1}', { headers: { traceId: 't-1' }, timestamp: 1_700_000_000_000 }),
        { topic, key: 'k', value: null },
      ]);
      const records = await log.read(topic);

      expect(produced.map((p) => BigInt(p.offset))).toEqual([BigInt(produced[0].offset), BigInt(produced[0].offset) + 1n]);
      expect(records).toHaveLength(2);
      expect(records[0]).toMatchObject({ key: 'k', value: '{"v":1}', headers: { traceId: 't-1' }, timestamp: 1_700_000_000_000 });
      expect(records[1]).toMatchObject({ key: 'k', value: null });
    });

    it('reads the last N records per partition and from an offset', async () => {
      const log = await ctx.open();
      const topic = uniqueName('read');
      await log.ensureTopics([{ name: topic, partitions: 1 }]);
      await log.produce(Array.from({ length: 10 }, (_, i) => keyed(topic, 'k', String(i), { partition: 0 })));

      const last = await log.read(topic, { last: 3 });
      const from = await log.read(topic, { partition: 0, fromOffset: '7', limit: 2 });

      expect(last.map((r) => r.value)).toEqual(['7', '8', '9']);
      expect(from.map((r) => r.value)).toEqual(['7', '8']);
    });
  });
}
