import { randomUUID } from 'node:crypto';
import {
  AuditEntrySchema,
  PipelineCommandSchema,
  auditTopic,
  can,
  controlStatusTopic,
  controlTopic,
  type Actor,
  type AuditEntry,
  type ControlAck,
  type ControlRequest,
} from '@dsm/contracts';
import type { EventLog } from '@dsm/eventlog';

const YEAR_MS = 365 * 24 * 60 * 60 * 1000;

export interface PipelineControlOptions {
  eventLog: EventLog;
  prefix: string;
  now?: () => number;
}

export interface PipelineControlService {
  /** Creates the control, status and audit topics (idempotent). */
  prepare(): Promise<void>;
  /**
   * Checks the role, parses the command and hands it to the workers on the control topic. Every
   * attempt, refused ones included, lands in the audit topic. Never throws for a user's mistake:
   * the answer says what was wrong.
   */
  submit(actor: Actor, command: unknown): Promise<ControlAck>;
  /** The newest audit entries first. */
  readAudit(limit: number): Promise<AuditEntry[]>;
}

export function createPipelineControlService(options: PipelineControlOptions): PipelineControlService {
  const { eventLog, prefix } = options;
  const now = options.now ?? Date.now;

  async function refuse(actor: Actor, command: unknown, ack: Extract<ControlAck, { ok: false }>): Promise<ControlAck> {
    const entry: AuditEntry = { id: randomUUID(), at: now(), actor, command: command ?? null, outcome: 'refused', reason: ack.error.message };
    await eventLog.produce([{ topic: auditTopic(prefix), key: String(actor.id), value: JSON.stringify(entry) }]);
    return ack;
  }

  return {
    async prepare() {
      await eventLog.ensureTopics([
        { name: controlTopic(prefix), partitions: 1 },
        { name: controlStatusTopic(prefix), partitions: 1 },
        { name: auditTopic(prefix), partitions: 1, retentionMs: YEAR_MS },
      ]);
    },
    async submit(actor, command) {
      if (!can(actor.role, 'operate')) {
        return refuse(actor, command, { ok: false, error: { code: 'forbidden', message: 'Only operators and admins may control the pipeline' } });
      }
      const parsed = PipelineCommandSchema.safeParse(command);
      if (!parsed.success) {
        const issues = parsed.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message }));
        return refuse(actor, command, { ok: false, error: { code: 'invalid', message: 'The command is not valid', issues } });
      }
      const request: ControlRequest = { id: randomUUID(), at: now(), actor, command: parsed.data };
      const entry: AuditEntry = { id: request.id, at: request.at, actor, command: parsed.data, outcome: 'accepted', reason: null };
      // One produce call: on the embedded log the command and its audit line are written atomically.
      await eventLog.produce([
        { topic: controlTopic(prefix), key: 'stage' in parsed.data ? parsed.data.stage : 'pipeline', value: JSON.stringify(request) },
        { topic: auditTopic(prefix), key: String(actor.id), value: JSON.stringify(entry) },
      ]);
      return { ok: true, id: request.id };
    },
    async readAudit(limit) {
      const records = await eventLog.read(auditTopic(prefix), { last: limit });
      return records
        .flatMap((record) => {
          const parsed = AuditEntrySchema.safeParse(record.value === null ? null : JSON.parse(record.value));
          return parsed.success ? [parsed.data] : [];
        })
        .sort((a, b) => b.at - a.at)
        .slice(0, limit);
    },
  };
}
