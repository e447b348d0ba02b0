/**
 * Kafka's default partitioner (murmur2 of the key bytes, made positive, modulo the partition
 * count). The embedded log uses the very same function so that a key lands on the same partition
 * number on both adapters: moving from one machine to Kafka keeps per-key ordering assumptions.
 */
const SEED = 0x9747b28c;
const M = 0x5bd1e995;

/** Kafka's murmur2 (org.apache.kafka.common.utils.Utils#murmur2) over the UTF-8 bytes of `key`. */
export function murmur2(key: string): number {
  const data = Buffer.from(key, 'utf8');
  const length = data.length;
  let h = SEED ^ length;
  const blocks = length >> 2;
  for (let i = 0; i < blocks; i++) {
    let k = data.readInt32LE(i * 4);
    k = Math.imul(k, M);
    k ^= k >>> 24;
    k = Math.imul(k, M);
    h = Math.imul(h, M) ^ k;
  }
  const tail = length & ~3;
  const rest = length & 3;
  // Kafka's switch falls through: 3 mixes bytes 2, 1 and 0; 2 mixes 1 and 0; 1 mixes byte 0.
  if (rest >= 3) h ^= data[tail + 2] << 16;
  if (rest >= 2) h ^= data[tail + 1] << 8;
  if (rest >= 1) {
    h ^= data[tail];
    h = Math.imul(h, M);
  }
  h ^= h >>> 13;
  h = Math.imul(h, M);
  h ^= h >>> 15;
  return h | 0;
}

/** The partition Kafka's default partitioner picks for a non-null key. */
export function partitionForKey(key: string, partitions: number): number {
  return (murmur2(key) & 0x7fffffff) % partitions;
}

let roundRobin = Math.floor(Math.random() * 1_000_000);

/** Explicit partition first, then the key's hash; keyless records spread round-robin. */
export function choosePartition(key: string | null, partitions: number, explicit?: number): number {
  if (explicit !== undefined) {
    if (!Number.isInteger(explicit) || explicit < 0 || explicit >= partitions) {
      throw new RangeError(`Partition ${explicit} does not exist (the topic has ${partitions})`);
    }
    return explicit;
  }
  if (key !== null) return partitionForKey(key, partitions);
  roundRobin = (roundRobin + 1) % 1_000_000_007;
  return roundRobin % partitions;
}
