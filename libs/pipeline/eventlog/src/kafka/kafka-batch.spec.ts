import { describe, expect, it } from 'vitest';
import type { ConsumedRecord } from '../eventlog.port';
import { createHeldRecords } from '../held-records';
import { consoleLogger } from '../logger';
import { createBackoff, handlePartitionBatch, type PartitionBatchIo } from './kafka-batch';

const records = (from: number, count: number): ConsumedRecord[] =>
  Array.from({ length: count }, (_, i) => ({ topic: 't', partition: 0, offset: String(from + i), key: 'k', value: String(from + i), headers: {}, timestamp: 0 }));

function recordingIo(batch: ConsumedRecord[]) {
  const calls: string[] = [];
  const io: PartitionBatchIo = {
    topic: 't', partition: 0, records: batch,
    commit: async (offset) => void calls.push(`commit ${offset}`),
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

    expect(calls).toEqual(['commit 2', 'resolve 1', 'commit 4', 'resolve 3', 'commit 5', 'resolve 4']);
  });

  it('commits only up to the first pending record and prepends held records to the next batch', async () => {
    const held = createHeldRecords();
    const first = recordingIo(records(0, 3));
    await handlePartitionBatch(first.io, held, async (batch) => ({ pending: batch.records.slice(1) }), 10, createBackoff(), consoleLogger);
    const seen: string[][] = [];
    const second = recordingIo(records(3, 1));

    await handlePartitionBatch(second.io, held, async (batch) => void seen.push(batch.records.map((r) => r.offset)), 10, createBackoff(), consoleLogger);

    expect(first.calls).toEqual(['commit 1', 'resolve 2']);
    expect(seen).toEqual([['1', '2', '3']]);
    expect(second.calls).toEqual(['commit 4', 'resolve 3']);
  });

  it('seeks back to the first uncommitted record when the handler fails, committing nothing', async () => {
    const { io, calls } = recordingIo(records(7, 3));

    await handlePartitionBatch(io, createHeldRecords(), async () => { throw new Error('down'); }, 10, createBackoff(1, 1), { ...consoleLogger, warn: () => undefined });

    expect(calls).toEqual(['seek 7']);
  });
});
