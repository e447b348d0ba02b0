import { describe, expect, it } from 'vitest';
import type { EventLog } from '../eventlog.port';
import { createCollector, numberOf, produceNumbered, uniqueName, waitFor } from './contract-helpers';
import type { ContractContext } from './eventlog.contract';

type Collector = ReturnType<typeof createCollector>;

const partitionsSeen = (collector: Collector, from: number): Set<number> =>
  new Set(collector.records().filter((r) => numberOf(r) >= from).map((r) => r.partition));

const numbersSeen = (...collectors: Collector[]): Set<number> => new Set(collectors.flatMap((c) => c.records().map(numberOf)));

export function describeGroupContract<L extends EventLog>(ctx: ContractContext<L>): void {
  describe('consumer groups', () => {
    it('splits partitions between two members and hands them over when one leaves, without loss', async () => {
      const [one, two] = [await ctx.open(), await ctx.open()];
      const topic = uniqueName('group');
      const groupId = uniqueName('g');
      await one.ensureTopics([{ name: topic, partitions: 4 }]);
      const a = createCollector();
      const b = createCollector();

      const subA = await one.subscribe({ groupId, topics: [topic] }, a.handler);
      await produceNumbered(one, topic, 40, 16);
      await waitFor(() => a.records().length > 0, 'member A consuming', ctx.waitMs);
      const subB = await two.subscribe({ groupId, topics: [topic] }, b.handler);
      // Keep producing until B owns something: the join takes effect between A's batches.
      let produced = 40;
      await waitFor(async () => {
        await produceNumbered(one, topic, 16, 16, produced);
        produced += 16;
        return b.records().length > 0;
      }, 'member B receiving records', ctx.waitMs);
      await waitFor(() => numbersSeen(a, b).size >= produced, 'every record so far', ctx.waitMs);

      const splitFrom = produced;
      await produceNumbered(one, topic, 32, 16, splitFrom);
      produced += 32;
      await waitFor(() => numbersSeen(a, b).size >= produced, 'the split round', ctx.waitMs);
      const ofA = partitionsSeen(a, splitFrom);
      const ofB = partitionsSeen(b, splitFrom);
      expect(ofA.size).toBeGreaterThan(0);
      expect(ofB.size).toBeGreaterThan(0);
      expect([...ofA].filter((p) => ofB.has(p))).toEqual([]);
      expect(ofA.size + ofB.size).toBe(4);

      await subA.stop();
      const handoverFrom = produced;
      await produceNumbered(one, topic, 32, 16, handoverFrom);
      produced += 32;
      await waitFor(() => numbersSeen(a, b).size >= produced, 'every record after A left', ctx.waitMs);
      await subB.stop();

      expect(partitionsSeen(b, handoverFrom)).toEqual(new Set([0, 1, 2, 3]));
      expect([...numbersSeen(a, b)].sort((x, y) => x - y)).toEqual(Array.from({ length: produced }, (_, i) => i));
    });

    it('pauses and resumes a subscription', async () => {
      const log = await ctx.open();
      const topic = uniqueName('pause');
      await log.ensureTopics([{ name: topic, partitions: 1 }]);
      const collector = createCollector();
      const sub = await log.subscribe({ groupId: uniqueName('g'), topics: [topic] }, collector.handler);

      sub.pause();
      await produceNumbered(log, topic, 3);
      expect(sub.paused).toBe(true);
      sub.resume();
      await waitFor(() => collector.records().length >= 3, 'records after resume', ctx.waitMs);
      await sub.stop();

      expect(sub.paused).toBe(false);
      expect(collector.records().map(numberOf)).toEqual([0, 1, 2]);
    });
  });
}
