import { DeadLetterSchema } from '@dsm/contracts';
import { z } from 'zod';

/** One entry of GET /api/pipeline/dlq/:stage (the event log's dead-letter listing). */
export const DeadLetterEntrySchema = z.object({
  id: z.string(),
  deadLetter: DeadLetterSchema,
  handled: z.object({ action: z.enum(['replayed', 'discarded']), at: z.number() }).optional(),
});
export type DeadLetterEntry = z.infer<typeof DeadLetterEntrySchema>;

export const DeadLetterListSchema = z.object({ items: z.array(DeadLetterEntrySchema) });
