import { describe, expect, it } from 'vitest';
import type { EventLog } from '../eventlog.port';
import { createCollector, keyed, numberOf, produceNumbered, recordId, uniqueName, waitFor } from './contract-helpers';
import type { ContractContext } from './eventlog.contract';

export function describeConsumeContract<L extends EventLog>(ctx: ContractContext<L>): void {
  describe('consume and commit', () => {
    it('delivers every record once, without gaps, and resumes after the last commit', async () => {
      const log = await ctx.open();
      const topic = uniqueName('once');
      const groupId = uniqueName('g');
      await log.ensureTopics([{ name: topic, partitions: 3 }]);
      await produceNumbered(log, topic, 60);
      await produceNumbered(log, topic, 60, 5, 60);
      const first = createCollector();

      const sub = await log.subscribe({ groupId, topics: [topic], maxBatchSize: 25 }, first.handler);
      await waitFor(() => first.records().length >= 120, '120 records', ctx.waitMs);
      await sub.stop();
      await log.produce([keyed(topic, 'key-0', JSON.stringify({ n: 999 }))]);
      const second = createCollector();
      const again = await log.subscribe({ groupId, topics: [topic] }, second.handler);
      await waitFor(() => second.records().length >= 1, 'the new record', ctx.waitMs);
      await again.stop();

      expect(first.records().map(numberOf).sort((a, b) => a - b)).toEqual(Array.from({ length: 120 }, (_, i) => i));
      expect(first.batches.every((batch) => batch.length <= 25)).toBe(true);
      for (const partition of [0, 1, 2]) {
        const offsets = first.records().filter((r) => r.partition === partition).map((r) => Number(r.offset));
        expect(offsets).toEqual(offsets.map((_, i) => offsets[0] + i));
      }
      expect(second.records().map(numberOf)).toEqual([999]);
    });

    it('redelivers a batch whose handler failed (nothing committed in between)', async () => {
      const log = await ctx.open();
      const topic = uniqueName('retry');
      await log.ensureTopics([{ name: topic, partitions: 1 }]);
      await produceNumbered(log, topic, 10);
      const collector = createCollector((_batch, call) => {
        if (call === 1) throw new Error('store unavailable');
      });

      const sub = await log.subscribe({ groupId: uniqueName('g'), topics: [topic] }, collector.handler);
      await waitFor(() => collector.batches.length >= 2 && collector.distinct() >= 10, 'a redelivery', ctx.waitMs);
      await sub.stop();

      const firstFailed = collector.batches[0];
      const redelivered = collector.batches[1];
      expect(redelivered[0].offset).toBe(firstFailed[0].offset);
      expect(collector.distinct()).toBe(10);
    });

    it('gives records handled but not committed by a crashed member to the next member', async () => {
      const crashed = await ctx.open();
      const topic = uniqueName('crash');
      const groupId = uniqueName('g');
      await crashed.ensureTopics([{ name: topic, partitions: 2 }]);
      await produceNumbered(crashed, topic, 20);
      const doomed = createCollector(async (batch) => {
        await waitFor(() => batch.isStopping(), 'the stop request', ctx.waitMs);
        throw new Error('process killed before commit');
      });
      const first = await crashed.subscribe({ groupId, topics: [topic] }, doomed.handler);
      await waitFor(() => doomed.records().length > 0, 'a batch in hand', ctx.waitMs);
      await first.stop();

      const survivor = createCollector();
      const next = await (await ctx.open()).subscribe({ groupId, topics: [topic] }, survivor.handler);
      await waitFor(() => survivor.distinct() >= 20, 'all 20 records', ctx.waitMs);
      await next.stop();

      const seen = new Set(survivor.records().map(recordId));
      expect(doomed.records().every((r) => seen.has(recordId(r)))).toBe(true);
    });

    it('keeps pending records uncommitted and redelivers them with what arrives later', async () => {
      const log = await ctx.open();
      const topic = uniqueName('pending');
      const groupId = uniqueName('g');
      await log.ensureTopics([{ name: topic, partitions: 1 }]);
      await produceNumbered(log, topic, 5);
      const collector = createCollector((batch, call) => (call === 1 ? { pending: batch.records.slice(2) } : undefined));

      const sub = await log.subscribe({ groupId, topics: [topic] }, collector.handler);
      await waitFor(async () => (await log.describeLag(groupId, [topic]))[0]?.committedOffset === offsetAt(collector, 2), 'commit before the pending records', ctx.waitMs);
      await log.produce([keyed(topic, 'key-0', JSON.stringify({ n: 5 }))]);
      await waitFor(() => collector.batches.length >= 2, 'the redelivery', ctx.waitMs);
      await waitFor(async () => (await log.describeLag(groupId, [topic]))[0]?.lag === 0, 'a full commit', ctx.waitMs);
      await sub.stop();

      expect(collector.batches[0].map(numberOf)).toEqual([0, 1, 2, 3, 4]);
      expect(collector.batches[1].map(numberOf)).toEqual([2, 3, 4, 5]);
    });

    it('restarts from the first pending record after a stop', async () => {
      const log = await ctx.open();
      const topic = uniqueName('pending-stop');
      const groupId = uniqueName('g');
      await log.ensureTopics([{ name: topic, partitions: 1 }]);
      await produceNumbered(log, topic, 4);
      const first = createCollector((batch) => ({ pending: batch.records.filter((r) => numberOf(r) >= 1) }));
      const sub = await log.subscribe({ groupId, topics: [topic] }, first.handler);
      await waitFor(() => first.records().length >= 4, 'the batch', ctx.waitMs);
      await sub.stop();

      const second = createCollector();
      const next = await log.subscribe({ groupId, topics: [topic] }, second.handler);
      await waitFor(() => second.records().length >= 3, 'the pending records', ctx.waitMs);
      await next.stop();

      expect(second.records().map(numberOf)).toEqual([1, 2, 3]);
    });
  });
}

function offsetAt(collector: ReturnType<typeof createCollector>, index: number): string | undefined {
  return collector.batches[0]?.[index]?.offset;
}
