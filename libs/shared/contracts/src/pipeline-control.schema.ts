import { z } from 'zod';
import { RoleSchema } from './auth.schema';
import { StageSchema } from './stage-event.schema';

/**
 * Operator controls travel from the server (which checks the role and records the audit entry) to
 * the pipeline worker over the event log, because the worker is another process, possibly on
 * another machine: `<prefix>.pipeline.control` carries commands, each worker answers on
 * `<prefix>.pipeline.control-status`, and `<prefix>.pipeline.audit` keeps who asked for what.
 */
export const controlTopic = (prefix: string): string => `${prefix}.pipeline.control`;
export const controlStatusTopic = (prefix: string): string => `${prefix}.pipeline.control-status`;
export const auditTopic = (prefix: string): string => `${prefix}.pipeline.audit`;

/** Stages that consume the event log (the capture reads the WAL and has no consumer group). */
export const ConsumerStageSchema = z.enum(['etl', 'view', 'index', 'notify']);

/** A dead letter is named by its original record, `<topic>:<partition>:<offset>` (its key on the DLQ). */
const DeadLetterRefSchema = {
  stage: StageSchema,
  id: z.string().regex(/^[a-z0-9._-]+:\d{1,5}:\d{1,19}$/, 'A dead-letter id is <topic>:<partition>:<offset>'),
};

export const ResetTargetSchema = z.union([
  z.enum(['earliest', 'latest']),
  z.strictObject({ timestamp: z.number().int().nonnegative() }),
]);

export const PipelineCommandSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('pause-stage'), stage: ConsumerStageSchema }),
  z.strictObject({ type: z.literal('resume-stage'), stage: ConsumerStageSchema }),
  z.strictObject({ type: z.literal('reset-group'), stage: ConsumerStageSchema, to: ResetTargetSchema }),
  /** Rebuilds the search index into a new index and swaps the alias when done. */
  z.strictObject({ type: z.literal('reindex'), index: z.string().regex(/^[a-z][a-z0-9_-]{0,60}$/).optional() }),
  z.strictObject({ type: z.literal('replay-dead-letter'), ...DeadLetterRefSchema }),
  z.strictObject({ type: z.literal('discard-dead-letter'), ...DeadLetterRefSchema }),
]);
export type PipelineCommand = z.infer<typeof PipelineCommandSchema>;
export type PipelineCommandType = PipelineCommand['type'];

export const ActorSchema = z.object({ id: z.number().int(), email: z.string(), role: RoleSchema });
export type Actor = z.infer<typeof ActorSchema>;

/** A command as the worker reads it from the control topic. */
export const ControlRequestSchema = z.object({
  id: z.uuid(),
  at: z.number(),
  actor: ActorSchema,
  command: PipelineCommandSchema,
});
export type ControlRequest = z.infer<typeof ControlRequestSchema>;

export const CONTROL_STATES = ['running', 'progress', 'done', 'failed'] as const;

/** A worker's answer to a command; reindex reports progress until the alias swaps. */
export const ControlStatusSchema = z.object({
  id: z.uuid(),
  worker: z.string(),
  command: PipelineCommandSchema,
  state: z.enum(CONTROL_STATES),
  progress: z.object({ done: z.number().nonnegative(), total: z.number().nonnegative().nullable() }).nullable(),
  message: z.string().nullable(),
  at: z.number(),
});
export type ControlStatus = z.infer<typeof ControlStatusSchema>;

/** One line of the pipeline audit log: every control attempt, refused ones included. */
export const AuditEntrySchema = z.object({
  id: z.uuid(),
  at: z.number(),
  actor: ActorSchema,
  /** The command as given when it was refused before it could be parsed. */
  command: z.unknown(),
  outcome: z.enum(['accepted', 'refused']),
  reason: z.string().nullable(),
});
export type AuditEntry = z.infer<typeof AuditEntrySchema>;

/** The answer to a control command (socket ack and POST /api/pipeline/controls). */
export const ControlAckSchema = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), id: z.uuid() }),
  z.object({
    ok: z.literal(false),
    error: z.object({
      code: z.enum(['unauthenticated', 'forbidden', 'invalid', 'unavailable']),
      message: z.string(),
      issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
    }),
  }),
]);
export type ControlAck = z.infer<typeof ControlAckSchema>;
