import { z } from 'zod';
import type { EventLog, OutgoingRecord } from '@dsm/eventlog';

/**
 * The capture's own durable state on the event log, like Kafka Connect's offsets topic: one
 * compacted, single-partition topic keyed by slot. The marker is produced in the same produce()
 * call as the snapshot's last rows, so "snapshot done" is never recorded without them.
 */
export const captureStateTopic = (prefix: string): string => `${prefix}.capture.state`;

export const SnapshotMarkerSchema = z.object({
  kind: z.literal('snapshot-complete'),
  slot: z.string(),
  consistentLsn: z.number(),
  rows: z.number().int().nonnegative(),
  completedAt: z.number(),
});
export type SnapshotMarker = z.infer<typeof SnapshotMarkerSchema>;

const MARKERS_READ = 1_000;

export async function ensureCaptureStateTopic(log: EventLog, prefix: string): Promise<void> {
  await log.ensureTopics([{ name: captureStateTopic(prefix), partitions: 1, compacted: true }]);
}

export function snapshotMarkerRecord(prefix: string, marker: SnapshotMarker): OutgoingRecord {
  return { topic: captureStateTopic(prefix), key: JSON.stringify({ slot: marker.slot }), value: JSON.stringify(marker), partition: 0 };
}

/** The latest completed-snapshot marker of `slot`, or null when its snapshot never finished. */
export async function readSnapshotMarker(log: EventLog, prefix: string, slot: string): Promise<SnapshotMarker | null> {
  const records = await log.read(captureStateTopic(prefix), { partition: 0, last: MARKERS_READ });
  let latest: SnapshotMarker | null = null;
  for (const record of records) {
    if (record.value === null) continue;
    const parsed = SnapshotMarkerSchema.safeParse(JSON.parse(record.value));
    if (parsed.success && parsed.data.slot === slot) latest = parsed.data;
  }
  return latest;
}
