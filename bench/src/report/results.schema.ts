import { STAGES } from '@dsm/contracts';
import { z } from 'zod';

const percentiles = z.object({ count: z.number().int(), p50: z.number(), p95: z.number(), p99: z.number(), max: z.number() });
const endpoint = z.object({ p50: z.number(), p99: z.number(), max: z.number(), requestsPerSecond: z.number(), non2xx: z.number(), errors: z.number() });

/** bench/results/latest.json: what a run measured, each figure beside its same-run reference. */
export const BenchResultsSchema = z.object({
  kind: z.literal('bench'),
  startedAt: z.string(),
  durationSeconds: z.number(),
  machine: z.object({ cpus: z.number().int(), cpuModel: z.string(), memoryGb: z.number(), node: z.string(), platform: z.string() }),
  sizes: z.record(z.string(), z.union([z.number(), z.boolean()])),
  throughput: z.object({
    referenceMixRowsPerSecond: z.number(), referenceSingleRowCommitsPerSecond: z.number(),
    steps: z.array(z.object({ offeredRowsPerSecond: z.number(), committedRowsPerSecond: z.number(), lagAfterMs: z.number(), sustained: z.boolean() })),
    sustainedRowsPerSecond: z.number(), drainRowsPerSecond: z.number(), ratioToMix: z.number(), ratioToSingleRowCommits: z.number(), lagBoundMs: z.number(),
  }),
  latency: percentiles.extend({ offeredRowsPerSecond: z.number(), committedRowsPerSecond: z.number(), timedOut: z.number(), firstReadError: z.string().nullable(), referenceRoundTrip: percentiles, stages: z.partialRecord(z.enum(STAGES), percentiles) }),
  cpu: z.object({
    offeredRowsPerSecond: z.number(), rowChanges: z.number(), machineMicrosPerRow: z.number(), referenceMachineMicrosPerRow: z.number(),
    byProcessMicrosPerRow: z.record(z.string(), z.number()).nullable(),
    topStatements: z.array(z.object({ database: z.string(), calls: z.number(), microsPerRow: z.number(), meanMs: z.number(), query: z.string() })).nullable(),
  }),
  capture: z.object({ rowChanges: z.number(), captureEventsPerSecond: z.number(), referenceDecodeEventsPerSecond: z.number(), ratio: z.number(), reference: z.string() }),
  reindex: z.object({ documents: z.number(), docsPerSecond: z.number(), referenceReadDocsPerSecond: z.number(), ratio: z.number() }),
  search: z.object({ documents: z.number(), freeText: percentiles, fieldQuery: percentiles, facetedFilter: percentiles, referenceRoundTrip: percentiles }),
  api: z.object({ connections: z.number(), createDelivery: endpoint, searchDeliveries: endpoint, referenceHealth: endpoint, serverPeakRssMb: z.number() }),
  memory: z.object({ workerPeakRssMb: z.number(), serverPeakRssMb: z.number() }),
});
export type BenchResults = z.infer<typeof BenchResultsSchema>;
