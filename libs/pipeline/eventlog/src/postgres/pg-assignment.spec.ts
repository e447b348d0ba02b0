import { describe, expect, it } from 'vitest';
import { assignPartitions } from './pg-assignment';

describe('assignPartitions', () => {
  const topics = [{ name: 'a', partitions: 3 }, { name: 'b', partitions: 3 }];

  it('gives a single member every partition', () => {
    expect(assignPartitions([{ memberId: 'm1', topics: ['a', 'b'] }], topics, 'm1')).toHaveLength(6);
  });

  it('splits partitions evenly and without overlap between two members', () => {
    const members = [{ memberId: 'm2', topics: ['a', 'b'] }, { memberId: 'm1', topics: ['a', 'b'] }];
    const first = assignPartitions(members, topics, 'm1');
    const second = assignPartitions(members, topics, 'm2');
    expect(first).toHaveLength(3);
    expect(second).toHaveLength(3);
    const all = [...first, ...second].map((tp) => `${tp.topic}-${tp.partition}`);
    expect(new Set(all).size).toBe(6);
  });

  it('only gives a topic to members subscribed to it', () => {
    const members = [{ memberId: 'm1', topics: ['a'] }, { memberId: 'm2', topics: ['b'] }];
    expect(assignPartitions(members, topics, 'm1').every((tp) => tp.topic === 'a')).toBe(true);
  });
});
