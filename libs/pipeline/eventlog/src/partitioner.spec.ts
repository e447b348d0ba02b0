import { describe, expect, it } from 'vitest';
import { choosePartition, murmur2, partitionForKey } from './partitioner';

describe('murmur2 partitioner', () => {
  it('hashes keys exactly like Kafka (vectors from Kafka UtilsTest)', () => {
    expect(murmur2('21')).toBe(-973932308);
    expect(murmur2('foobar')).toBe(-790332482);
    expect(murmur2('a-little-bit-long-string')).toBe(-985981536);
    expect(murmur2('a-little-bit-longer-string')).toBe(-1486304829);
    expect(murmur2('lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8')).toBe(-58897971);
    expect(murmur2('abc')).toBe(479470107);
  });

  it('hashes UTF-8 bytes, so non-ASCII keys match the Java client', () => {
    expect(murmur2('ünïcödé')).toBe(201421315);
    expect(partitionForKey('ünïcödé', 3)).toBe(1);
  });

  it('maps a Debezium key to the same partition every time', () => {
    expect(partitionForKey('{"id":1}', 3)).toBe(0);
    expect(choosePartition('{"id":1}', 3)).toBe(0);
  });

  it('rejects an explicit partition the topic does not have', () => {
    expect(() => choosePartition(null, 3, 3)).toThrow(/Partition 3 does not exist/);
    expect(choosePartition('x', 3, 2)).toBe(2);
  });
});
