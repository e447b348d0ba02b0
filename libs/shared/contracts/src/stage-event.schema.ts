import { z } from 'zod';

export const STAGES = ['capture', 'etl', 'view', 'index', 'notify'] as const;
export const StageSchema = z.enum(STAGES);
export type Stage = z.infer<typeof StageSchema>;

/**
 * One report per stage per batch and entity. `traceId` is the source transaction id (the `txId`
 * a write through the API returns), so a user can follow their change stage by stage.
 * `latencyMs` is measured from the source commit to the moment this stage's output was durable.
 */
export const StageEventSchema = z.object({
  traceId: z.string(),
  lsn: z.number().nullable(),
  stage: StageSchema,
  entity: z.string(),
  key: z.string().nullable(),
  at: z.number(),
  latencyMs: z.number().nullable(),
  batch: z.number().int().nonnegative(),
  error: z.string().optional(),
});
export type StageEvent = z.infer<typeof StageEventSchema>;

/**
 * The events in one stage-events record: a reporter writes the events of a flush that share a
 * partition as one array (a record per event was a quarter of everything the pipeline appended);
 * a single event object is read too. Invalid events are counted and left out.
 */
export function stageEventsOf(value: unknown): { events: StageEvent[]; invalid: number } {
  const events: StageEvent[] = [];
  let invalid = 0;
  for (const item of Array.isArray(value) ? value : [value]) {
    const parsed = StageEventSchema.safeParse(item);
    if (parsed.success) events.push(parsed.data);
    else invalid += 1;
  }
  return { events, invalid };
}

/** A record a stage could not process, on `<prefix>.dlq.<stage>`. */
export const DeadLetterSchema = z.object({
  stage: StageSchema,
  error: z.string(),
  failedAt: z.number(),
  attempts: z.number().int().min(1),
  original: z.object({
    topic: z.string(),
    partition: z.number().int(),
    offset: z.string(),
    key: z.string().nullable(),
    value: z.string().nullable(),
    headers: z.record(z.string(), z.string()),
  }),
});
export type DeadLetter = z.infer<typeof DeadLetterSchema>;
