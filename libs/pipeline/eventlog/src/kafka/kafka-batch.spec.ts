import { describe, expect, it } from 'vitest';
import type { ConsumedRecord } from '../eventlog.port';
import { createHeldRecords } from '../held-records';
import { consoleLogger } from '../logger';
import { createBackoff, handlePartitionBatch, type PartitionBatchIo } from './kafka-batch';

const records = (from: number, count: number, partition = 0): ConsumedRecord[] =>
  Array.from({ length: count }, (_, i) => ({ topic: 't', partition, offset: String(from + i), key: 'k', value: String(from + i), headers: {}, timestamp: 0 }));

function recordingIo(batch: ConsumedRecord[]) {
  const calls: string[] = [];
  const io: PartitionBatchIo = {
    topic: 't', partition: batch[0].partition, records: batch,
    commit: async (commits) => void calls.push(...commits.map((commit) => `commit ${commit.partition}:${commit.offset}`)),
    seek: (offset) => void calls.push(`seek ${offset}`),
    resolve: (offset) => void calls.push(`resolve ${offset}`),
    heartbeat: async () => undefined,
    isStopping: () => false,
  };
  return { io, calls };
}

describe('kafka partition batch handling', () => {
  it('commits each chunk after its handler resolved', async () => {
    const { io, calls } = recordingIo(records(0, 5));

    await handlePartitionBatch(io, createHeldRecords(), async () => undefined, 2, createBackoff(), consoleLogger);

    expect(calls).toEqual(['commit 0:2', 'resolve 1', 'commit 0:4', 'resolve 3', 'commit 0:5', 'resolve 4']);
  });

  it('commits only up to the first pending record and prepends held records to the next batch', async () => {
    const held = createHeldRecords();
    const first = recordingIo(records(0, 3));
    await handlePartitionBatch(first.io, held, async (batch) => ({ pending: batch.records.slice(1) }), 10, createBackoff(), consoleLogger);
    const seen: string[][] = [];
    const second = recordingIo(records(3, 1));

    await handlePartitionBatch(second.io, held, async (batch) => void seen.push(batch.records.map((r) => r.offset)), 10, createBackoff(), consoleLogger);

    expect(first.calls).toEqual(['commit 0:1', 'resolve 2']);
    expect(seen).toEqual([['1', '2', '3']]);
    expect(second.calls).toEqual(['commit 0:4', 'resolve 3']);
  });

  it('commits a held partition that a batch of another partition released', async () => {
    const held = createHeldRecords();
    const quiet = recordingIo(records(0, 2, 1));
    await handlePartitionBatch(quiet.io, held, async (batch) => ({ pending: batch.records }), 10, createBackoff(), consoleLogger);
    const seen: string[][] = [];
    const news = recordingIo(records(5, 1));

    await handlePartitionBatch(news.io, held, async (batch) => void seen.push(batch.records.map((r) => `${r.partition}:${r.offset}`)), 10, createBackoff(), consoleLogger);

    expect(quiet.calls).toEqual(['commit 1:0', 'resolve 1']);
    expect(seen).toEqual([['1:0', '1:1', '0:5']]);
    expect(news.calls).toEqual(['commit 1:2', 'commit 0:6', 'resolve 5']);
  });

  it('seeks its own partition back when the handler fails, whatever other held records rode along', async () => {
    const held = createHeldRecords();
    await handlePartitionBatch(recordingIo(records(0, 1, 1)).io, held, async (batch) => ({ pending: batch.records }), 10, createBackoff(), consoleLogger);
    const { io, calls } = recordingIo(records(7, 2));

    await handlePartitionBatch(io, held, async () => { throw new Error('down'); }, 10, createBackoff(1, 1), { ...consoleLogger, warn: () => undefined });

    expect(calls).toEqual(['seek 7']);
    expect(held.count('t', 1)).toBe(1);
  });

  it('seeks back to the first uncommitted record when the handler fails, committing nothing', async () => {
    const { io, calls } = recordingIo(records(7, 3));

    await handlePartitionBatch(io, createHeldRecords(), async () => { throw new Error('down'); }, 10, createBackoff(1, 1), { ...consoleLogger, warn: () => undefined });

    expect(calls).toEqual(['seek 7']);
  });
});
