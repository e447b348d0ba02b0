import { describe, expect, it } from 'vitest';
import type { EventLog, GroupInfo } from '../eventlog.port';
import { createCollector, produceNumbered, uniqueName, waitFor } from './contract-helpers';
import type { ContractContext } from './eventlog.contract';

// The database's clock and the test's may differ a little; a commit time is checked within this.
const CLOCK_SLACK_MS = 5_000;

export function describeGroupAdminContract<L extends EventLog>(ctx: ContractContext<L>): void {
  describe('listing and deleting groups', () => {
    async function consumeAll(log: L, topic: string, groupId: string, count: number) {
      const collector = createCollector();
      const sub = await log.subscribe({ groupId, topics: [topic] }, collector.handler);
      await waitFor(async () => (await log.describeLag(groupId, [topic]))[0]?.committedOffset === String(count), `${groupId} committing ${count}`, ctx.waitMs);
      return { sub, collector };
    }

    it('lists groups under a prefix with their live members and last commit', async () => {
      const log = await ctx.open();
      const topic = uniqueName('groups');
      const prefix = `${uniqueName('list')}.`;
      await log.ensureTopics([{ name: topic, partitions: 1 }]);
      await produceNumbered(log, topic, 3);
      const before = Date.now();
      const running = await consumeAll(log, topic, `${prefix}running`, 3);
      const stopped = await consumeAll(log, topic, `${prefix}stopped`, 3);
      await stopped.sub.stop();
      const after = Date.now();

      const listed = await log.listGroups(prefix);
      const everything = await log.listGroups();
      await running.sub.stop();

      expect(listed.map((g) => [g.groupId, g.members])).toEqual([[`${prefix}running`, 1], [`${prefix}stopped`, 0]]);
      expect(everything.map((g) => g.groupId)).toEqual(expect.arrayContaining([`${prefix}running`, `${prefix}stopped`]));
      expect(await log.listGroups(`${uniqueName('nobody')}.`)).toEqual([]);
      for (const group of listed) expectCommitTime(group, before, after, ctx.hooks.commitTimes ?? true);
    });

    it('deletes a stopped group, so it starts over; refuses while a member is live and for unknown groups', async () => {
      const log = await ctx.open();
      const topic = uniqueName('delete');
      const groupId = uniqueName('g');
      await log.ensureTopics([{ name: topic, partitions: 1 }]);
      await produceNumbered(log, topic, 4);
      const first = await consumeAll(log, topic, groupId, 4);

      await expect(log.deleteGroup(groupId)).rejects.toThrow(/live member/);
      expect((await log.describeLag(groupId, [topic]))[0].committedOffset).toBe('4');
      await first.sub.stop();
      await log.deleteGroup(groupId);

      expect(await log.listGroups(groupId)).toEqual([]);
      expect((await log.describeLag(groupId, [topic]))[0]).toMatchObject({ committedOffset: null, lag: 4 });
      await expect(log.deleteGroup(uniqueName('never-existed'))).rejects.toThrow(/No group/);
      const again = await consumeAll(log, topic, groupId, 4);
      await again.sub.stop();
      expect(again.collector.records()).toHaveLength(4);
    });
  });
}

function expectCommitTime(group: GroupInfo, before: number, after: number, reported: boolean): void {
  if (!reported) return void expect(group.lastCommitAt).toBeNull();
  expect(group.lastCommitAt).toBeGreaterThanOrEqual(before - CLOCK_SLACK_MS);
  expect(group.lastCommitAt).toBeLessThanOrEqual(after + CLOCK_SLACK_MS);
}
